"""Offender links: the person a recorded crime is attributed to, as suspect or offender.

Whether a crime has a named person follows its (latest) outcome: a charge, caution, TIC, penalty
notice, cannabis warning or community resolution (outcome types 1, 2, 3, 4, 6, 7, 8) names an
offender; outcomes that say a suspect was identified (5, 9-12, 15, 16, 21, 22) mostly name a
suspect; "no suspect identified" (14, 18) and fraud (19) name nobody; a crime still pending at
the end of the period has a suspect at a rate that depends on its offence (shoplifting, drugs,
weapons and violence often, burglary and vehicle crime rarely). Overall about 40% of recorded
crimes are linked, some to two people: ~29,000 links a year for a force of ~65,000 crimes.

People come from the run's pool (people.py), drawn by their propensity (capped, so the most
prolific person has tens of linked crimes a year, not hundreds) and mostly from the crime's own
area. A link is made between the crime's recording and the end of its outcome's day, usually
within days of recording; a link that would fall after the last generated month is not there yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix
from pcp_assets.sources.force_extracts.synthetic.people import people
from pcp_assets.sources.force_extracts.synthetic.reference import Places
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 13
NEEDS = ("crimes", "outcomes")

OFFENDER_OUTCOMES = frozenset({1, 2, 3, 4, 6, 7, 8})
# Chance that a crime with this final outcome has a named suspect (offender outcomes: always).
SUSPECT_BY_OUTCOME: Mapping[int, float] = MappingProxyType(
    {5: 0.8, 9: 0.8, 10: 0.75, 11: 0.8, 12: 0.8, 13: 0.4, 15: 0.75, 16: 0.75, 17: 0.4, 20: 0.2}
    | {21: 0.3, 22: 0.95}
)
# Pending crimes: chance of a named suspect so far, by offence subgroup.
SUSPECT_WHEN_PENDING: Mapping[str, float] = MappingProxyType(
    {
        "Shoplifting": 0.6,
        "Possession of drugs": 0.95,
        "Trafficking of drugs": 0.9,
        "Possession of weapons offences": 0.9,
        "Violence with injury": 0.5,
        "Violence without injury": 0.45,
        "Stalking and harassment": 0.7,
        "Homicide": 0.9,
        "Burglary residential": 0.05,
        "Burglary dwelling": 0.05,
        "Burglary business and community": 0.05,
        "Burglary other than dwelling": 0.05,
        "Vehicle offences": 0.03,
        "Bicycle theft": 0.03,
        "Theft from the person": 0.05,
    }
)
DEFAULT_SUSPECT_WHEN_PENDING = 0.25
SECOND_PERSON_RATE = 0.06  # linked crimes with a co-suspect
PROPENSITY_CAP = 25.0  # the most prolific: tens of linked crimes a year
SAME_AREA_WEIGHT = 4.0  # people mostly offend near home
PENDING_LINK_MEAN_DAYS = 6.0
LINK_SHARE_OF_WAIT = 4.0  # Beta(1, 4): a link usually comes early between recording and outcome


def final_outcomes(crimes: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each recorded crime with its latest outcome type and date (NaN/NaT while pending)."""
    latest = outcomes.sort_values("outcome_date", kind="stable").drop_duplicates(
        "crime_ref", keep="last"
    )
    recorded = crimes[crimes["status"] == "recorded"]
    return recorded.merge(
        latest[["crime_ref", "outcome_type", "outcome_date"]], on="crime_ref", how="left"
    )


def suspect_chance(crimes: pd.DataFrame) -> np.ndarray:
    outcome = crimes["outcome_type"]
    by_outcome = outcome.map(dict(SUSPECT_BY_OUTCOME)).fillna(0.0)
    by_outcome = by_outcome.where(~outcome.isin(OFFENDER_OUTCOMES), 1.0)
    pending = crimes["offence_subgroup"].map(dict(SUSPECT_WHEN_PENDING))
    pending = pending.fillna(DEFAULT_SUSPECT_WHEN_PENDING)
    return np.where(outcome.isna(), pending, by_outcome)


def link_times(rng: np.random.Generator, crimes: pd.DataFrame) -> np.ndarray:
    """Between recording and the end of the outcome's day; pending: days after recording."""
    recorded_at = crimes["recorded_at"].to_numpy().astype("datetime64[s]")
    outcome_end = crimes["outcome_date"].to_numpy().astype("datetime64[s]") + np.timedelta64(
        86_399, "s"
    )
    wait = (outcome_end - recorded_at).astype(np.int64)
    share = rng.beta(1.0, LINK_SHARE_OF_WAIT, len(crimes))
    pending = rng.exponential(PENDING_LINK_MEAN_DAYS * 86_400, len(crimes))
    seconds = np.where(crimes["outcome_date"].isna(), pending, share * np.maximum(wait, 0))
    return recorded_at + seconds.astype(np.int64).astype("timedelta64[s]")


def pick_people(rng: np.random.Generator, pool: pd.DataFrame, area: np.ndarray) -> np.ndarray:
    """Row positions in the pool: by capped propensity, people of the crime's area favoured."""
    chosen = np.empty(len(area), dtype=np.int64)
    propensity = np.minimum(pool["propensity"].to_numpy(), PROPENSITY_CAP)
    for place in np.unique(area):
        rows = np.flatnonzero(area == place)
        weight = propensity * np.where(pool["area"].to_numpy() == place, SAME_AREA_WEIGHT, 1.0)
        chosen[rows] = rng.choice(len(pool), size=len(rows), p=weight / weight.sum())
    return chosen


def build_links(
    rng: np.random.Generator,
    crimes: pd.DataFrame,
    outcomes: pd.DataFrame,
    pool: pd.DataFrame,
    end: pd.Period,
    force_id: str,
) -> pd.DataFrame:
    """One row per link made by the end of `end`, numbered in order of linking."""
    ended = final_outcomes(crimes, outcomes)
    linked = ended[rng.random(len(ended)) < suspect_chance(ended)].reset_index(drop=True)
    second = linked[rng.random(len(linked)) < SECOND_PERSON_RATE]
    rows = pd.concat([linked, second], ignore_index=True)
    rows["linked_at"] = link_times(rng, rows)
    rows["person"] = pick_people(rng, pool, rows["area"].to_numpy())
    rows = rows.drop_duplicates(["crime_ref", "person"])
    rows = rows[rows["linked_at"] <= end.end_time.floor("s")]
    rows = rows.sort_values(["linked_at", "crime_ref"], kind="stable", ignore_index=True)
    numbers = pd.Series(np.arange(1, len(rows) + 1)).astype(str).str.zfill(8).to_numpy()
    return pd.DataFrame(
        {
            "force_id": force_id,
            "link_ref": ref_prefix(force_id) + "-L" + numbers,
            "crime_ref": rows["crime_ref"],
            "nominal_id": pool["nominal_id"].to_numpy()[rows["person"]],
            "role": np.where(rows["outcome_type"].isin(OFFENDER_OUTCOMES), "offender", "suspect"),
            "linked_at": rows["linked_at"],
        }
    )


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_links(
        world.rng(STREAM),
        world.frames["crimes"],
        world.frames["outcomes"],
        people(world, places),
        world.periods[-1],
        world.force_id,
    )
