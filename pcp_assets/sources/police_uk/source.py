"""data.police.uk downloads as a source: `<folder>/YYYY-MM/YYYY-MM-<force>-street.csv[.gz]` and
`-outcomes.csv[.gz]`; the force is the `<force>` of the file names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from pcp_assets.loading import CheckedDelivery, LoadReport, RefusedDelivery
from pcp_assets.ons import build_ons_pfa_rolling
from pcp_assets.settings import Settings
from pcp_assets.sources.base import Source
from pcp_assets.sources.police_uk import downloads, quirks

STREET = "police_uk_street"


class PoliceUk(Source):
    name = "police_uk"
    label = "data.police.uk downloads"
    folder_setting = "police_uk_dir"
    job_name = "police_uk_board_paper"
    job_description = (
        "Load data.police.uk downloads (PCP_POLICE_UK_DIR) and the ONS force-area table, build "
        "and check the marts, render the board paper on what that source supports."
    )

    def own_assets(self, partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
        """The ONS force-area table of the paper's national comparison."""
        return [build_ons_pfa_rolling(partitions)]

    def settle_force(self, settings: Settings) -> Settings:
        """Every force with downloads in the folder (as data.police.uk's archive lays out every
        force's files of a month side by side), or those `--force` narrowed the run to."""
        if not settings.police_uk_dir.is_dir():
            return settings
        return self.narrowed_to(settings, downloads.forces_in(settings.police_uk_dir), "downloads")

    def delivery_path(self, settings: Settings, extract: str, month: date) -> Path:
        return downloads.file_path(settings.police_uk_dir, extract, month, settings.force_id)

    def landed_months(self, settings: Settings) -> list[date]:
        if not settings.police_uk_dir.is_dir():
            return []
        months = downloads.forces_and_months(settings.police_uk_dir)
        return sorted({m for each in settings.each_force() for m in months.get(each.force_id, [])})

    def ignored_files(self, settings: Settings) -> list[Path]:
        return downloads.ignored_files(settings.police_uk_dir)

    def store_months(
        self,
        con: duckdb.DuckDBPyConnection,
        deliveries: list[CheckedDelivery],
        max_rejected_share: float,
    ) -> tuple[list[LoadReport | RefusedDelivery], dict[str, int]]:
        """Re-delivered street files: count the crimes whose last outcome was revised."""
        if not deliveries or deliveries[0].file.extract != STREET:
            return super().store_months(con, deliveries, max_rejected_share)
        months = [(delivery.file.month, delivery.file.force_id) for delivery in deliveries]
        before = [quirks.last_outcomes(con, month, force) for month, force in months]
        stored, counts = super().store_months(con, deliveries, max_rejected_share)
        after = [quirks.last_outcomes(con, month, force) for month, force in months]
        revised = sum(map(quirks.revised_last_outcomes, before, after))
        return stored, {**counts, "last_outcome_revised_since_previous_delivery": revised}

    def describe_loaded(
        self, con: duckdb.DuckDBPyConnection, extract: str, months: list[date], force_id: str
    ) -> dict[str, int]:
        return quirks.quality_counts(con, extract, months, force_id)
