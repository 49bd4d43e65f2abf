"""The data-quality section's sentence on when the month's files landed: which were late (named
with their days late and due day), and which came in a backfill more than a month after their
due day (pcp_assets/punctuality.py: not judged late, so no count of days that would measure the
day of the load rather than the supplier)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from pcp_assets.punctuality import landing_state
from reports import figure_words as w
from reports import phrases
from reports.mart_rows import Row, value


def _state(landing: Row) -> str:
    return landing_state(landing["due_by"], landing["landed_at"].date())


def _day(day: date, reporting_month: date, *, weekday: bool = True) -> str:
    return phrases.day_label(day, weekday=weekday, reporting=reporting_month)


def timeliness_sentence(
    reporting_month: date,
    deliveries: Sequence[Row],
    landings: Sequence[Row],
    name: Callable[[str], str],
) -> str | None:
    """Which of the month's files (rows of marts.delivery_files with a landing time) landed late
    and which in a backfill; "every extract landed by the day it was due" when none did; None
    when that is not known of every delivery and none is known to be late. `name`: an
    extract's name in a sentence."""
    states = [(_state(d), d) for d in landings]
    late = [d for state, d in states if state == "late"]
    backfill = [d for state, d in states if state == "backfill"]
    month = phrases.month_label(reporting_month)
    if not late and not backfill:
        recorded = {landing["extract"] for landing in landings}
        if not deliveries or recorded < {d["extract"] for d in deliveries}:
            return None
        return f"Every extract for {month} landed by the day it was due."
    found = []
    if late:
        named = phrases.join_words(
            [
                f"{name(d['extract'])} landed on {_day(d['landed_at'], reporting_month)}, "
                f"{w.count(value(d, 'days_late'))} {'day' if d['days_late'] == 1 else 'days'} "
                f"late (due by {_day(d['due_by'], reporting_month)})"
                for d in late
            ]
        )
        found.append(f"Late for {month}: {named}. The figures include them.")
    if backfill:
        found.append(_backfill_sentence(reporting_month, backfill, name))
    return " ".join(found)


def _backfill_sentence(
    reporting_month: date, backfill: list[Row], name: Callable[[str], str]
) -> str:
    """ "The April 2023 files of data.police.uk outcomes and data.police.uk street records were
    delivered on 6 December 2026 as part of a backfill, more than a month after they were due (by
    21 June): they are not judged late", each file's days named when they differ."""

    def days(d: Row) -> tuple[str, str]:
        landed = d["landed_at"].date()
        return _day(landed, reporting_month, weekday=False), _day(
            d["due_by"], reporting_month, weekday=False
        )

    if len({days(d) for d in backfill}) == 1:
        landed, due = days(backfill[0])
        files = phrases.join_words([name(d["extract"]) for d in backfill])
        when, due_by = f" on {landed}", f" (by {due})"
    else:
        files = phrases.join_words(
            [f"{name(d['extract'])} (landed {days(d)[0]}, due by {days(d)[1]})" for d in backfill]
        )
        when, due_by = "", ""
    return (
        f"The {phrases.month_label(reporting_month)} files of {files} were delivered{when} as "
        f"part of a backfill, more than a month after they were due{due_by}: they are not "
        "judged late."
    )
