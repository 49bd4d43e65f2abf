"""Figures in words, shared by the sections: a `Value` with its caveat or reason, month labels,
and the clauses several sections build sentences from (wording rules live in `phrases`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from data_contracts.calendar import add_months
from pcp_assets.small_counts import Rounding
from reports import phrases as p
from reports.figures import BoardFigures, Rate, Value, Volume
from reports.history import is_history
from reports.mart_rows import Row, value
from reports.traces import derived, mark, plain

# A count about people in words (`PaperContext.people`): rounded in the published paper.
People = Callable[[Value], str]


def history_only(v: Value) -> bool:
    """Unavailable only because the data do not reach back far enough: the paper says so once
    (`reports.history`), and its sentences leave the figure out."""
    return v.value is None and is_history(v.reason)


def show(v: Value, fmt: Callable[[float], str], *, bracketed: bool = False) -> str:
    """A figure in words: formatted with its small-base caveat and marked with the mart cell it
    came from (reports/traces.py), or "not available (<reason>)" ("not available" alone when the
    reason is the short history the section's top states). `bracketed`: the figure is printed
    inside brackets, so its caveat follows a comma (`phrases.small_base`)."""
    if v.value is None:
        return p.not_available(None if history_only(v) else v.reason)
    return p.small_base(mark(fmt(v.value), v.trace), v.small_base, bracketed=bracketed)


def count(v: Value) -> str:
    return show(v, p.format_count)


def rate(v: Value) -> str:
    return show(v, p.format_rate)


def signed(v: Value, *, bracketed: bool = False) -> str:
    return show(v, lambda x: p.format_pct(x, signed=True), bracketed=bracketed)


def in_words(v: Value) -> str:
    """A small count in words, as the paper writes them ("two DVPOs", "eleven months")."""
    return show(v, lambda n: p.number_word(round(n)))


def marker(v: Value) -> Callable[[str], str]:
    """Wraps a figure printed by a `phrases` builder with `v`'s trace."""
    return lambda text: mark(text, v.trace)


def rate_level(current: Value, previous: Value) -> str:
    """ "has dropped to 6.8%" against the previous month, "(small base)" when so; both known."""
    assert current.value is not None and previous.value is not None
    phrase = p.rate_level_phrase(current.value, previous.value, marker(current))
    return p.small_base(phrase, current.small_base)


def points_change(current: Value, previous: Value) -> str:
    """A rate's change on the previous month in points ("+0.4 points"), traced to the current
    month's cell; both known."""
    assert current.value is not None and previous.value is not None
    text = p.format_points(current.value - previous.value)
    if current.trace is None:
        return text
    return mark(text, derived(current.trace, f"{current.trace.column} minus the previous month's"))


def cell(row: Row | None, column: str, fmt: Callable[[float], str] = p.format_count) -> str:
    """A mart cell in words (`show`): "not available (<reason>)" for a missing row or null cell."""
    return show(value(row, column), fmt)


def people(v: Value, rounding: Rounding | None) -> str:
    """A count about people or cases: exact with no rounding (the board's paper), else as the
    published edition shows it: rounded, or hidden when small (pcp_assets/small_counts.py)."""
    if rounding is None or v.value is None:
        return count(v)
    shown = rounding.rounded(v.value)
    return mark(rounding.hidden_label if shown is None else p.format_count(shown), v.trace)


def as_read(text: str) -> float | None:
    """The number a reader reads in a figure's text ("1,235"); None for a hidden count ("<10")."""
    shown = plain(text).replace(",", "")
    return None if shown.startswith("<") else float(shown)


def exact(people: People) -> bool:
    """Whether an edition's counts about people are exact (the board's)."""
    return as_read(people(Value(1.0))) == 1


def counted(people: People, v: Value, one: str, many: str) -> str:
    """The count as the edition shows it, and its noun: "1 arrest" only where it shows one."""
    text = people(v)
    return f"{text} {one if v.value is not None and as_read(text) == 1 else many}"


@dataclass(frozen=True)
class Texts:
    """Month labels every paragraph uses."""

    month: str  # "April 2019"
    month_name: str  # "April"
    previous_month: str
    year_earlier: str


def texts(f: BoardFigures) -> Texts:
    m = f.reporting_month
    return Texts(
        month=p.month_label(m),
        month_name=p.month_name(m),
        previous_month=p.month_label(add_months(m, -1)),
        year_earlier=p.month_label(add_months(m, -12)),
    )


def join_sentences(*parts: str | None) -> str:
    return " ".join(p.sentence(part) for part in parts if part)


def rate_trend(r: Rate) -> str | None:
    if r.current.value is None or r.previous.value is None:
        return None
    return p.rate_trend_phrase(r.current.value, r.previous.value, r.before_previous.value)


def volume_change(
    subject: str,
    v: Volume,
    verb: str,
    window: str,
    total: str | None = None,
    *,
    noun: str,
    month: str,
) -> str | None:
    """ "robbery offences have increased 21.5% over the 12 months to April 2019 (<total>)".

    Before there are 24 months of data (the change needs them) it gives the 12 month total alone,
    "1,234 robbery offences were recorded in the 12 months to April 2019", and before 12 months
    the month's count, "98 robbery offences were recorded in April 2019" (the section's top says
    what cannot be computed yet). `total` is shown only when given."""
    if v.pct_change.value is None:
        if history_only(v.pct_change):
            if v.r12.available:
                return f"{count(v.r12)} {noun} were recorded in the 12 months to {month}"
            if v.month.available:
                return f"{count(v.month)} {noun} were recorded in {month}"
            return None
        text = f"the change in {subject} {window} is " + p.not_available(v.pct_change.reason)
        return text + (f"; the 12 month total is {total}" if total else "")
    phrase = p.volume_change_phrase(
        v.pct_change.value, is_small_base=v.pct_change.small_base, figure=marker(v.pct_change)
    )
    return f"{subject} {verb} {phrase} {window}" + (f" ({total})" if total else "")


def then(text: str | None, clause: str) -> str | None:
    return f"{text}, {clause}" if text and clause else text


def area_volumes(by_area: Mapping[str, Volume]) -> str:
    directions: dict[str, p.Direction | None] = {}
    details: dict[str, str] = {}
    for area, v in by_area.items():
        pct = v.pct_change.value
        directions[area] = p.change_direction(pct) if pct is not None else None
        if pct is not None:
            details[area] = signed(v.pct_change, bracketed=True)
    return p.area_clause(directions, details, kind="volume")
