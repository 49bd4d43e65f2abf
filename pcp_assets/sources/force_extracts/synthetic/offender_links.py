"""Offender links: the person a recorded crime is attributed to, as suspect or offender.

Whether a crime has a named person follows its (latest) outcome, however long it takes to come:
a charge, caution, TIC, penalty notice, cannabis warning or community resolution (outcome types
1, 2, 3, 4, 6, 7, 8) names an offender; outcomes that say a suspect was identified (5, 9-12, 15,
16, 21, 22) mostly name a suspect; "no suspect identified" (14, 18) and fraud (19) name nobody.
A link's role is "offender" once an offender outcome is known by the end of the last month, else
"suspect" (so a crime still pending has suspects). Overall about 40% of recorded crimes are
linked, some to two people: ~29,000 links a year for a force of ~65,000 crimes.

People come from the run's pool (people.py), drawn by their propensity (capped, so the most
prolific person has tens of linked crimes a year, not hundreds) and mostly from the crime's own
area. A link is made between the crime's recording and the end of its outcome's day, usually
within days of recording; a link that would fall after the last generated month is not there yet.
Links are drawn month by month of the crimes' recording, so a history extended by a month keeps
its links and adds the new month's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix
from pcp_assets.sources.force_extracts.synthetic.outcomes import eventual_outcomes
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
SECOND_PERSON_RATE = 0.06  # linked crimes with a co-suspect
PROPENSITY_CAP = 25.0  # the most prolific: tens of linked crimes a year
SAME_AREA_WEIGHT = 4.0  # people mostly offend near home
LINK_SHARE_OF_WAIT = 4.0  # Beta(1, 4): a link usually comes early between recording and outcome


def latest_outcomes(crimes: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each recorded crime with the type and date of its latest outcome row (NaN/NaT if none)."""
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
    return by_outcome.where(~outcome.isin(OFFENDER_OUTCOMES), 1.0).to_numpy()


def link_times(rng: np.random.Generator, crimes: pd.DataFrame) -> np.ndarray:
    """Between recording and the end of the outcome's day, usually early."""
    recorded_at = crimes["recorded_at"].to_numpy().astype("datetime64[s]")
    outcome_end = crimes["outcome_date"].to_numpy().astype("datetime64[s]") + np.timedelta64(
        86_399, "s"
    )
    wait = (outcome_end - recorded_at).astype(np.int64)
    share = rng.beta(1.0, LINK_SHARE_OF_WAIT, len(crimes))
    seconds = share * np.maximum(wait, 0)
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


def draw_month(rng: np.random.Generator, ended: pd.DataFrame, pool: pd.DataFrame) -> pd.DataFrame:
    """One month's recorded crimes (with their eventual outcome): whom they are linked to, when."""
    linked = ended[rng.random(len(ended)) < suspect_chance(ended)].reset_index(drop=True)
    second = linked[rng.random(len(linked)) < SECOND_PERSON_RATE]
    rows = pd.concat([linked, second], ignore_index=True)
    rows["linked_at"] = link_times(rng, rows)
    rows["person"] = pick_people(rng, pool, rows["area"].to_numpy())
    return rows[["crime_ref", "person", "linked_at"]]


def build_links(world: World, pool: pd.DataFrame) -> pd.DataFrame:
    """One row per link made by the end of the last month, numbered in order of linking."""
    crimes, end = world.frames["crimes"], world.periods[-1]
    ended = latest_outcomes(crimes, eventual_outcomes(world))
    month = ended["recorded_at"].dt.to_period("M")
    rows = pd.concat(
        [draw_month(world.month_rng(STREAM, p), ended[month == p], pool) for p in world.periods],
        ignore_index=True,
    )
    rows = rows.drop_duplicates(["crime_ref", "person"])
    rows = rows[rows["linked_at"] <= end.end_time.floor("s")]
    rows = rows.sort_values(["linked_at", "crime_ref"], kind="stable", ignore_index=True)
    known = latest_outcomes(crimes, world.frames["outcomes"]).set_index("crime_ref")
    offender = rows["crime_ref"].map(known["outcome_type"]).isin(OFFENDER_OUTCOMES)
    numbers = pd.Series(np.arange(1, len(rows) + 1)).astype(str).str.zfill(8).to_numpy()
    return pd.DataFrame(
        {
            "force_id": world.force_id,
            "link_ref": ref_prefix(world.force_id) + "-L" + numbers,
            "crime_ref": rows["crime_ref"],
            "nominal_id": pool["nominal_id"].to_numpy()[rows["person"]],
            "role": np.where(offender, "offender", "suspect"),
            "linked_at": rows["linked_at"],
        }
    )


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_links(world, people(world, places))
