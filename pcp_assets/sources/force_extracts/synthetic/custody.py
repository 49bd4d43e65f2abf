"""Custody records: arrests booked into the force's suites and, from part way through the history,
voluntary-attendance appointments for biometric capture (reference paper 2.1.12).

Volumes for a force of ~65,000 crimes a year: about 13,500 detainees a year (~1,100 a month,
gently seasonal, summer peak), and from `VA_FROM_MONTHS_BEFORE_END` months before the end month
(like the July 2019 process) voluntary attendances rising from ~15 to ~45 a month. Detainees are
drawn from the run's people by propensity, capped (so prolific offenders come back, up to about
17 times in 25 months), aged 10 or over; each
is taken to the suite of their home district, or their area's first suite. The arrest offence is
that of a crime recorded in the same month, drawn with the offences that lead to arrest weighted
up. Detention is lognormal (median ~9 hours), a few run to superintendent's extensions and
warrants of further detention, never past PACE's 96 hours; a detainee still held when the files
are extracted (after the end month) has no `released_at`. About 97% of detainees are eligible
for fingerprints, 93% for DNA and 98% for a photograph; capture among the eligible is ~95%, ~86%
and ~97%. Voluntary attendees come to give biometrics: eligible for all three, nearly all taken.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_contracts.custody import BIOMETRICS, custody_suites
from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix, seasonal
from pcp_assets.sources.force_extracts.synthetic.people import people
from pcp_assets.sources.force_extracts.synthetic.profile import Season
from pcp_assets.sources.force_extracts.synthetic.reference import Places, random_times
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 11
NEEDS = ("crimes",)

DETAINEES_PER_YEAR = 13_500
SEASON = Season(0.06, 7)
# Bookings by hour 00..23: through the evening and night more than the morning.
HOURS_BOOKED = (5, 4, 3, 2, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 6)
HOURS_APPOINTMENT = (0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 4, 2, 3, 4, 4, 2, 0, 0, 0, 0, 0, 0, 0)
DETENTION_MEDIAN_HOURS, DETENTION_SIGMA = 9.0, 0.6
EXTENDED_SHARE = 0.02  # held past 24 hours: extensions and warrants, up to 96 hours
MAX_DETENTION_HOURS = 96
# Relative chance a recorded crime of the subgroup leads to an arrest (default 1).
ARREST_WEIGHT = {
    "Violence with injury": 4.0,
    "Violence without injury": 2.5,
    "Stalking and harassment": 2.0,
    "Rape": 3.0,
    "Other sexual offences": 3.0,
    "Robbery of personal property": 3.0,
    "Robbery of business property": 3.0,
    "Burglary residential": 1.5,
    "Shoplifting": 2.0,
    "Trafficking of drugs": 6.0,
    "Possession of drugs": 4.0,
    "Possession of weapons offences": 5.0,
    "Public order offences": 2.0,
    "Bicycle theft": 0.2,
    "Vehicle offences": 0.5,
}
DOMESTIC_ABUSE_ARREST_FACTOR = 2.0
ELIGIBLE = {"fingerprints": 0.97, "dna": 0.93, "photo": 0.98}
TAKEN = {"fingerprints": 0.95, "dna": 0.86, "photo": 0.97}
VA_FROM_MONTHS_BEFORE_END = 15
VA_PER_MONTH = (15.0, 45.0)  # in the first month of the process, and the end month
VA_ELIGIBLE, VA_TAKEN = 0.99, 0.97
VA_MINUTES = (30, 120)
MIN_AGE_YEARS = 10
# The pool's propensity is heavy-tailed without bound; capped, the most prolific person is
# booked in about 17 times in 25 months rather than hundreds.
PROPENSITY_CAP = 30.0


def monthly_counts(
    rng: np.random.Generator, period: pd.Period, before_end: float
) -> tuple[int, int]:
    """The month's arrests and voluntary attendances."""
    expected = DETAINEES_PER_YEAR / 365.25 * period.days_in_month
    arrests = int(rng.poisson(expected * seasonal(SEASON, np.array([period.month]))[0]))
    if before_end > VA_FROM_MONTHS_BEFORE_END:
        return arrests, 0
    ramp = min(1 - before_end / max(VA_FROM_MONTHS_BEFORE_END, 1), 1)
    return arrests, int(rng.poisson(VA_PER_MONTH[0] + (VA_PER_MONTH[1] - VA_PER_MONTH[0]) * ramp))


def offences_of(rng: np.random.Generator, crimes: pd.DataFrame, n: int) -> np.ndarray:
    """An offence code per record: that of one of the month's crimes."""
    weight = crimes["offence_subgroup"].map(ARREST_WEIGHT).fillna(1.0).to_numpy()
    weight = weight * np.where(crimes["domestic_abuse"], DOMESTIC_ABUSE_ARREST_FACTOR, 1.0)
    chosen = rng.choice(len(crimes), size=n, p=weight / weight.sum())
    return crimes["offence_code"].to_numpy()[chosen]


def suite_of(pool: pd.DataFrame, places: Places, force_id: str) -> np.ndarray:
    """Each person's suite: their home district's, else their area's first."""
    suites = custody_suites(force_id)
    by_district = {district: suite for suite, _area, district in suites}
    by_area: dict[str, str] = {}
    for suite, area, _district in suites:
        by_area.setdefault(area, suite)
    district = pool["beat_code"].map(
        places.lsoas.drop_duplicates("beat_code").set_index("beat_code")["district"]
    )
    return np.where(
        district.isin(list(by_district)),
        district.map(by_district),
        pool["area"].map(by_area),
    )


def custody_refs(booked_in_at: pd.Series, force_id: str) -> pd.Series:
    """`MS/CU/26/000123`: force prefix, two-digit year, number within the year in booking order."""
    year = booked_in_at.dt.year
    number = year.groupby(year).cumcount() + 1
    return (
        ref_prefix(force_id)
        + "/CU/"
        + (year % 100).astype(str).str.zfill(2)
        + "/"
        + number.astype(str).str.zfill(6)
    )


def draw_month(
    rng: np.random.Generator,
    pool: pd.DataFrame,
    weight: np.ndarray,
    crimes: pd.DataFrame,
    period: pd.Period,
    before_end: float,
) -> pd.DataFrame:
    """The month's custody records, released_at as it will be (later trimmed to the extraction)."""
    arrests, voluntary = monthly_counts(rng, period, before_end)
    n = arrests + voluntary
    is_va = np.repeat([False, True], [arrests, voluntary])
    hours = np.where(is_va[:, None], np.array(HOURS_APPOINTMENT), np.array(HOURS_BOOKED))
    start = np.full(n, period.start_time.to_datetime64())
    booked = random_times(rng, start, np.full(n, period.days_in_month), hours)
    person = rng.choice(len(pool), size=n, p=weight / weight.sum())

    minutes = DETENTION_MEDIAN_HOURS * 60 * np.exp(DETENTION_SIGMA * rng.standard_normal(n))
    extended = rng.random(n) < EXTENDED_SHARE
    # PACE's 24 hours: a long draw is a detainee released late on the first day, not at the limit
    minutes = np.where(minutes >= 24 * 60, rng.uniform(16 * 60, 24 * 60 - 1, n), minutes)
    minutes = np.where(extended, rng.uniform(24 * 60, MAX_DETENTION_HOURS * 60 - 1, n), minutes)
    minutes = np.where(is_va, rng.uniform(*VA_MINUTES, n), minutes)
    frame = pd.DataFrame(
        {
            "booked_in_at": booked,
            "released_at": booked + (minutes * 60).astype("timedelta64[s]"),
            "person": person,
            "arrest_offence_code": offences_of(rng, crimes, n),
            "attendance_type": np.where(is_va, "voluntary_attendance", "arrest"),
        }
    )
    for biometric in BIOMETRICS:
        eligible = rng.random(n) < np.where(is_va, VA_ELIGIBLE, ELIGIBLE[biometric])
        taken = eligible & (rng.random(n) < np.where(is_va, VA_TAKEN, TAKEN[biometric]))
        frame[f"{biometric}_eligible"] = eligible
        frame[f"{biometric}_taken"] = taken
    return frame


def build_custody(world: World, pool: pd.DataFrame, places: Places) -> pd.DataFrame:
    periods, crimes = world.periods, world.frames["crimes"]
    old_enough = pool["date_of_birth"] + pd.DateOffset(years=MIN_AGE_YEARS) <= periods[0].start_time
    weight = np.minimum(pool["propensity"].to_numpy(), PROPENSITY_CAP) * old_enough.to_numpy()
    crime_month = crimes["recorded_at"].dt.to_period("M")
    months = [
        draw_month(
            world.month_rng(STREAM, period), pool, weight, crimes[crime_month == period], period, b
        )
        for period, b in zip(periods, world.months_before_trends_end(), strict=True)
    ]
    frame = pd.concat(months, ignore_index=True)
    extracted = periods[-1].end_time.to_datetime64()
    frame["released_at"] = frame["released_at"].where(frame["released_at"] <= extracted)
    person = pool.iloc[frame.pop("person").to_numpy()]
    frame["force_id"] = world.force_id
    frame["suite"] = suite_of(person, places, world.force_id)
    for column in ("nominal_id", "forename", "surname", "date_of_birth"):
        frame[column] = person[column].to_numpy()
    frame = frame.sort_values("booked_in_at", kind="stable", ignore_index=True)
    frame.insert(1, "custody_ref", custody_refs(frame["booked_in_at"], world.force_id))
    return frame


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_custody(world, people(world, places), places)
