"""The paper's wording: pure functions from numbers to words. No I/O, no knowledge of the marts.

Rules (also printed in the paper's definitions, see `RULES`):
- One precision for every percentage and every rate's change: one decimal place, rounded half
  away from zero (on the decimal value, so 0.215 is 21.5%), whether a change ("+4.0%",
  "-3.2%", "+0.4 points") or a rate or share ("10.8%", "6.0%"), so that figures side by side
  line up. Counts are whole numbers. A change that rounds to zero is "no change", never "0%",
  "0 points" or "+0". Negative figures print with the minus sign U+2212 (`MINUS`), never a
  hyphen; the examples here write it "-".
- Volumes "remained stable" when the relative change, rounded as printed, is under
  `STABLE_BAND` (2%): "+1.9%" is stable, "+2.0%" (even from 1.96%) is an increase. A response
  time under the band "rose slightly" or "fell slightly", so that the word agrees with the two
  figures it quotes.
- Rates (prosecution possible, outcome 16) "remained stable" when they moved by less than
  `RATE_STABLE_BAND` (0.1 percentage points), the precision the paper prints.
- An unavailable figure reads "not available (<reason>)", never 0; one that only needs more
  history than the data hold is left out, and its section's top says so once (`history`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from reports.traces import plain

MINUS = "\u2212"  # the minus sign figures print with, never a hyphen
STABLE_BAND = 0.02
RATE_STABLE_BAND = 0.001
SMALL_BASE = 50

Direction = Literal["up", "down", "stable"]

RULES = (
    "Every percentage, rate and change in percentage points is given to one decimal place "
    "(halves away from zero): +4.0%, 10.8%, +0.4 points; counts are whole numbers and times "
    "carry one decimal (57.0 minutes). A change that rounds to zero is “no change”. A 12 month "
    f"total “remained stable” when its change, rounded as printed, is under {STABLE_BAND:.1%}; a "
    f"rate “remained stable” when it moved by less than {RATE_STABLE_BAND * 100:g} percentage "
    f"points. “(small base)” marks a change or rate whose base is under {SMALL_BASE}."
)

_NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six"),
    *("seven", "eight", "nine", "ten", "eleven", "twelve"),
)


def number_word(n: int) -> str:
    """Small counts in words, as the paper writes them ("three consecutive months")."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


NO_CHANGE = "no change"  # a change that rounds to zero, whatever its unit


def window(months: int, month: str) -> str:
    """A rolling window named by what it covers: (12, "October 2026") -> "the 12 months to
    October 2026", (4, ...) -> "the four months to ...", (1, ...) -> "the month of ..."."""
    if months == 1:
        return f"the month of {month}"
    return f"the {months if months == 12 else number_word(months)} months to {month}"


def _one_decimal(x: float | Decimal) -> str:
    d = (x if isinstance(x, Decimal) else Decimal(repr(float(x)))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    if d == 0:
        d = abs(d)  # no "-0.0"
    return f"{d:f}".replace("-", MINUS)


def _percent_points(fraction: float) -> Decimal:
    # Scaled in decimal, so 0.215 is 21.5 and not the binary 21.4999...
    return Decimal(repr(float(fraction))) * 100


def _signed(text: str) -> str:
    """A change as printed: "+4.0", "-3.2" (with U+2212), and "no change" when it rounds to zero."""
    if text == "0.0":
        return NO_CHANGE
    return text if text.startswith(MINUS) else "+" + text


def format_pct(fraction: float, *, signed: bool = False) -> str:
    """A change: 0.215 -> "21.5%", 0.04 -> "4.0%"; signed: 0.04 -> "+4.0%", -0.032 -> "-3.2%"
    (with U+2212), 0.0001 -> "no change"."""
    text = _one_decimal(_percent_points(fraction))
    if signed:
        text = _signed(text)
    return text if text == NO_CHANGE else text + "%"


def format_rate(fraction: float) -> str:
    """A rate or share: 0.108 -> "10.8%", 0.06 -> "6.0%"."""
    return _one_decimal(_percent_points(fraction)) + "%"


def format_points(difference: float) -> str:
    """A rate's change in percentage points, signed: 0.004 -> "+0.4 points", 0.17 -> "+17.0
    points", -0.012 -> "-1.2 points" (with U+2212), 0.0001 -> "no change"."""
    text = _signed(_one_decimal(_percent_points(difference)))
    return text if text == NO_CHANGE else f"{text} points"


def is_no_change(text: str) -> bool:
    """Whether a printed change (traced or not) reads "no change"."""
    return plain(text) == NO_CHANGE


def format_count(n: int | float) -> str:
    return f"{round(n):,}".replace("-", MINUS)


def format_minutes(minutes: float) -> str:
    """47.0 -> "47.0 minutes", 47.25 -> "47.3 minutes": one decimal, as every median time."""
    return f"{_one_decimal(minutes)} minutes"


# English month names whatever the process locale (strftime's %B follows LC_TIME).
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def counted(n: int, noun: str) -> str:
    """`1 month`, `36 months`: a count with its noun agreeing (nouns with a plain plural)."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def month_name(day: date) -> str:
    return MONTH_NAMES[day.month - 1]


def month_label(month: date) -> str:
    """date(2019, 4, 1) -> "April 2019"."""
    return f"{month_name(month)} {month.year}"


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_label(day: date, *, weekday: bool = False, reporting: date | None = None) -> str:
    """The one way the paper prints a day: date(2019, 6, 11) -> "11 June 2019"; `weekday`:
    "Tuesday 11 June 2019"; the year is left out only for a day of `reporting`'s year (the
    reporting month, when the sentence is about it)."""
    named = f"{WEEKDAY_NAMES[day.weekday()]} " if weekday else ""
    same_year = reporting is not None and reporting.year == day.year
    return f"{named}{day.day} " + (month_name(day) if same_year else month_label(day))


def short_month_label(month: date) -> str:
    """date(2019, 4, 1) -> "Apr 19" (chart axes)."""
    return f"{month_name(month)[:3]} {month.year % 100:02d}"


def not_available(reason: str | None) -> str:
    """'missing months: 2025-03' -> 'not available (missing months: 2025-03)'."""
    return f"not available ({reason})" if reason else "not available"


def small_base(text: str, is_small: bool, *, bracketed: bool = False) -> str:
    """ "+50.0% (small base)"; inside brackets already ("Sexual offences (+50.0%, small
    base)"), `bracketed` gives the caveat after a comma, never brackets within brackets."""
    if not is_small:
        return text
    return f"{text}, small base" if bracketed else f"{text} (small base)"


def join_words(items: Sequence[str]) -> str:
    """["a"] -> "a"; ["a", "b"] -> "a and b"; ["a", "b", "c"] -> "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentence(text: str) -> str:
    """Capitalise the first letter (without lowering the rest) and end with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# --- direction -----------------------------------------------------------------------------


def _sign(x: float | Decimal) -> Direction:
    return "up" if x > 0 else "down"


def change_direction(pct_change: float) -> Direction:
    """A relative change, judged as printed, so "stable" never sits beside "+2%"."""
    shown = _percent_points(pct_change).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return "stable" if abs(shown) < _percent_points(STABLE_BAND) else _sign(shown)


def relative_direction(current: float, previous: float) -> Direction:
    """Direction of `current` against `previous` by relative change; previous 0 -> by sign."""
    if previous == 0:
        return "stable" if current == 0 else _sign(current)
    return change_direction((current - previous) / abs(previous))


def rate_direction(current: float, previous: float) -> Direction:
    """Rates move in percentage points: under RATE_STABLE_BAND is stable."""
    difference = current - previous
    return "stable" if abs(difference) < RATE_STABLE_BAND else _sign(difference)


def change_word(pct_change: float) -> str:
    """+0.04 -> "increased", -0.1 -> "decreased", 0.01 -> "remained stable"."""
    return {"up": "increased", "down": "decreased", "stable": "remained stable"}[
        change_direction(pct_change)
    ]


def response_time_word(current: float, previous: float) -> str:
    """Higher is worse: longer -> "deteriorated", shorter -> "improved"; a move inside the band
    "rose slightly" or "fell slightly", so that the word agrees with the two times it is quoted
    with (never "remained stable, from 61 to 62 minutes")."""
    direction = relative_direction(current, previous)
    if direction == "stable":
        return "rose slightly" if current > previous else "fell slightly"
    return "deteriorated" if direction == "up" else "improved"


def rate_trend_phrase(current: float, previous: float, before_previous: float | None = None) -> str:
    """A rate where higher is better (prosecution possible), against the previous month.

    "has continued to decline" when it also fell the month before; "has declined" otherwise.
    """
    now = rate_direction(current, previous)
    if now == "stable":
        return "has remained stable"
    before = rate_direction(previous, before_previous) if before_previous is not None else None
    verb = "decline" if now == "down" else "improve"
    if before == now:
        return f"has continued to {verb}"
    return "has declined" if now == "down" else "has improved"


def _as_printed(text: str) -> str:
    return text


def rate_level_phrase(
    current: float, previous: float, figure: Callable[[str], str] = _as_printed
) -> str:
    """A rate where higher is better: "has dropped to 6.7%", "has risen to 7.2%" (`figure`
    wraps the printed rate, e.g. with its trace)."""
    verb = {"up": "has risen to", "down": "has dropped to", "stable": "has remained stable at"}[
        rate_direction(current, previous)
    ]
    return f"{verb} {figure(format_rate(current))}"


def year_on_year_phrase(current: float, year_earlier: float) -> str:
    """For shares: "up from", "down from" or "unchanged from" the year-earlier value."""
    return {"up": "up from", "down": "down from", "stable": "unchanged from"}[
        rate_direction(current, year_earlier)
    ]


# --- sentences -----------------------------------------------------------------------------


def trend_sentence(
    rising_months: int | None,
    falling_months: int | None,
    reason: str | None = None,
    subject: str = "the 12 month recorded crime total",
    months_of_data: int | None = None,
) -> str:
    """(3, 0) -> "the 12 month recorded crime total has increased for three consecutive months".
    A run is "consecutive months" only when known from its start: the 12 month total before it
    began is in the `months_of_data` (a run of n needs 13 + n), else it is every month since the
    total could first be taken ("in each of the three months since it was first available")."""
    if rising_months is None or falling_months is None:
        return f"the trend in {subject} is {not_available(reason)}"
    for months, verb in ((rising_months, "increased"), (falling_months, "decreased")):
        if months == 1:
            return f"{subject} has {verb} this month"
        if months > 1 and months_of_data is not None and months > months_of_data - 13:
            return (
                f"{subject} has {verb} in each of the {number_word(months)} months since it "
                "was first available"
            )
        if months > 1:
            return f"{subject} has {verb} for {number_word(months)} consecutive months"
    return f"{subject} is unchanged on the previous month"


def extreme_phrase(
    is_lowest: bool | None, is_highest: bool | None, *, noun: str = "count"
) -> str | None:
    """The discrete month against the last 12, in words that agree with the count they follow:
    "the highest count in the last 12 months" (`noun` names what is compared, e.g. "counts" after
    several offence groups)."""
    if is_lowest and not is_highest:
        return f"the lowest {noun} in the last 12 months"
    if is_highest and not is_lowest:
        return f"the highest {noun} in the last 12 months"
    return None  # neither, unknown, or a flat year (both)


def volume_change_phrase(
    pct_change: float, *, is_small_base: bool = False, figure: Callable[[str], str] = _as_printed
) -> str:
    """An R12 total against the previous R12: "increased 4.0%", "remained stable (+1.2%)",
    "remained unchanged" (a change that rounds to zero)
    (`figure` wraps the printed change)."""
    direction = change_direction(pct_change)
    shown = format_pct(pct_change, signed=True)
    if shown == NO_CHANGE:
        text = f"remained {figure('unchanged')}"
    elif direction == "stable":
        text = f"remained stable ({figure(shown)})"
    else:
        verb = "increased" if direction == "up" else "decreased"
        text = f"{verb} {figure(format_pct(abs(pct_change)))}"
    return small_base(text, is_small_base)


_AREA_WORDS: dict[str, dict[Direction, str]] = {
    "volume": {"up": "increases", "down": "reductions", "stable": "little change"},
    "rate": {"up": "improvements", "down": "declines", "stable": "little change"},
}


def area_clause(
    directions: Mapping[str, Direction | None],
    details: Mapping[str, str] | None = None,
    *,
    kind: Literal["volume", "rate"] = "volume",
) -> str:
    """How the areas moved: "with increases seen in both areas" or "with variation between the
    areas: increases in the South (+5.0%) and reductions in the North (-3.1%)".

    `details` adds a figure per area; an area whose figure reads "no change" is said to have
    no change, never "little change (0 points)". An area without a direction is "not
    available"; with no area known at all there is nothing to say ("").
    """
    details = details or {}
    words = _AREA_WORDS[kind]
    known = {area: d for area, d in directions.items() if d is not None}
    if not known:
        return ""
    every = "both areas" if len(directions) == 2 else f"all {number_word(len(directions))} areas"
    unchanged = [a for a in known if is_no_change(details.get(a, ""))]
    if len(unchanged) == len(directions):
        return f"with {NO_CHANGE} in {every}"
    values = set(known.values())
    if len(known) == len(directions) and len(values) == 1 and not unchanged:
        only = values.pop()
        figures = join_words([f"{area} {details[area]}" for area in directions if area in details])
        suffix = f" ({figures})" if figures else ""
        if only == "stable":
            return f"with little change in {every}{suffix}"
        return f"with {words[only]} seen in {every}{suffix}"
    parts = []
    for direction in ("up", "down", "stable"):
        areas = [a for a, d in known.items() if d == direction and a not in unchanged]
        if areas:
            named = join_words(
                [f"the {a}" + (f" ({details[a]})" if a in details else "") for a in areas]
            )
            parts.append(f"{words[direction]} in {named}")
    if unchanged:
        parts.append(f"{NO_CHANGE} in " + join_words([f"the {a}" for a in unchanged]))
    missing = [area for area, d in directions.items() if d is None]
    if missing:
        parts.append("not available for " + join_words([f"the {a}" for a in missing]))
    return "with variation between the areas: " + join_words(parts)
