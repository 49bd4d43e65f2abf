"""Calls for service: those that raised a crime (linked) and the many that did not, drawn month
by month (a call that raised a crime falls in the crime's month)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic import profile
from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix, seasonal
from pcp_assets.sources.force_extracts.synthetic.reference import Places, pick, random_times
from pcp_assets.sources.force_extracts.synthetic.world import World

GRADES = np.array(profile.GRADES)


def linked_incidents(
    rng: np.random.Generator, crimes: pd.DataFrame, period: pd.Period
) -> pd.DataFrame:
    """The calls some of the month's crimes were raised from, shortly before the crime was
    recorded (never before the month)."""
    subgroup, subgroups = pd.factorize(crimes["offence_subgroup"], sort=True)
    links = [profile.INCIDENT_LINKS.get(s, profile.DEFAULT_INCIDENT_LINK) for s in subgroups]
    rate = np.array([link.rate for link in links])[subgroup]
    grade_mix = np.array([link.grades for link in links])[subgroup]
    chosen = rng.random(len(crimes)) < rate
    linked = crimes[chosen]
    n = len(linked)
    grade = GRADES[pick(rng, grade_mix[chosen], n)]
    lag = profile.CALL_TO_RECORD_MEDIAN_MINUTES * np.exp(
        profile.CALL_TO_RECORD_SIGMA * rng.standard_normal(n)
    )
    call_at = linked["recorded_at"].to_numpy() - (lag * 60).astype("timedelta64[s]")
    call_at = np.maximum(call_at, period.start_time.to_datetime64().astype("datetime64[s]"))
    return pd.DataFrame(
        {
            "grade": grade,
            "call_at": call_at,
            "linked_crime_ref": linked["crime_ref"].to_numpy(),
            "beat_code": linked["beat_code"].to_numpy(),
        }
    )


def unlinked_incidents(rng: np.random.Generator, places: Places, period: pd.Period) -> pd.DataFrame:
    season = seasonal(profile.UNLINKED_SEASON, np.array([period.month]))[0]
    expected = profile.UNLINKED_INCIDENTS_PER_YEAR / 365.25 * period.days_in_month * season
    n = int(rng.poisson(expected))
    call_at = random_times(
        rng,
        np.full(n, period.start_time.to_datetime64()),
        np.full(n, period.days_in_month),
        np.array(profile.HOURS_INCIDENTS),
    )
    return pd.DataFrame(
        {
            "grade": GRADES[pick(rng, np.array(profile.UNLINKED_GRADES), n)],
            "call_at": call_at,
            "linked_crime_ref": None,
            "beat_code": places.lsoas["beat_code"].to_numpy()[places.pick(rng, n)],
        }
    )


def attendance_seconds(rng: np.random.Generator, grade: np.ndarray) -> np.ndarray:
    """Seconds from call to arrival by grade; NaN for the calls nobody attended."""
    n = len(grade)
    median = np.zeros(n)
    sigma = np.zeros(n)
    for name, attendance in profile.ATTENDANCE.items():
        median[grade == name] = attendance.median_minutes
        sigma[grade == name] = attendance.sigma
    minutes = median * np.exp(sigma * rng.standard_normal(n))
    longest = profile.MAX_ATTENDANCE_DAYS * 24 * 60
    tail = rng.uniform(2 * 24 * 60, longest, n)
    minutes = np.where(minutes > longest, tail, minutes)
    not_attended = rng.random(n) < profile.NOT_ATTENDED_RATE
    return np.where(not_attended, np.nan, np.round(minutes * 60))


def incident_refs(call_at: pd.Series, force_id: str) -> pd.Series:
    """`MS-20261014-0123`: force prefix, call date, number of the call within the day."""
    day = call_at.dt.strftime("%Y%m%d")
    number = day.groupby(day).cumcount() + 1
    return ref_prefix(force_id) + "-" + day + "-" + number.astype(str).str.zfill(4)


def draw_month(
    rng: np.random.Generator, crimes: pd.DataFrame, places: Places, period: pd.Period
) -> pd.DataFrame:
    """The month's calls: those raising the month's crimes, then the others; with arrivals."""
    incidents = pd.concat(
        [linked_incidents(rng, crimes, period), unlinked_incidents(rng, places, period)],
        ignore_index=True,
    )
    seconds = attendance_seconds(rng, incidents["grade"].to_numpy())
    return incidents.assign(arrived_at=incidents["call_at"] + pd.to_timedelta(seconds, unit="s"))


def build_incidents(world: World, places: Places) -> pd.DataFrame:
    crimes = world.frames["crimes"]
    month = crimes["recorded_at"].dt.to_period("M")
    incidents = pd.concat(
        [
            draw_month(world.month_rng(STREAM, period), crimes[month == period], places, period)
            for period in world.periods
        ],
        ignore_index=True,
    )
    incidents = incidents.sort_values("call_at", kind="stable", ignore_index=True)
    incidents.insert(0, "force_id", world.force_id)
    incidents.insert(1, "incident_ref", incident_refs(incidents["call_at"], world.force_id))
    return incidents


STREAM = 3
NEEDS = ("crimes",)


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_incidents(world, places)
