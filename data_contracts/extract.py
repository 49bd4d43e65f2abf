"""What an extract is: its columns and their kinds, event date, keys, source and contract rules.

Each extract is one module of this package that defines `EXTRACT` (data_contracts/registry.py
finds them): the synthetic generator writes columns in this order, the loader checks files
against the rules and types good rows by the kinds, the raw tables are derived from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from data_contracts.calendar import add_months, working_day

if TYPE_CHECKING:
    import pandera.pandas as pa

    from data_contracts.volume import Share

# integer: a whole number (blank allowed where the contract allows it); amount: pounds and pence.
Kind = Literal["text", "timestamp", "date", "integer", "amount", "flag"]

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
DATE_FORMAT = "%Y-%m-%d"
ROW_NUMBER = "_row_number"


@dataclass(frozen=True)
class Rules:
    """An extract's contract for one month and force: checks per column (a column left out has
    none) and row checks as (the column a rejected row is reported against, the check)."""

    columns: dict[str, list[pa.Check]]
    rows: tuple[tuple[str, pa.Check], ...] = ()


@dataclass(frozen=True)
class Due:
    """When a month's delivery is expected: by the end of the `working_day`th working day of the
    month `months_after` the month it covers (England and Wales working days; the month's last
    working day when it has fewer)."""

    working_day: int
    months_after: int = 1

    def date_for(self, month: date) -> date:
        due_month = add_months(month, self.months_after)
        return working_day(due_month.year, due_month.month, self.working_day)

    def describe(self) -> str:
        after = {1: "month after", 2: "second month after", 3: "third month after"}[
            self.months_after
        ]
        return f"working day {self.working_day} of the {after}"


@dataclass(frozen=True)
class Extract:
    name: str
    label: str  # as people read it: the paper's data-quality table, messages
    source: str  # the source (pcp_assets/sources/<source>) whose deliveries carry it
    kinds: dict[str, Kind]  # column -> kind of value, in file order
    # A file <extract>/<YYYY-MM>.csv holds the rows whose event falls in the month.
    event_column: str
    key_columns: tuple[str, ...]  # unique within a file
    # The contract for a month ("YYYY-MM") and the force the delivery is loaded for.
    rules: Callable[[str, str], Rules]
    # When a month's file is expected (its freshness check and the paper's data-quality section).
    due: Due
    # Where the loaded rows go (docs/data-quality.md, "Rows conserved"): the staging models holding
    # them (each with force_id and delivery_month), the columns by which a later delivery replaces
    # a row (a blank key replaces nothing), and rows deliberately kept out of staging: what they
    # are -> an SQL condition on the raw row.
    staged_in: tuple[str, ...] = ()
    revision_key: tuple[str, ...] = ()
    set_aside: dict[str, str] = field(default_factory=dict)
    # Extracts whose month must load first (outcomes are checked against their crimes).
    loads_after: tuple[str, ...] = ()
    # Published header -> column, for files whose header is not the extract's own column names.
    # A file so mapped has no force_id column: the force is the <force> of its file name.
    published_headers: dict[str, str] | None = None
    # Personal data (docs/personal-data.md). `pseudonymised`: columns naming a person (nominal IDs),
    # replaced at ingestion by a keyed pseudonym, so raw tables never hold the force's own ID.
    # `personal`: names and dates of birth, kept in raw (the delivery as received) and never
    # selected by staging, so no mart, published file or paper can hold them.
    pseudonymised: tuple[str, ...] = ()
    personal: tuple[str, ...] = ()
    # Measures of a month's shape checked against the extract's history, besides its row count
    # (data_contracts/volume.py).
    shares: tuple[Share, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.kinds)

    def file_columns(self, header: list[str]) -> list[str]:
        """A delivered file's header under the extract's column names: published headers renamed
        (a name the extract does not know is kept, for the header check to name), and a file so
        mapped has no force_id column: the force is the <force> of its file name, given last."""
        if self.published_headers is None:
            return list(header)
        renamed = [self.published_headers.get(name, name) for name in header]
        return renamed if "force_id" in renamed else [*renamed, "force_id"]
