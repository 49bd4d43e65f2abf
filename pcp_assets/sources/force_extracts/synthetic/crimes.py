"""Recorded crimes: how many of each offence per month, then when, where, and flags."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic import profile
from pcp_assets.sources.force_extracts.synthetic.reference import (
    Places,
    by_offence,
    offences,
    pick,
    random_times,
)
from pcp_assets.sources.force_extracts.synthetic.world import World


def seasonal(season: profile.Season | None, calendar_month: np.ndarray) -> np.ndarray:
    if season is None:
        return np.ones(len(calendar_month))
    angle = 2 * np.pi * (calendar_month - season.peak_month) / 12
    return 1 + season.amplitude * np.cos(angle)


def all_crime_trend(before_end: np.ndarray) -> np.ndarray:
    """The long gentle decline, then an upturn over the final months."""
    decline = (1 + profile.ALL_CRIME_GROWTH_PER_YEAR) ** (-before_end / 12)
    ramp = np.clip((profile.UPTURN_MONTHS - before_end) / profile.UPTURN_MONTHS, 0, 1)
    return decline * (1 + profile.UPTURN_SIZE * ramp)


def in_force(offences: pd.DataFrame, periods: pd.PeriodIndex) -> np.ndarray:
    """(months x codes): code in force for the whole month (the seed changes codes on month
    boundaries, so nothing is lost)."""
    start = periods.start_time.to_numpy()[:, None]
    end = periods.end_time.normalize().to_numpy()[:, None]
    valid_from = offences["valid_from"].to_numpy()[None, :]
    valid_to = offences["valid_to"].to_numpy()[None, :]
    return (valid_from <= start) & (np.isnat(valid_to) | (valid_to >= end))


def expected_counts(
    offences: pd.DataFrame, periods: pd.PeriodIndex, before_end: np.ndarray
) -> np.ndarray:
    """(months x codes) expected number of recorded crimes, `before_end` months before the end
    of the trends."""
    share = np.where(in_force(offences, periods), offences["share"].to_numpy()[None, :], 0.0)
    share /= share.sum(axis=1, keepdims=True)
    calendar_month = periods.month.to_numpy()
    seasons = by_offence(offences, profile.SEASONS, None)
    growth = np.array(by_offence(offences, profile.GROWTH_PER_YEAR, 0.0))
    season = np.column_stack([seasonal(s, calendar_month) for s in seasons])
    trend = (1 + growth[None, :]) ** (-before_end[:, None] / 12)
    days = periods.days_in_month.to_numpy()[:, None]
    per_day = profile.CRIMES_PER_YEAR / 365.25 * all_crime_trend(before_end)[:, None]
    return per_day * days * share * season * trend


def draw_month(
    rng: np.random.Generator,
    offences: pd.DataFrame,
    places: Places,
    periods: pd.PeriodIndex,
    before_end: np.ndarray,
    force_id: str,
) -> pd.DataFrame:
    """The crimes of `periods` (one month, `before_end` months before the trends' end), without
    their references."""
    counts = rng.poisson(expected_counts(offences, periods, before_end))
    month, code = np.nonzero(counts)
    repeats = counts[month, code]
    month, code = np.repeat(month, repeats), np.repeat(code, repeats)
    n = len(code)
    group = offences["offence_group"].to_numpy()[code]

    night = np.isin(group, list(profile.NIGHTTIME_GROUPS))
    hours = np.where(
        night[:, None], np.array(profile.HOURS_NIGHTTIME), np.array(profile.HOURS_DAYTIME)
    )
    recorded_at = random_times(
        rng, periods.start_time.to_numpy()[month], periods.days_in_month.to_numpy()[month], hours
    )

    drift = np.array(by_offence(offences, profile.NORTH_SHARE_DRIFT_PER_YEAR, 0.0))[code]
    p_north = np.clip(places.north_share() - drift * before_end[month] / 12, 0.05, 0.95)
    lsoa = places.lsoas.iloc[places.pick(rng, n, north=rng.random(n) < p_north)]

    da_rate = np.array(by_offence(offences, profile.DA_RATE, profile.DEFAULT_DA_RATE))[code]
    statuses = list(profile.STATUS_SHARE)
    status = np.array(statuses)[pick(rng, np.array(list(profile.STATUS_SHARE.values())), n)]

    return pd.DataFrame(
        {
            "force_id": force_id,
            "recorded_at": recorded_at,
            "offence_code": offences["offence_code"].to_numpy()[code],
            "offence_description": offences["offence_description"].to_numpy()[code],
            "area": lsoa["area"].to_numpy(),
            "district": lsoa["district"].to_numpy(),
            "beat_code": lsoa["beat_code"].to_numpy(),
            "lsoa_code": lsoa["lsoa_code"].to_numpy(),
            "domestic_abuse": rng.random(n) < da_rate,
            "status": status,
            "offence_subgroup": offences["offence_subgroup"].to_numpy()[code],
            "offence_group": group,
        }
    )


def build_crimes(world: World, offences: pd.DataFrame, places: Places) -> pd.DataFrame:
    """All crimes of the world's months, ordered by recorded_at, with the extract's columns plus
    offence_subgroup and offence_group (for the outcome and incident builders)."""
    before_end = world.months_before_trends_end()
    months = [
        draw_month(
            world.month_rng(STREAM, period),
            offences,
            places,
            world.periods[i : i + 1],
            before_end[i : i + 1],
            world.force_id,
        )
        for i, period in enumerate(world.periods)
    ]
    crimes = pd.concat(months, ignore_index=True)
    crimes = crimes.sort_values("recorded_at", kind="stable", ignore_index=True)
    first = world.periods[0]
    crimes.insert(1, "crime_ref", crime_refs(crimes["recorded_at"], world.force_id, first))
    return crimes


def ref_prefix(force_id: str) -> str:
    return profile.CRIME_REF_PREFIX.get(force_id, force_id[:2].upper())


def crime_refs(recorded_at: pd.Series, force_id: str, first: pd.Period) -> pd.Series:
    """`MS/26/004711`: force prefix, two-digit year, number within the year in recording order.
    The first year continues from roughly where a full year's numbering would have reached."""
    year = recorded_at.dt.year
    number = year.groupby(year).cumcount() + 1
    elapsed = (first.start_time - pd.Timestamp(year=first.year, month=1, day=1)).days
    number = number + np.where(
        year == first.year, round(profile.CRIMES_PER_YEAR * elapsed / 365.25), 0
    )
    return (
        ref_prefix(force_id)
        + "/"
        + (year % 100).astype(str).str.zfill(2)
        + "/"
        + number.astype(str).str.zfill(6)
    )


STREAM = 1
NEEDS: tuple[str, ...] = ()


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_crimes(world, offences(), places)
