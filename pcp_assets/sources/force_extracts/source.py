"""The force's own systems: one CSV per extract per month, `<landing>/<extract>/<YYYY-MM>.csv`, or,
for many forces, `<landing>/<force>/<extract>/<YYYY-MM>.csv`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pcp_assets.landing import force_folders, scan_landing
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source


class ForceExtracts(Source):
    name = "force_extracts"
    label = "the force's own extracts"
    folder_setting = "landing_dir"
    job_name = "monthly_board_paper"
    scheduled = True
    job_description = "Load the month's extracts, build and check the marts, render the paper."

    def settle_force(self, settings: Settings) -> Settings:
        """Every force of a landing folder laid out by force (those `--force` narrowed the run to,
        when given), else the one force."""
        found = force_folders(settings.landing_dir, self.extracts)
        if not found:
            return replace(settings, forces=(settings.force_id,))
        return replace(self.narrowed_to(settings, found, "folder"), landing_by_force=True)

    def delivery_path(self, settings: Settings, extract: str, month: date) -> Path:
        return settings.landing_dir / extract / f"{month:%Y-%m}.csv"

    def landed_months(self, settings: Settings) -> list[date]:
        """The months any of the run's forces has delivered whole."""
        return sorted(
            {
                month
                for each in settings.each_force()
                for month in scan_landing(each.landing_dir, self.extracts).complete_months()
            }
        )

    def ignored_files(self, settings: Settings) -> list[Path]:
        """What is not a delivery in each force's folder and, laid out by force, beside them."""
        ignored = [
            path
            for each in settings.each_force()
            for path in scan_landing(each.landing_dir, self.extracts).ignored
        ]
        if settings.landing_by_force:
            forces = force_folders(settings.landing_dir, self.extracts)
            ignored += [p for p in sorted(settings.landing_dir.iterdir()) if p.name not in forces]
        return ignored
