"""DVPN and DVPO cases: Domestic Violence Protection Notices applied for to a superintendent and,
when authorised, the Order applied for at the magistrates' court (reference paper 3.1.3).

Volumes for a force of ~65,000 crimes a year: about 5.5 DVPN applications a month (Poisson, so
a month of 2 or 9 happens; the reference month had 3). About 80% are authorised, mostly by a
superintendent, within a few hours (lognormal, median 1.5 hours); the force applies for a DVPO
after ~92% of authorised notices, and the court grants ~85% of them, usually for 28 days (else
14-27). The hearing is at the first court slot (10:00-16:00 on a day that counts) at least three
hours after authorisation, never past the statutory 48 hours (data_contracts/dvpn_dvpo.py). The
perpetrator is drawn from the run's people by propensity, aged 18 or over. Files are extracted
at the end of the end month: a decision that would come later is placed just before it, a
hearing after it is known but its outcome is not yet (blank).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_contracts.dvpn_dvpo import hearing_deadline, is_disregarded
from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix
from pcp_assets.sources.force_extracts.synthetic.people import people
from pcp_assets.sources.force_extracts.synthetic.reference import Places, random_times
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 12
NEEDS: tuple[str, ...] = ()

DVPNS_PER_MONTH = 5.5
AUTHORISED = 0.80
RANK_SHARE = {"superintendent": 0.85, "chief_superintendent": 0.15}
DECISION_MEDIAN_MINUTES, DECISION_SIGMA, DECISION_MAX_MINUTES = 90.0, 0.7, 20 * 60
DVPO_APPLIED = 0.92
GRANTED = 0.85
FULL_ORDER_SHARE = 0.7  # granted for the full 28 days
COURT_OPENS, COURT_CLOSES = 10, 16
LEAD_HOURS = 3  # the force needs this long to prepare the application
HOURS_APPLIED = (4, 4, 3, 2, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
MIN_AGE_YEARS = 18
PROPENSITY_CAP = 30.0  # as custody: no one person behind many notices


def hearing_time(rng: np.random.Generator, authorised_at: pd.Timestamp) -> pd.Timestamp:
    """A court slot on the first day that counts, at least LEAD_HOURS after authorisation,
    before the statutory deadline."""
    deadline = hearing_deadline(authorised_at)
    earliest = authorised_at + pd.Timedelta(hours=LEAD_HOURS)
    day = earliest.normalize()
    while True:
        opens = max(day + pd.Timedelta(hours=COURT_OPENS), earliest)
        closes = min(day + pd.Timedelta(hours=COURT_CLOSES), deadline - pd.Timedelta(minutes=30))
        if day.weekday() < 5 and not is_disregarded(day.date()) and opens < closes:
            break
        if day > deadline:  # no slot in time: the latest lawful moment
            return deadline - pd.Timedelta(minutes=30)
        day += pd.Timedelta(days=1)
    minutes = rng.uniform(0, (closes - opens).total_seconds() / 60)
    return (opens + pd.Timedelta(minutes=minutes)).floor("min")


def case_refs(applied_at: pd.Series, force_id: str) -> pd.Series:
    """`MS/DV/26/0042`: force prefix, two-digit year, number within the year."""
    year = applied_at.dt.year
    number = year.groupby(year).cumcount() + 1
    return (
        ref_prefix(force_id)
        + "/DV/"
        + (year % 100).astype(str).str.zfill(2)
        + "/"
        + number.astype(str).str.zfill(4)
    )


def draw_month(
    rng: np.random.Generator, weight: np.ndarray, period: pd.Period, extracted: pd.Timestamp
) -> pd.DataFrame:
    """The month's cases as known at `extracted`; the people as pool rows."""
    n = int(rng.poisson(DVPNS_PER_MONTH))
    start = np.full(n, period.start_time.to_datetime64())
    times = random_times(rng, start, np.full(n, period.days_in_month), np.array(HOURS_APPLIED))
    applied = pd.Series(np.sort(times)).astype("datetime64[ns]")
    person = rng.choice(len(weight), size=n, p=weight / weight.sum())

    authorised = rng.random(n) < AUTHORISED
    ranks = np.array(list(RANK_SHARE))
    rank = ranks[rng.choice(len(ranks), size=n, p=np.array(list(RANK_SHARE.values())))]
    minutes = DECISION_MEDIAN_MINUTES * np.exp(DECISION_SIGMA * rng.standard_normal(n))
    decided = applied + pd.to_timedelta(np.minimum(minutes, DECISION_MAX_MINUTES), unit="min")
    decided = decided.where(decided <= extracted, applied + (extracted - applied) / 2).dt.floor("s")

    dvpo = authorised & (rng.random(n) < DVPO_APPLIED)
    hearing = pd.Series(pd.NaT, index=applied.index, dtype="datetime64[ns]")
    for row in np.flatnonzero(dvpo):
        hearing[row] = hearing_time(rng, decided[row])
    granted = rng.random(n) < GRANTED
    heard = dvpo & (hearing <= extracted).to_numpy()
    outcome = np.where(heard, np.where(granted, "granted", "refused"), None)
    full = rng.random(n) < FULL_ORDER_SHARE
    length = np.where(full, 28, rng.integers(14, 28, n))
    return pd.DataFrame(
        {
            "person": person,
            "dvpn_applied_at": applied.dt.floor("s"),
            "dvpn_decision": np.where(authorised, "authorised", "refused"),
            "authorising_rank": rank,
            "dvpn_decided_at": decided,
            "dvpo_applied": dvpo,
            "court_hearing_at": hearing,
            "dvpo_outcome": outcome,
            "order_length_days": pd.Series(length).astype("Int64").where(outcome == "granted"),
        }
    )


def build_cases(world: World, pool: pd.DataFrame) -> pd.DataFrame:
    periods = world.periods
    adult = pool["date_of_birth"] + pd.DateOffset(years=MIN_AGE_YEARS) <= periods[0].start_time
    weight = np.minimum(pool["propensity"].to_numpy(), PROPENSITY_CAP) * adult.to_numpy()
    extracted = periods[-1].end_time.floor("s")
    cases = pd.concat(
        [draw_month(world.month_rng(STREAM, p), weight, p, extracted) for p in periods],
        ignore_index=True,
    )
    cases.insert(0, "force_id", world.force_id)
    cases.insert(1, "case_ref", case_refs(cases["dvpn_applied_at"], world.force_id))
    cases.insert(2, "nominal_id", pool["nominal_id"].to_numpy()[cases.pop("person")])
    return cases


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_cases(world, people(world, places))
