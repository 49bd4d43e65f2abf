"""Whether a month's file of an extract landed by the day it was due (its contract's `Due`).

One rule, read two ways: from raw.loads (the first landing of a loaded month: the `freshness` check
of a run, the paper's data-quality section through marts.delivery_files) and from the landing
folder (the latest month now due, landed or not: the freshness sensor and `pcp status`).

A file that lands more than `BACKFILL_AFTER_DAYS` days after its due day is not late but part of a
backfill (an archive loaded long after the months it holds, such as data.police.uk's): counting its
days late would measure the day of the load, not the supplier, so it never warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import duckdb

from data_contracts.calendar import UK_TIME, add_months
from data_contracts.registry import extract as extract_spec
from pcp_assets.checking import landed_at
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named

State = Literal["on time", "late", "backfill", "overdue", "not yet due", "landing time unknown"]
# A file landing more days than this after its due day (a month) was part of a backfill.
BACKFILL_AFTER_DAYS = 31


def landing_state(due_by: date, landed: date) -> State:
    """A landed file: on time by its due day, late up to `BACKFILL_AFTER_DAYS` after it, else
    part of a backfill."""
    if landed <= due_by:
        return "on time"
    return "late" if (landed - due_by).days <= BACKFILL_AFTER_DAYS else "backfill"


def as_of(settings: Settings) -> date:
    """The day freshness is judged on: PCP_TODAY, else today in UK time."""
    return settings.today or datetime.now(UK_TIME).date()


def latest_due_month(extract: str, as_of: date) -> date:
    """The latest month whose file was due before `as_of` (due by the end of its due day)."""
    due = extract_spec(extract).due
    month = date(as_of.year, as_of.month, 1)
    while due.date_for(month) >= as_of:
        month = add_months(month, -1)
    return month


@dataclass(frozen=True)
class Punctuality:
    extract: str
    month: date
    due_by: date
    landed_at: datetime | None  # None: not landed (or landed before landing times were kept)
    as_of: date
    landed: bool

    @property
    def state(self) -> State:
        if self.landed and self.landed_at is None:
            return "landing time unknown"
        if self.landed_at is not None:
            return landing_state(self.due_by, self.landed_at.date())
        return "overdue" if self.as_of > self.due_by else "not yet due"

    @property
    def is_late(self) -> bool:
        return self.state in ("late", "overdue")

    @property
    def days_late(self) -> int:
        """Calendar days past the due day: to the landing, or to `as_of` while overdue."""
        until = self.landed_at.date() if self.landed_at is not None else self.as_of
        return max((until - self.due_by).days, 0)

    def describe(self) -> str:
        label = extract_spec(self.extract).label
        due = f"due by {self.due_by:%a %-d %b %Y}"
        if self.state == "overdue":
            return (
                f"{label} for {self.month:%B %Y}: {due}, not landed as of "
                f"{self.as_of:%a %-d %b %Y} ({_days(self.days_late)} overdue)"
            )
        if self.landed_at is None:
            return f"{label} for {self.month:%B %Y}: {due}, {self.state}"
        lateness = {
            "late": f"{_days(self.days_late)} late",
            "backfill": "delivered as part of a backfill, not judged late",
        }.get(self.state, "on time")
        landed = f"landed {self.landed_at:%a %-d %b %Y %H:%M}"
        return f"{label} for {self.month:%B %Y}: {due}, {landed}, {lateness}"

    def metadata(self) -> dict[str, str | int]:
        return {
            "month": f"{self.month:%Y-%m}",
            "due_by": self.due_by.isoformat(),
            "landed_at": self.landed_at.isoformat(sep=" ") if self.landed_at else "not landed",
            "state": self.state,
            "days_late": self.days_late,
            "expected": f"{extract_spec(self.extract).due.describe()}",
        }


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def from_landing(settings: Settings, extract: str, as_of: date) -> Punctuality:
    """The latest month due by `as_of`, from the landing folder (the file's modification time)."""
    month = latest_due_month(extract, as_of)
    path = source_named(extract_spec(extract).source).delivery_path(settings, extract, month)
    landed = path.is_file()
    return Punctuality(
        extract,
        month,
        extract_spec(extract).due.date_for(month),
        landed_at(path) if landed else None,
        as_of,
        landed,
    )


def from_loads(
    con: duckdb.DuckDBPyConnection, force_id: str, extract: str, month: date, as_of: date
) -> Punctuality:
    """A month of an extract as the warehouse recorded its first landing."""
    row = con.execute(
        "SELECT min(landed_at), count(*) FROM raw.loads "
        "WHERE extract = ? AND month = ? AND force_id = ?",
        [extract, month, force_id],
    ).fetchone()
    first, loads = row
    due_by = extract_spec(extract).due.date_for(month)
    return Punctuality(extract, month, due_by, first, as_of, landed=loads > 0)
