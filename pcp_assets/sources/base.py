"""A source: where a force's monthly deliveries come from, and what the pipeline may ask of it.

Everything outside a source's own package asks the source (its extracts, where a month's file
lives, which months have landed, what else lies in its folder, what a load should also count, its
job and its paper) instead of branching on its name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

import dagster as dg
import duckdb

from data_contracts.registry import extract as extract_spec
from data_contracts.registry import extracts_of
from pcp_assets.checking import check_deliveries
from pcp_assets.landing import linked_part
from pcp_assets.loading import (
    CheckedDelivery,
    DeliveryError,
    LoadReport,
    RefusedDelivery,
    store_deliveries,
)
from pcp_assets.pseudonyms import PseudonymKeyMissing, pseudonym_key
from pcp_assets.settings import Settings
from reports.paper import PaperVariant
from reports.sections import paper_for


class Source(ABC):
    name: ClassVar[str]  # the one spelling: module, PCP_SOURCE, --source, docs
    label: ClassVar[str]  # as people read it
    folder_setting: ClassVar[str]  # the Settings field holding its folder (`--input` sets it)
    job_name: ClassVar[str]
    job_description: ClassVar[str]
    # Whether a schedule builds its month just ended unattended (orchestration/schedule.py):
    # the force's own deliveries are; published downloads come when a person fetches them.
    scheduled: ClassVar[bool] = False

    @property
    def extracts(self) -> tuple[str, ...]:
        return extracts_of(self.name)

    @property
    def paper(self) -> PaperVariant:
        """The sections its data supports, in order (each section says which papers it is in)."""
        return paper_for(self.name)

    def own_assets(self, partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
        """Assets only this source's graph has, besides its raw extracts."""
        return []

    def folder(self, settings: Settings) -> Path:
        return getattr(settings, self.folder_setting)

    def with_input(self, settings: Settings, folder: Path) -> Settings:
        return replace(settings, **{self.folder_setting: folder.resolve()})

    def settle_force(self, settings: Settings) -> Settings:
        """The settings with the force whose deliveries the run loads (for most sources, the
        configured one). Raises ValueError when the folder cannot tell."""
        return settings

    def narrowed_to(self, settings: Settings, found: tuple[str, ...], holder: str) -> Settings:
        """The settings running the forces `--force` named, else every force `found` in the
        folder. Raises ValueError naming a force the folder holds nothing of."""
        chosen = settings.forces or found
        absent = [force for force in chosen if force not in found]
        if absent:
            raise ValueError(
                f"no {holder} of {', '.join(absent)} in {self.folder(settings)}; "
                f"its forces: {', '.join(found)}"
            )
        return replace(settings, forces=chosen, force_id=chosen[0])

    @abstractmethod
    def delivery_path(self, settings: Settings, extract: str, month: date) -> Path:
        """Where the month's delivery of an extract is (or would be)."""

    @abstractmethod
    def landed_months(self, settings: Settings) -> list[date]:
        """Months for which every extract of the source has a delivery."""

    @abstractmethod
    def ignored_files(self, settings: Settings) -> list[Path]:
        """What lies in the source's folder that is not a delivery (listed, never read)."""

    def months_checker(
        self, settings: Settings, extract: str
    ) -> Callable[[list[date]], list[CheckedDelivery | DeliveryError]]:
        """What reads and checks months' deliveries of `extract` together (no warehouse needed:
        months are checked side by side), each month's result or why it cannot be loaded at
        all. The pseudonym key is settled here, once."""
        key, missing = None, None
        if extract_spec(extract).pseudonymised:
            try:
                key = pseudonym_key(settings.pseudonym_key, self.folder(settings))
            except PseudonymKeyMissing as error:
                missing = error

        def refused(path: Path) -> DeliveryError | None:
            if (link := linked_part(path, self.folder(settings))) is not None:
                what = "it is" if link == path else f"its folder {link.name!r} is"
                return DeliveryError(
                    f"{path}: {what} a symbolic link, not followed; put the delivered file "
                    "itself in the folder"
                )
            if missing is not None:
                return DeliveryError(f"{path}: {missing}")
            return None

        def check_months(months: list[date]) -> list[CheckedDelivery | DeliveryError]:
            paths = [self.delivery_path(settings, extract, month) for month in months]
            results: list[CheckedDelivery | DeliveryError | None] = [refused(p) for p in paths]
            to_check = [i for i, result in enumerate(results) if result is None]
            checked = check_deliveries(
                extract, settings.force_id, [(months[i], paths[i]) for i in to_check], key
            )
            for i, result in zip(to_check, checked, strict=True):
                results[i] = result
            return [result for result in results if result is not None]

        return check_months

    def store_months(
        self,
        con: duckdb.DuckDBPyConnection,
        deliveries: list[CheckedDelivery],
        max_rejected_share: float,
    ) -> tuple[list[LoadReport | RefusedDelivery], dict[str, int]]:
        """Store checked months of one extract in one transaction (`store_deliveries`: each
        month's report, or its RefusedDelivery when it is mostly rejected); a source may also
        count what storing them changed."""
        return store_deliveries(con, deliveries, max_rejected_share), {}

    def describe_loaded(
        self, con: duckdb.DuckDBPyConnection, extract: str, months: list[date], force_id: str
    ) -> dict[str, int]:
        """Counts a data engineer should see on the raw asset after a load."""
        return {}
