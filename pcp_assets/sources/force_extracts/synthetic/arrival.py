"""When each generated file landed: a delivery time like a force's, set as the file's modification
time, so the freshness check and the paper's data-quality section read generated data as they read
a real landing folder (docs/orchestration.md, "Freshness").

Most files land on one of the three working days before the one they are due by, in office hours;
one in 25 lands one to three working days late. Times are drawn per file from the run's seed, so
the same arguments always give the same times; none is later than now.
"""

from __future__ import annotations

import os
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from data_contracts.calendar import UK_TIME, is_working_day
from data_contracts.extract import Extract

LATE_SHARE = 0.04
ARRIVAL_STREAM = 19  # the streams of the extracts' generators are 0-18


def _working_days_from(day: date, steps: int) -> date:
    """The working day `steps` working days after `day` (before it when negative)."""
    step = 1 if steps > 0 else -1
    while steps:
        day += timedelta(days=step)
        if is_working_day(day):
            steps -= step
    return day


def arrival(extract: Extract, period: pd.Period, seed: int, force_id: str) -> datetime:
    """When `extract`'s file for `period` landed, in UK time."""
    entropy = [seed, zlib.crc32(f"{force_id}/{extract.name}".encode()), period.ordinal]
    rng = np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(ARRIVAL_STREAM,)))
    due = extract.due.date_for(period.start_time.date())
    shift = int(rng.integers(1, 4)) if rng.random() < LATE_SHARE else -int(rng.integers(0, 3))
    day = _working_days_from(due, shift)
    minutes = int(rng.integers(7 * 60, 18 * 60))
    return datetime.combine(day, datetime.min.time(), UK_TIME) + timedelta(minutes=minutes)


def stamp_arrivals(
    paths: list[Path], extract: Extract, periods: pd.PeriodIndex, seed: int, force_id: str
) -> None:
    """Set each monthly file's modification time to when it landed (never later than now)."""
    now = datetime.now(UK_TIME)
    for path, period in zip(paths, periods, strict=True):
        landed = min(arrival(extract, period, seed, force_id), now).timestamp()
        os.utime(path, (landed, landed))
