"""The force's own systems: one CSV per extract per month, `<landing>/<extract>/<YYYY-MM>.csv`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pcp_assets.landing import scan_landing
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source


class ForceExtracts(Source):
    name = "force_extracts"
    label = "the force's own extracts"
    folder_setting = "landing_dir"
    job_name = "monthly_board_paper"
    scheduled = True
    job_description = "Load the month's extracts, build and check the marts, render the paper."

    def delivery_path(self, settings: Settings, extract: str, month: date) -> Path:
        return settings.landing_dir / extract / f"{month:%Y-%m}.csv"

    def landed_months(self, settings: Settings) -> list[date]:
        return scan_landing(settings.landing_dir, self.extracts).complete_months()

    def ignored_files(self, settings: Settings) -> list[Path]:
        return list(scan_landing(settings.landing_dir, self.extracts).ignored)
