"""Outcomes: each recorded crime's outcome type and date, and the few later revised."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic import profile
from pcp_assets.sources.force_extracts.synthetic.reference import Places, pick
from pcp_assets.sources.force_extracts.synthetic.world import World

TYPES = np.arange(1, 23)  # outcome types 1..22; column k of a mix vector is type k + 1


def mix_vector(mix: Mapping[int, float]) -> np.ndarray:
    vector = np.zeros(len(TYPES))
    for outcome_type, weight in mix.items():
        vector[outcome_type - 1] = weight
    return vector / vector.sum()


def outcome_probabilities(crimes: pd.DataFrame, before_end: np.ndarray) -> np.ndarray:
    """(crimes x 22) probability of each final outcome type."""
    subgroup, subgroups = pd.factorize(crimes["offence_subgroup"], sort=True)
    profiles = [profile.OUTCOMES.get(s, profile.DEFAULT_OUTCOMES) for s in subgroups]
    # One row per subgroup, plus a last row for domestic abuse.
    pp_mix = np.array([mix_vector(p.pp_mix) for p in profiles] + [mix_vector(profile.DA_PP_MIX)])
    other_mix = np.array(
        [mix_vector(p.other_mix) for p in profiles] + [mix_vector(profile.DA_OTHER_MIX)]
    )
    da = crimes["domestic_abuse"].to_numpy()
    mix_row = np.where(da, len(profiles), subgroup)

    pp = np.array([p.pp for p in profiles])[subgroup]
    pp = pp * (1 + profile.PP_DECLINE_PER_YEAR) ** (before_end / 12)
    pp = np.where(da, pp * profile.DA_PP_FACTOR, pp)
    months, shares = zip(*sorted(profile.DA_OUTCOME16), strict=True)
    o16 = np.where(
        da,
        np.interp(before_end, months, shares),
        np.array([p.outcome16 for p in profiles])[subgroup],
    )
    rest = np.clip(1 - pp - o16, 0, None)
    outcome16 = mix_vector({16: 1.0})
    return (
        pp[:, None] * pp_mix[mix_row]
        + o16[:, None] * outcome16[None, :]
        + rest[:, None] * other_mix[mix_row]
    )


def outcome_delays(rng: np.random.Generator, outcome_type: np.ndarray) -> np.ndarray:
    """Whole days from recording to outcome: lognormal by type, with a long tail to ~18 months."""
    medians = np.full(len(TYPES) + 1, profile.DEFAULT_OUTCOME_DELAY_MEDIAN_DAYS)
    for t, days in profile.OUTCOME_DELAY_MEDIAN_DAYS.items():
        medians[t] = days
    n = len(outcome_type)
    days = medians[outcome_type] * np.exp(profile.OUTCOME_DELAY_SIGMA * rng.standard_normal(n))
    tail = rng.uniform(profile.OUTCOME_DELAY_TAIL_FROM_DAYS, profile.OUTCOME_DELAY_MAX_DAYS, n)
    return np.floor(np.where(days > profile.OUTCOME_DELAY_MAX_DAYS, tail, days)).astype(np.int64)


def before_outcome22(outcome_type: np.ndarray, outcome_date: np.ndarray) -> np.ndarray:
    """Outcome 22 did not exist before April 2019: such outcomes were recorded as 21."""
    too_early = (outcome_type == 22) & (outcome_date < np.datetime64(profile.OUTCOME22_FROM))
    return np.where(too_early, 21, outcome_type)


def draw_from(rng: np.random.Generator, mix: Mapping[int, float], n: int) -> np.ndarray:
    return np.array(list(mix))[pick(rng, np.array(list(mix.values())), n)]


def revisions(rng: np.random.Generator, first: pd.DataFrame) -> pd.DataFrame:
    """A later row with a different outcome for a few crimes, always in a later month."""
    revised = first[rng.random(len(first)) < profile.REVISION_RATE]
    n = len(revised)
    original = revised["outcome_type"].to_numpy()
    was_pp = np.isin(original, list(profile.PROSECUTION_POSSIBLE))
    new = np.where(
        was_pp,
        draw_from(rng, profile.REVISED_FROM_PP, n),
        draw_from(rng, profile.REVISED_FROM_OTHER, n),
    )
    new = np.where(new == original, np.where(original == 1, 15, 1), new)
    low, high = profile.REVISION_DELAY_DAYS
    days = rng.integers(low, high + 1, n)
    first_date = revised["outcome_date"].to_numpy()
    date = first_date + days.astype("timedelta64[D]")
    # Any date plus 31 days is in a later month.
    same_month = date.astype("datetime64[M]") == first_date.astype("datetime64[M]")
    date = np.where(same_month, date + np.timedelta64(31, "D"), date)
    return revised.assign(outcome_type=before_outcome22(new, date), outcome_date=date)


def draw_month(rng: np.random.Generator, recorded: pd.DataFrame, before_end: float) -> pd.DataFrame:
    """Every outcome of one month's recorded crimes, however late (`revision` marks the later
    rows)."""
    probabilities = outcome_probabilities(recorded, np.full(len(recorded), before_end))
    outcome_type = TYPES[pick(rng, probabilities, len(recorded))]
    recorded_day = recorded["recorded_at"].to_numpy().astype("datetime64[D]")
    outcome_date = recorded_day + outcome_delays(rng, outcome_type).astype("timedelta64[D]")
    first = pd.DataFrame(
        {
            "force_id": recorded["force_id"].to_numpy(),
            "crime_ref": recorded["crime_ref"].to_numpy(),
            "outcome_type": before_outcome22(outcome_type, outcome_date),
            "outcome_date": outcome_date,
            "revision": False,
        }
    )
    return pd.concat([first, revisions(rng, first).assign(revision=True)], ignore_index=True)


def eventual_outcomes(world: World) -> pd.DataFrame:
    """The outcome rows of every recorded crime of the world, also those after its last month
    (drawn month by month of recording; the same frame for every generator that asks)."""

    def draw() -> pd.DataFrame:
        crimes = world.frames["crimes"]
        recorded = crimes[crimes["status"] == "recorded"]
        month = recorded["recorded_at"].dt.to_period("M")
        before_end = world.months_before_trends_end()
        return pd.concat(
            [
                draw_month(world.month_rng(STREAM, period), recorded[month == period], before)
                for period, before in zip(world.periods, before_end, strict=True)
            ],
            ignore_index=True,
        )

    return world.once("eventual_outcomes", draw)


def build_outcomes(eventual: pd.DataFrame, end: pd.Period) -> pd.DataFrame:
    """Outcome rows dated up to the end of `end`; crimes whose outcome would come later are
    pending. Cancelled and transferred crimes get none."""
    last_day = np.datetime64(end.end_time.date(), "D")
    rows = eventual[eventual["outcome_date"] <= last_day].drop(columns="revision")
    rows = rows.assign(outcome_date=rows["outcome_date"].astype("datetime64[s]"))
    return rows.sort_values(["outcome_date", "crime_ref"], kind="stable", ignore_index=True)


STREAM = 2
NEEDS = ("crimes",)


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_outcomes(eventual_outcomes(world), world.periods[-1])
