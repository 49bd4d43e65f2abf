"""IOM cohort: the month-end snapshot of the Integrated Offender Management cohort.

About 200 people, chosen from the most prolific offenders (many linked crimes in the 12 months to
their entry, from offender_links). The cohort the first generated month opens with (prolific over
the first generated year) entered at dates spread over the two years before it; then each month
a few join (about eight, more when the cohort is below its size) and each member leaves with a
chance of 4% a month (a stay of about two years). Nobody re-enters. Cohort types: fixed 40%,
flex 40%, free 20%. A member's area is their home area.

One row per member in the cohort at the month's end, plus those who left during the month (with
their exit date): about 200 rows a month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic.people import people
from pcp_assets.sources.force_extracts.synthetic.reference import Places, pick
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 14
NEEDS = ("offender_links",)

COHORT_SIZE = 200
ENTRIES_PER_MONTH = 8.0
TOWARDS_SIZE = 0.1  # extra entries per member short of COHORT_SIZE
EXIT_RATE = 0.04
MIN_LINKED_CRIMES = 3  # in the 12 months to entry
OPENING_ENTRIES_OVER_DAYS = 730
COHORT_TYPES = np.array(["fixed", "flex", "free"])
COHORT_TYPE_SHARES = np.array([0.4, 0.4, 0.2])


def linked_counts(links: pd.DataFrame, pool: pd.DataFrame, periods: pd.PeriodIndex) -> np.ndarray:
    """(people x months): crimes linked to each person in the 12 months to each month's end."""
    person = pd.Index(pool["nominal_id"]).get_indexer(links["nominal_id"])
    month = pd.PeriodIndex(links["linked_at"], freq="M").astype(int) - periods[0].ordinal
    monthly = np.zeros((len(pool), len(periods)))
    np.add.at(monthly, (person, month), 1)
    cumulative = np.cumsum(monthly, axis=1)
    earlier = np.pad(cumulative, ((0, 0), (12, 0)))[:, : len(periods)]
    return cumulative - earlier


def choose(
    rng: np.random.Generator, counts: np.ndarray, eligible: np.ndarray, n: int
) -> np.ndarray:
    """Up to n people, the more linked crimes the likelier (weight: count squared)."""
    candidates = np.flatnonzero(eligible & (counts >= MIN_LINKED_CRIMES))
    n = min(n, len(candidates))
    if n == 0:
        return candidates[:0]
    weight = counts[candidates] ** 2
    return rng.choice(candidates, size=n, replace=False, p=weight / weight.sum())


def days_in(rng: np.random.Generator, period: pd.Period, n: int) -> np.ndarray:
    """n random days of the month."""
    day = rng.integers(0, period.days_in_month, n)
    return np.datetime64(period.start_time.date(), "D") + day.astype("timedelta64[D]")


def membership(world: World, counts: np.ndarray) -> pd.DataFrame:
    """Each member's person (pool row), cohort type, entry and exit dates (NaT while in); each
    month's changes drawn from that month's generator."""
    periods = world.periods
    rng = world.month_rng(STREAM, periods[0] - 1)  # the opening cohort's, before the first month
    first_day = np.datetime64(periods[0].start_time.date(), "D")
    everyone = np.ones(len(counts), bool)
    person = choose(rng, counts[:, min(11, len(periods) - 1)], everyone, COHORT_SIZE)
    before = rng.integers(1, OPENING_ENTRIES_OVER_DAYS, len(person)).astype("timedelta64[D]")
    entry = first_day - before
    kind = COHORT_TYPES[pick(rng, COHORT_TYPE_SHARES, len(person))]
    exit_date = np.full(len(person), np.datetime64("NaT"), dtype="datetime64[D]")
    for k, period in enumerate(periods):
        rng = world.month_rng(STREAM, period)
        in_cohort = np.isnat(exit_date)
        leaving = in_cohort & (rng.random(len(person)) < EXIT_RATE)
        exit_date[leaving] = np.maximum(days_in(rng, period, len(person)), entry)[leaving]
        size = int((in_cohort & ~leaving).sum())
        wanted = rng.poisson(ENTRIES_PER_MONTH + max(0, COHORT_SIZE - size) * TOWARDS_SIZE)
        never_in = np.ones(len(counts), bool)
        never_in[person] = False
        joining = choose(rng, counts[:, k], never_in, wanted)
        person = np.concatenate([person, joining])
        entry = np.concatenate([entry, days_in(rng, period, len(joining))])
        kind = np.concatenate([kind, COHORT_TYPES[pick(rng, COHORT_TYPE_SHARES, len(joining))]])
        exit_date = np.concatenate([exit_date, np.full(len(joining), np.datetime64("NaT"))])
    return pd.DataFrame(
        {
            "person": person,
            "cohort_type": kind,
            "entry_date": entry.astype("datetime64[s]"),
            "exit_date": exit_date.astype("datetime64[s]"),
        }
    )


def snapshots(members: pd.DataFrame, periods: pd.PeriodIndex) -> pd.DataFrame:
    """Per month: the members in at its end and those who left during it."""
    frames = []
    for period in periods:
        start, end = period.start_time, period.end_time.normalize()
        shown = members[(members["entry_date"] <= end) & ~(members["exit_date"] < start)]
        later_exit = shown["exit_date"].where(shown["exit_date"] <= end)  # not known yet
        frames.append(shown.assign(exit_date=later_exit, snapshot_date=end))
    return pd.concat(frames, ignore_index=True)


def build_cohort(world: World, pool: pd.DataFrame) -> pd.DataFrame:
    periods = world.periods
    members = membership(world, linked_counts(world.frames["offender_links"], pool, periods))
    rows = snapshots(members, periods)
    person = pool.iloc[rows["person"].to_numpy()]
    return pd.DataFrame(
        {
            "force_id": world.force_id,
            "nominal_id": person["nominal_id"].to_numpy(),
            "forename": person["forename"].to_numpy(),
            "surname": person["surname"].to_numpy(),
            "date_of_birth": person["date_of_birth"].to_numpy(),
            "cohort_type": rows["cohort_type"].to_numpy(),
            "area": person["area"].to_numpy(),
            "entry_date": rows["entry_date"].to_numpy(),
            "exit_date": rows["exit_date"].to_numpy(),
            "snapshot_date": rows["snapshot_date"].to_numpy(),
        }
    )


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_cohort(world, people(world, places))
