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
from pcp_assets.sources.force_extracts.synthetic.crimes import months_before_end, ref_prefix
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


def faulty_files(
    rng: np.random.Generator, assessed: np.ndarray, month: np.ndarray, before_end: np.ndarray
) -> np.ndarray:
    """Which assessed files have errors: each month's share is the trend plus a little noise
    (quality moves with the unit's practice, not file by file), the files picked at random."""
    rate = improving(before_end, ERROR_RATE_BEFORE, ERROR_RATE_NOW)
    rate = np.clip(rate + ERROR_RATE_NOISE * rng.standard_normal(len(rate)), 0, 1)
    faulty = np.zeros(len(assessed), dtype=bool)
    for i, share in enumerate(rate):
        files = np.flatnonzero(assessed & (month == i))
        chosen = rng.choice(files, round(share * len(files)), replace=False)
        faulty[chosen] = True
    return faulty


def build_case_files(
    rng: np.random.Generator, periods: pd.PeriodIndex, force_id: str
) -> pd.DataFrame:
    before_end = months_before_end(periods)
    frames = []
    for file_type, per_month in (
        ("court_file", COURT_FILES_PER_MONTH),
        ("cps_advice", ADVICE_FILES_PER_MONTH),
    ):
        counts = rng.poisson(per_month, len(periods))
        month = np.repeat(np.arange(len(periods)), counts)
        day = np.floor(rng.random(len(month)) * periods.days_in_month.to_numpy()[month])
        submitted = periods.start_time.to_numpy()[month] + day.astype("timedelta64[D]")
        frames.append(
            pd.DataFrame({"file_type": file_type, "month": month, "submitted_date": submitted})
        )
    files = pd.concat(frames, ignore_index=True)
    n = len(files)
    court = (files["file_type"] == "court_file").to_numpy()
    month = files["month"].to_numpy()

    assessed = court & (rng.random(n) < ASSESSED_SHARE)
    faulty = faulty_files(rng, assessed, month, before_end)
    errors = np.full(n, "", dtype=object)
    errors[faulty] = error_lists(rng, int(faulty.sum()))

    median = improving(before_end, TURNAROUND_BEFORE, TURNAROUND_NOW)[month]
    turnaround = np.round(median * np.exp(TURNAROUND_SIGMA * rng.standard_normal(n)))
    decided_at = files["submitted_date"] + pd.to_timedelta(turnaround, unit="D")
    decided = ~court & (decided_at <= periods[-1].end_time.normalize()).to_numpy()
    rejected = decided & (rng.random(n) < REJECTED_SHARE)

    files = files.assign(
        force_id=force_id,
        assessed=assessed,
        error_categories=errors,
        cps_decision_date=decided_at.where(decided),
        rejected=rejected,
    ).sort_values(["submitted_date", "file_type"], kind="stable", ignore_index=True)
    number = files.groupby("month").cumcount() + 1
    yymm = files["submitted_date"].dt.strftime("%y%m")
    files["file_ref"] = ref_prefix(force_id) + "-CF-" + yymm + "-" + number.astype(str).str.zfill(5)
    return files


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_case_files(world.rng(STREAM), world.periods, world.force_id)
