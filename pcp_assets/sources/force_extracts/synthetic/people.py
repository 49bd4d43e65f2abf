"""The people the force's person-level extracts name: suspects, detainees, IOM nominals.

Not an extract: a pool drawn once per run (`people(world, places)`) that custody, offender links,
IOM, DVPN/DVPO and wanted-suspect generators all pick from, so the same person carries the same
nominal ID, name and date of birth in every extract. Names are drawn from short lists of common
English names; every person is fictional. Offending is concentrated as it is in life: a
propensity drawn from a heavy-tailed distribution makes a few people account for many offences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix
from pcp_assets.sources.force_extracts.synthetic.reference import Places
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 10
POPULATION = 30_000  # people known to a force of ~65,000 crimes a year, over a few years
FORENAMES = (
    "Aaron",
    "Adam",
    "Alex",
    "Alice",
    "Amy",
    "Ben",
    "Callum",
    "Chloe",
    "Connor",
    "Craig",
    "Dan",
    "Dean",
    "Emma",
    "Ethan",
    "Gary",
    "Grace",
    "Hannah",
    "Jack",
    "Jade",
    "James",
    "Jamie",
    "Jason",
    "Jodie",
    "Josh",
    "Kelly",
    "Kieran",
    "Kyle",
    "Lee",
    "Leah",
    "Liam",
    "Lewis",
    "Luke",
    "Mark",
    "Megan",
    "Nathan",
    "Paul",
    "Reece",
    "Rhys",
    "Ryan",
    "Sam",
    "Sarah",
    "Scott",
    "Sean",
    "Shane",
    "Sophie",
    "Stacey",
    "Tom",
    "Tyler",
    "Wayne",
    "Zoe",
)
SURNAMES = (
    "Allen",
    "Bailey",
    "Baker",
    "Barker",
    "Bell",
    "Brown",
    "Carter",
    "Clarke",
    "Cole",
    "Cook",
    "Cooper",
    "Davies",
    "Edwards",
    "Evans",
    "Fisher",
    "Foster",
    "Green",
    "Hall",
    "Harris",
    "Hill",
    "Hughes",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "King",
    "Lewis",
    "Marsh",
    "Martin",
    "Mason",
    "Moore",
    "Morris",
    "Parker",
    "Price",
    "Roberts",
    "Robinson",
    "Shaw",
    "Smith",
    "Taylor",
    "Thomas",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
)
# Age at the end of the trends (World.trends_to): offending peaks in the late teens and twenties.
AGE_MEAN, AGE_SIGMA, AGE_MIN, AGE_MAX = 31.0, 11.0, 12, 85


def nominal_ids(force_id: str, n: int) -> np.ndarray:
    """`MS-N0001234`: the force's prefix and a person number, as a records system would issue."""
    prefix = ref_prefix(force_id)
    return np.array([f"{prefix}-N{i:07d}" for i in range(1, n + 1)])


def draw_people(world: World, places: Places) -> pd.DataFrame:
    rng = world.rng(STREAM)
    n = POPULATION
    age = np.clip(rng.normal(AGE_MEAN, AGE_SIGMA, n), AGE_MIN, AGE_MAX)
    end = world.trends_to.end_time.normalize()
    born = end - pd.to_timedelta(np.round(age * 365.25), unit="D")
    home = places.pick(rng, n)
    return pd.DataFrame(
        {
            "nominal_id": nominal_ids(world.force_id, n),
            "forename": rng.choice(FORENAMES, n),
            "surname": rng.choice(SURNAMES, n),
            "date_of_birth": pd.DatetimeIndex(born).normalize(),
            "beat_code": places.lsoas["beat_code"].to_numpy()[home],
            "area": places.lsoas["area"].to_numpy()[home],
            # relative chance of being the suspect of a given crime (heavy-tailed: Pareto, a=1.5)
            "propensity": rng.pareto(1.5, n) + 0.05,
        }
    )


def people(world: World, places: Places) -> pd.DataFrame:
    """The run's pool of people (the same frame for every generator that asks)."""
    return world.once("people", lambda: draw_people(world, places))
