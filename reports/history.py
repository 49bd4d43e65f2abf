"""Months with short history: what the paper cannot compute yet, and why, said once.

A section lists what it `Needs` (12 month totals need 12 months of data, changes on the previous
12 months 24, ...). When the force's data start too recently for some of them, the background says
once which and from when they will be available (`paper_note`, from where recorded crime starts);
a section whose own data start later says so at its top (`history_note` with `paper_start`). Its
sentences then leave those figures out (`figure_words.history_only`) instead of printing "not
available" beside each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from data_contracts.calendar import add_months
from reports.figures import BoardFigures, Value
from reports.phrases import join_words, month_label, number_word, sentence
from reports.signals import MIN_BASELINE_MONTHS


@dataclass(frozen=True)
class Need:
    what: str  # "12 month totals and rates"
    months: int  # months of data it takes, the reporting month included


PREVIOUS_MONTH = Need("comparisons with the previous month", 2)
LIMITS = Need("process limits and signals", MIN_BASELINE_MONTHS)
TOTALS = Need("12 month totals and rates", 12)
TRENDS = Need("trends in the 12 month totals", 13)
CHANGES = Need("changes on the previous 12 months and year-earlier comparisons", 24)
FIGURE_NEEDS = (PREVIOUS_MONTH, LIMITS, TOTALS, TRENDS, CHANGES)
_NO_DATA_BEFORE = re.compile(r"no data before (\d{4})-(\d{2})")


def months_of_data(first: date, reporting_month: date) -> int:
    return (reporting_month.year - first.year) * 12 + reporting_month.month - first.month + 1


def is_history(reason: str | None) -> bool:
    """A figure's reason is the short history alone ("no data before 2024-09"), no gap."""
    return (reason or "").startswith("no data before ")


def row_note(
    row: Mapping[str, Any] | None,
    reporting_month: date,
    needs: Sequence[Need],
    paper_start: date | None,
) -> str | None:
    """The note of a section built on one mart row: its `unavailable_reason` says where the data
    start when that is all that is missing."""
    reason = row.get("unavailable_reason") if row else None
    if not is_history(reason):
        return None
    return history_note(data_start(Value(None, reason)), reporting_month, needs, paper_start)


def data_start(*values: Value) -> date | None:
    """The month the data start, read from the reason of a figure that needs earlier months
    ("no data before 2024-09"); None when no figure lacks history."""
    for v in values:
        found = _NO_DATA_BEFORE.search(v.reason or "") if v.value is None else None
        if found:
            return date(int(found.group(1)), int(found.group(2)), 1)
    return None


def history_note(
    first: date | None,
    reporting_month: date,
    needs: Sequence[Need],
    paper_start: date | None,
    scope: str = "this section",
) -> str | None:
    """ "Not yet available: the data start in September 2024 (two months of data), so this
    section leaves out ..."; None when every need is met, or when the data start where the
    paper's do (`paper_start`: the background has said it, `paper_note`)."""
    if first is None or first == paper_start:
        return None
    have = months_of_data(first, reporting_month)
    short = sorted((n for n in needs if n.months > have), key=lambda n: n.months)
    if not short:
        return None
    parts = [f"{n.what} (from {month_label(add_months(first, n.months - 1))})" for n in short]
    span = "one month" if have == 1 else f"{number_word(have)} months"
    return sentence(
        f"Not yet available: the data start in {month_label(first)} ({span} of data), so "
        f"{scope} leaves out {join_words(parts)}"
    )


def paper_start(f: BoardFigures) -> date | None:
    """Where the paper's data start (its recorded crime: the all-crime change needs the most
    history, so its reason says); None when no figure lacks history."""
    return data_start(f.all_crime.pct_change, f.all_crime.r12, f.all_crime.month)


def paper_note(f: BoardFigures) -> str | None:
    """The background's paragraph on what the whole paper cannot show yet, said once for every
    section whose data start with recorded crime's."""
    return history_note(paper_start(f), f.reporting_month, FIGURE_NEEDS, None, "the paper")
