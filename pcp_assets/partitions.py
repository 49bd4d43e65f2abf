"""Monthly partitions: one partition per reporting month, keyed `YYYY-MM-01`, from the first month
of the history the code location is built for to the last month a run or check may ask for
(orchestration/months.py `first_month`, `last_month`)."""

from __future__ import annotations

import re
from datetime import date

import dagster as dg

from data_contracts.calendar import add_months


def monthly_partitions(first: date, last: date | None = None) -> dg.MonthlyPartitionsDefinition:
    """Every month from `first` to `last` (orchestration/months.py `last_month`), or without it to
    the last ended one, growing as months end. Months turn, and the schedule fires, on UK local
    time."""
    end = partition_key(add_months(last, 1)) if last else None
    return dg.MonthlyPartitionsDefinition(
        start_date=partition_key(first), end_date=end, timezone="Europe/London"
    )


# A run tagged so (`pcp run`) renders the paper of its last month only: the months before it are
# rebuilt as history, not asked for. Untagged runs (a backfill) render a paper for every month.
PAPERS_TAG = "pcp/papers"
LAST_MONTH_ONLY = "last_month"


# A run tagged so (`pcp backfill --print-every-month`) prints PDF and Word for every month it
# renders; other runs print their last month's only (printing is most of a paper's time).
PRINTED_TAG = "pcp/printed"
EVERY_MONTH = "every_month"


def run_tags(
    first: date, last: date, *, every_paper: bool, print_every_month: bool = False
) -> dict[str, str]:
    """The tags of one run of the months `first` to `last` (a single-run backfill), rendering a
    paper for every month or (`pcp run`, the schedule, the delivery sensor) for the last only,
    and printing the last month's or (`print_every_month`) every rendered month's."""
    return {
        "dagster/asset_partition_range_start": partition_key(first),
        "dagster/asset_partition_range_end": partition_key(last),
        **({} if every_paper else {PAPERS_TAG: LAST_MONTH_ONLY}),
        **({PRINTED_TAG: EVERY_MONTH} if print_every_month else {}),
    }


def month_of(partition_key: str) -> date:
    return date.fromisoformat(partition_key)


def months_in(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> list[date]:
    """Every month a run covers: one for a monthly run, several for a single-run backfill."""
    return months_between(*map(month_of, context.partition_key_range))


def months_between(first: date, last: date) -> list[date]:
    """The months from `first` to `last`, both included, in order."""
    keys = monthly_partitions(first).get_partition_keys_in_range(
        dg.PartitionKeyRange(partition_key(first), partition_key(last))
    )
    return [month_of(key) for key in keys]


def partition_key(month: date) -> str:
    return month.replace(day=1).isoformat()


def parse_month(text: str) -> date:
    """`YYYY-MM` (as people type it, strictly: `2026-1` and `2026-13` are not months) to the first
    day of that month."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise ValueError(f"month must be YYYY-MM with a month from 01 to 12, got {text!r}")
    year, month = text.split("-")
    return date(int(year), int(month), 1)
