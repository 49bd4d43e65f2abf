"""England and Wales bank holidays and working days: the DVPO hearing rule counts days by them,
and extracts are due by a working day of the month after (data_contracts/extract.py, `Due`).

Bank holidays follow their rules (substitute days included), plus the one-off ones since 2020
(`ONE_OFF_HOLIDAYS`): a one-off holiday missing there would quarantine a lawful DVPO hearing, so the
list errs on the side of days the force might not have disregarded.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pandas as pd
from pandas.tseries.holiday import (
    MO,
    AbstractHolidayCalendar,
    EasterMonday,
    GoodFriday,
    Holiday,
    next_monday,
    next_monday_or_tuesday,
)

# The force's clock: files land, months turn and schedules fire in UK time.
UK_TIME = ZoneInfo("Europe/London")

ONE_OFF_HOLIDAYS = (
    date(2020, 5, 8),
    date(2022, 6, 2),
    date(2022, 6, 3),
    date(2022, 9, 19),
    date(2023, 5, 8),
)


class BankHolidays(AbstractHolidayCalendar):
    """England and Wales bank holidays that follow a rule (substitute days included)."""

    rules = [  # noqa: RUF012 (pandas reads a class attribute)
        Holiday("New Year's Day", month=1, day=1, observance=next_monday),
        GoodFriday,
        EasterMonday,
        Holiday("Early May", month=5, day=1, offset=pd.DateOffset(weekday=MO(1))),
        Holiday("Spring", month=5, day=31, offset=pd.DateOffset(weekday=MO(-1))),
        Holiday("Summer", month=8, day=31, offset=pd.DateOffset(weekday=MO(-1))),
        Holiday("Christmas Day", month=12, day=25, observance=next_monday),
        Holiday("Boxing Day", month=12, day=26, observance=next_monday_or_tuesday),
    ]


@cache
def bank_holidays(year: int) -> frozenset[date]:
    found = BankHolidays().holidays(date(year, 1, 1), date(year, 12, 31))
    return frozenset(d.date() for d in found) | {d for d in ONE_OFF_HOLIDAYS if d.year == year}


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after `month`'s (before it when negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def is_working_day(day: date) -> bool:
    """Monday to Friday, not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days(year: int, month: int) -> list[date]:
    """The month's working days, in order."""
    day, days = date(year, month, 1), []
    while day.month == month:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def working_day(year: int, month: int, n: int) -> date:
    """The `n`th working day of the month (1 is the first), or its last working day when the month
    has fewer (an April with Easter has 19)."""
    if n < 1:
        raise ValueError(f"working day must be 1 or more, got {n}")
    days = working_days(year, month)
    return days[min(n, len(days)) - 1]
