"""One judgement of a monthly series, which its sentence, its chart and any table all read.

A series with a seasonal pattern (reports/seasons.py) is judged on what is left after the season:
each month's difference from the average of the same month in earlier years, against the process
limits of those differences (reports/signals.py). Any other series, and a seasonal one with fewer
than `MIN_BASELINE_MONTHS` such differences, is judged on its last `HISTORY_MONTHS` months as they
are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from reports.figures import HISTORY_MONTHS, Series
from reports.phrases import MINUS
from reports.seasons import MAX_YEARS, Seasonality, differences, seasonality
from reports.signals import MIN_BASELINE_MONTHS, XmR, xmr

# The months a judged series is read for: the shown months and the years before them that give
# their expectations.
JUDGED_MONTHS = HISTORY_MONTHS + 12 * MAX_YEARS


@dataclass(frozen=True)
class Judged:
    counts: Series  # the series as read, `JUDGED_MONTHS` long
    season: Seasonality
    xmr: XmR  # on the differences from the season when `allows_for_season`, else on the counts
    allows_for_season: bool

    @property
    def season_not_yet(self) -> bool:
        """The season may matter but cannot be allowed for yet: too little history to test for
        it, or too few months with a same-month expectation to draw limits from."""
        return not self.allows_for_season and self.season.seasonal is not False


def _last(series: Series, n: int) -> Series:
    return replace(series, months=series.months[-n:], values=series.values[-n:])


def _from_first_value(series: Series) -> Series:
    start = next((i for i, v in enumerate(series.values) if v is not None), 0)
    return replace(series, months=series.months[start:], values=series.values[start:])


@lru_cache(maxsize=256)  # the sentence, the chart and a table ask for the same judgement
def judge(series: Series) -> Judged:
    season = seasonality(series)
    if season.seasonal:
        shown = _from_first_value(_last(differences(series), HISTORY_MONTHS))
        if sum(v is not None for v in shown.values) >= MIN_BASELINE_MONTHS:
            return Judged(series, season, xmr(shown, signed=True), True)
    return Judged(series, season, xmr(_last(series, HISTORY_MONTHS)), False)


def signed(fmt: Callable[[float], str]) -> Callable[[float], str]:
    """A difference as `fmt` prints it, with its sign: "+28", "-3.5 minutes" (a minus sign), "0"."""

    def shown(x: float) -> str:
        text = fmt(abs(x))
        return text if text == fmt(0) else ("+" if x > 0 else MINUS) + text

    return shown


def value_format(j: Judged, fmt: Callable[[float], str]) -> Callable[[float], str]:
    """How the judged values print: differences signed."""
    return signed(fmt) if j.allows_for_season else fmt
