"""Signals in words (reports/signals.py): "a signal (above the upper process limit)" or "within
normal variation", beside the trend phrases of `phrases`."""

from __future__ import annotations

from collections.abc import Callable

from reports.judgement import Judged, value_format
from reports.phrases import MINUS, join_words, month_label, number_word
from reports.signals import LIMIT_FACTOR, Signal, XmR
from reports.traces import derived, mark


def rule_phrase(s: Signal) -> str:
    """What the rule saw: "above the upper process limit", "seven months in a row above the
    average", "seven months in a row, each higher than the one before", "two of three months in
    a row near the upper process limit"."""
    high = s.side == "high"
    run = number_word(len(s.points))
    if s.rule == "outside":
        return "above the upper process limit" if high else "below the lower process limit"
    if s.rule == "shift":
        return f"{run} months in a row {'above' if high else 'below'} the average"
    if s.rule == "trend":
        return f"{run} months in a row, each {'higher' if high else 'lower'} than the one before"
    return f"two of three months in a row near the {'upper' if high else 'lower'} process limit"


def signal_list(x: XmR) -> str:
    """Every signal in the series with its months, for a chart's alt text ("" when none)."""
    parts = []
    for s in x.signals:
        first, last = x.series.months[s.points[0]], x.series.months[s.points[-1]]
        when = (
            month_label(first) if first == last else f"{month_label(first)} to {month_label(last)}"
        )
        parts.append(f"{rule_phrase(s)} ({when})")
    return join_words(parts)


def signal_clause(x: XmR) -> str | None:
    """The latest month judged: "a signal (above the upper process limit)", "a signal (above
    the upper process limit and ...)" when several rules see it, "within normal variation";
    None when the series has no limits yet or no figure for the month."""
    if not x.available or not x.series.values or x.series.values[-1] is None:
        return None
    found = x.latest_signals
    if not found:
        return "within normal variation"
    return f"a signal ({latest_rules(x)})"  # one month: one signal, however many rules see it


def latest_rules(x: XmR) -> str:
    """The rules the latest month's signals answer to, in words ("" when none)."""
    return join_words(list(dict.fromkeys(rule_phrase(s) for s in x.latest_signals)))


SPREAD = f"{LIMIT_FACTOR} x mean moving range"


SEASON_BASIS = "less the average of the same month in earlier years"


def _limit(x: XmR, which: str, limit: float, fmt: Callable[[float], str], basis: str) -> str:
    """A process limit (or the mean) in words, traced to the series' column over the baseline
    months it was computed from (`basis`: how the values were taken from the column)."""
    source, baseline = x.series.source, x.baseline
    if source is None or baseline is None:
        return fmt(limit)
    how = f"{source.column}{basis}: {which} over the baseline"
    return mark(fmt(limit), derived(source, how, reporting_month=baseline))


def signal_sentence(subject: str, j: Judged, fmt: Callable[[float], str]) -> str | None:
    """ "Against its process limits (5,812 to 6,731, baseline November 2024 to October 2025), the
    month's figure is within normal variation", or for a seasonal series "Allowing for the season
    (each month's difference from the average of the same month in earlier years, against its
    process limits of -40 to +52, baseline ...), ..."; None when it cannot be judged."""
    x = j.xmr
    clause = signal_clause(x)
    if clause is None or x.baseline is None or x.mean is None:
        return None
    basis = f" {SEASON_BASIS}" if j.allows_for_season else ""
    shown = value_format(j, fmt)
    window = f"baseline {month_label(x.baseline[0])} to {month_label(x.baseline[1])}"
    if x.upper is None:
        limits = f"around an unvarying average of {_limit(x, 'mean', x.mean, shown, basis)}"
    else:
        lower = (
            "zero"
            if x.lower is None
            else _limit(x, f"mean {MINUS} {SPREAD}", x.lower, shown, basis)
        )
        limits = f"{lower} to {_limit(x, f'mean + {SPREAD}', x.upper, shown, basis)}, {window}"
    if not j.allows_for_season:
        limits = limits if x.upper is None else f"({limits})"
        return f"against its process limits {limits}, {subject} is {clause}"
    return (
        "allowing for the season (each month's difference from the average of the same month in "
        f"earlier years, against its process limits of {limits}), {subject} is {clause}"
    )
