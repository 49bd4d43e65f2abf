"""Proactive operations and teams: each one's results for every month it ran.

Five, as a county force might run in a year (figures a month, about the reference paper's):
- the Northern and Southern Impact Teams target street-level drug dealing every month (each ~15
  arrests, ~10 charges, ~£4,700 cash and ~£5,400 of drugs seized, ~1 weapon, ~75 months of
  sentences secured); the Southern team was formed 13 months before the last generated month;
- Op Dampen, a six-month rural drugs operation ending three months before the last month;
- the County Lines Week of Action, every third month (~20 arrests, ~£3,000 cash);
- Op Oculus, a crime prevention operation in the spring and autumn (few arrests, no seizures).
About 40 arrests and £13,000 of cash a month in all; 3-4 rows a month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pcp_assets.sources.force_extracts.synthetic.reference import Places
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 18
NEEDS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    name: str
    arrests: float  # mean a month it runs
    charge_share: float
    cash: float  # mean pounds a month
    drugs: float
    weapons: float
    sentence_months_per_charge: float


OPERATIONS = (
    Operation("Northern Impact Team", 14, 0.65, 4_200, 5_000, 1.0, 7.0),
    Operation("Southern Impact Team", 15, 0.68, 4_700, 5_400, 1.2, 7.5),
    Operation("Op Dampen", 6, 0.6, 2_500, 4_000, 0.5, 9.0),
    Operation("County Lines Week of Action", 20, 0.55, 3_000, 6_000, 2.0, 8.0),
    Operation("Op Oculus", 2, 0.4, 0, 0, 0.0, 2.0),
)
SOUTHERN_FORMED_BEFORE_END = 13
DAMPEN_MONTHS_BEFORE_END = range(3, 9)


def runs(name: str, period: pd.Period, before_end: float) -> bool:
    """Whether the operation ran in the month (`before_end` months before the trends' end)."""
    if name == "Southern Impact Team":
        return before_end <= SOUTHERN_FORMED_BEFORE_END
    if name == "Op Dampen":
        return before_end in DAMPEN_MONTHS_BEFORE_END
    if name == "County Lines Week of Action":
        return period.month % 3 == 1
    if name == "Op Oculus":
        return period.month in (4, 10)
    return True


def money(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    """Pounds and pence: gamma distributed (a few big seizures), zero when the mean is."""
    if mean == 0:
        return np.zeros(n)
    return np.round(rng.gamma(2.0, mean / 2.0, n), 2)


def build_operations(world: World) -> pd.DataFrame:
    """Month by month, each from its month's generator: a row per operation that ran."""
    rows = []
    for period, before_end in zip(world.periods, world.months_before_trends_end(), strict=True):
        rng = world.month_rng(STREAM, period)
        for op in OPERATIONS:
            if not runs(op.name, period, before_end):
                continue
            arrests = int(rng.poisson(op.arrests))
            charges = int(rng.binomial(arrests, op.charge_share))
            rows.append(
                {
                    "force_id": world.force_id,
                    "month_start": period.start_time,
                    "operation": op.name,
                    "arrests": arrests,
                    "charges": charges,
                    "cash_seized": money(rng, op.cash, 1)[0],
                    "drugs_seized_value": money(rng, op.drugs, 1)[0],
                    "weapons_seized": int(rng.poisson(op.weapons)),
                    "sentences_months": int(rng.poisson(op.sentence_months_per_charge * charges)),
                }
            )
    return pd.DataFrame(rows)


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_operations(world)
