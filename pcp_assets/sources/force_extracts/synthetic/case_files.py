"""Files submitted to the CPS: court files (quality-assessed) and advice files (a CPS decision).

Volumes for a force of ~65,000 crimes a year: about 300 court files and 120 advice files a month
(some 5,000 files a year, in line with ~7% of crimes charged). About 70% of court files are
assessed; the share of assessed files with errors falls from ~48% to ~21% over the final 12
months (the reference paper: 52% -> 21%; a point of noise a month, so runs of improvement last
several months), each faulty file carrying one or two error categories.
The CPS decides an advice file after a lognormal turnaround whose median falls from ~58 to ~27
days over the same months (paper: 60 -> 27); about a quarter of decisions are rejections. A file
whose decision would come after the last generated month is still awaiting one (blank).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_contracts.case_files import ERROR_CATEGORIES
from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix
from pcp_assets.sources.force_extracts.synthetic.reference import Places, pick
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 15
NEEDS: tuple[str, ...] = ()

COURT_FILES_PER_MONTH = 300
ADVICE_FILES_PER_MONTH = 120
ASSESSED_SHARE = 0.7
IMPROVEMENT_MONTHS = 12
ERROR_RATE_BEFORE, ERROR_RATE_NOW = 0.48, 0.21
ERROR_RATE_NOISE = 0.01  # month to month, around the trend
TURNAROUND_BEFORE, TURNAROUND_NOW = 58.0, 27.0  # median days
TURNAROUND_SIGMA = 0.45
REJECTED_SHARE = 0.25
CATEGORY_WEIGHTS = (0.35, 0.3, 0.2, 0.15)  # in ERROR_CATEGORIES order
TWO_CATEGORIES_SHARE = 0.3


def improving(before_end: np.ndarray, before: float, now: float) -> np.ndarray:
    """`before` until IMPROVEMENT_MONTHS before the end, then a straight line to `now`."""
    progress = np.clip((IMPROVEMENT_MONTHS - before_end) / IMPROVEMENT_MONTHS, 0, 1)
    return before + (now - before) * progress


def error_lists(rng: np.random.Generator, n: int) -> np.ndarray:
    """n `;`-joined lists of one or two distinct categories, in the fixed order."""
    first = pick(rng, np.array(CATEGORY_WEIGHTS), n)
    second = pick(rng, np.array(CATEGORY_WEIGHTS), n)
    two = (rng.random(n) < TWO_CATEGORIES_SHARE) & (second != first)
    out = []
    for a, b, both in zip(first, second, two, strict=True):
        chosen = sorted({a, b}) if both else [a]
        out.append(";".join(ERROR_CATEGORIES[i] for i in chosen))
    return np.array(out, dtype=object)


def draw_month(rng: np.random.Generator, period: pd.Period, before_end: float) -> pd.DataFrame:
    """The month's files, CPS decisions as they will be (later trimmed to the extraction)."""
    frames = []
    for file_type, per_month in (
        ("court_file", COURT_FILES_PER_MONTH),
        ("cps_advice", ADVICE_FILES_PER_MONTH),
    ):
        day = np.floor(rng.random(rng.poisson(per_month)) * period.days_in_month)
        submitted = period.start_time.to_datetime64() + day.astype("timedelta64[D]")
        frames.append(pd.DataFrame({"file_type": file_type, "submitted_date": submitted}))
    files = pd.concat(frames, ignore_index=True)
    n = len(files)
    court = (files["file_type"] == "court_file").to_numpy()

    assessed = court & (rng.random(n) < ASSESSED_SHARE)
    rate = improving(np.array([before_end]), ERROR_RATE_BEFORE, ERROR_RATE_NOW)[0]
    # quality moves with the unit's practice, not file by file: the month's share, files at random
    rate = float(np.clip(rate + ERROR_RATE_NOISE * rng.standard_normal(), 0, 1))
    faulty = np.zeros(n, dtype=bool)
    chosen = np.flatnonzero(assessed)
    faulty[rng.choice(chosen, round(rate * len(chosen)), replace=False)] = True
    errors = np.full(n, "", dtype=object)
    errors[faulty] = error_lists(rng, int(faulty.sum()))

    median = improving(np.array([before_end]), TURNAROUND_BEFORE, TURNAROUND_NOW)[0]
    turnaround = np.round(median * np.exp(TURNAROUND_SIGMA * rng.standard_normal(n)))
    decided_at = files["submitted_date"] + pd.to_timedelta(turnaround, unit="D")
    return files.assign(
        assessed=assessed,
        error_categories=errors,
        cps_decision_date=decided_at.where(~court),
        rejected=~court & (rng.random(n) < REJECTED_SHARE),
    )


def build_case_files(world: World) -> pd.DataFrame:
    periods = world.periods
    files = pd.concat(
        [
            draw_month(world.month_rng(STREAM, period), period, before_end)
            for period, before_end in zip(periods, world.months_before_trends_end(), strict=True)
        ],
        ignore_index=True,
    )
    decided = files["cps_decision_date"] <= periods[-1].end_time.normalize()
    files = files.assign(
        force_id=world.force_id,
        cps_decision_date=files["cps_decision_date"].where(decided),
        rejected=files["rejected"] & decided,
    ).sort_values(["submitted_date", "file_type"], kind="stable", ignore_index=True)
    month = files["submitted_date"].dt.to_period("M")
    number = files.groupby(month).cumcount() + 1
    yymm = files["submitted_date"].dt.strftime("%y%m")
    prefix = ref_prefix(world.force_id)
    files["file_ref"] = prefix + "-CF-" + yymm + "-" + number.astype(str).str.zfill(5)
    return files


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_case_files(world)
