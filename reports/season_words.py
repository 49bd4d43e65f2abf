"""The season in words (reports/seasons.py, reports/judgement.py): what the same month in earlier
years leads one to expect, which way the next months usually go, and, once in the paper, that the
season cannot be allowed for yet."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from data_contracts.calendar import add_months
from reports import phrases as p
from reports.judgement import Judged
from reports.seasons import MIN_YEARS, expectation, usual_move
from reports.signals import MIN_BASELINE_MONTHS
from reports.traces import derived, key_text, mark

_POSITION = {
    "above": "above the range of earlier years",
    "in line with": "in line with earlier years",
    "below": "below the range of earlier years",
}


def _cell(j: Judged, index: int, fmt: Callable[[float], str]) -> str:
    value = j.counts.values[index]
    assert value is not None
    source, month = j.counts.source, j.counts.months[index]
    trace = derived(source, source.column, reporting_month=month) if source else None
    return mark(fmt(value), trace)


def expectation_sentence(noun: str, j: Judged, fmt: Callable[[float], str]) -> str | None:
    """ "In earlier years October averaged 304 dwelling burglaries (from 281 in October 2025 to 326
    in October 2024): this October's 332 is above the range of earlier years"; None without a
    figure for the month or `MIN_YEARS` earlier years of the same month."""
    s, last = j.counts, len(j.counts.values) - 1
    value = s.values[last] if s.values else None
    found = expectation(s, last) if value is not None else None
    if found is None or value is None:
        return None
    months = ", ".join(key_text(m) for m, _v in found.earlier)
    how = f"average of {s.source.column} in the same month of earlier years" if s.source else ""
    mean = mark(fmt(found.mean), derived(s.source, how, reporting_month=months))
    (low_month, _low), (high_month, _high) = found.low, found.high
    low, high = (_cell(j, s.months.index(m), fmt) for m in (low_month, high_month))
    name = p.month_name(found.month)
    spread = (
        f"from {low} in {p.month_label(low_month)} to {high} in {p.month_label(high_month)}"
        if found.low[1] != found.high[1]
        else f"{low} in each of {p.join_words([p.month_label(m) for m, _v in found.earlier])}"
    )
    return (
        f"in earlier years {name} averaged {mean} {noun} ({spread}): this {name}'s "
        f"{_cell(j, last, fmt)} is {_POSITION[found.position(value)]}"
    )


def usual_move_sentence(noun: str, j: Judged) -> str | None:
    """ "Dwelling burglary usually rises from October to January: by 13.0% on average over the
    last two years"; None unless the series is seasonal and every earlier year went one way."""
    move = usual_move(j.counts) if j.season.seasonal else None
    if move is None:
        return None
    s = j.counts
    years = ", ".join(key_text(m) for m, _c in move.changes)
    how = f"average change in {s.source.column} over the next three months" if s.source else ""
    average = mark(p.format_pct(abs(move.average)), derived(s.source, how, reporting_month=years))
    way = "rises" if move.average > 0 else "falls"
    return (
        f"{noun} usually {way} from {p.month_name(move.start)} to {p.month_name(move.end)}: by "
        f"{average} on average over the last {p.number_word(len(move.changes))} years"
    )


def season_note(judged: Sequence[Judged]) -> str | None:
    """Said once, where the paper first judges a month: the season cannot be allowed for yet, so
    the limits are drawn on the figures as they are; None when every series allows for it or
    shows no seasonal pattern."""
    waiting = [j for j in judged if j.season_not_yet and j.xmr.available]
    if not waiting:
        return None
    text = (
        "process limits that allow for the season are not yet possible: they take each month's "
        f"difference from the same month in {p.number_word(MIN_YEARS)} earlier years, for at "
        f"least {p.number_word(MIN_BASELINE_MONTHS)} months"
    )
    s = waiting[0].counts
    first = next((m for m, v in zip(s.months, s.values, strict=True) if v is not None), None)
    if first is not None:
        ready = add_months(first, 12 * MIN_YEARS + MIN_BASELINE_MONTHS - 1)
        if ready > s.months[-1]:
            text += f" (from {p.month_label(ready)})"
    return p.sentence(
        text + ", so the limits in this paper are drawn on the monthly figures as they are, and a "
        "regular seasonal rise or fall can show in them as a signal"
    )
