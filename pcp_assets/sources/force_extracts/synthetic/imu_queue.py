"""The Investigation Management Unit's queues at each month end, one row per queue.

Five queues at levels typical of a force of ~65,000 crimes a year (about 1,600 open items in
all): crime allocation ~250, crime review ~550, file preparation ~180, intelligence ~150 and
victim updates ~420. Each month a queue moves by a persistent random drift (AR(1), ~8% a month)
and, once in a while (about one month in ten), a system outage or surge swells every queue by a
quarter for the month. The oldest open item's age (days) grows with the queue's size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_contracts.imu_queue import QUEUES
from pcp_assets.sources.force_extracts.synthetic.reference import Places
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 16
NEEDS: tuple[str, ...] = ()

LEVELS = {
    "crime_allocation": 250,
    "crime_review": 550,
    "file_preparation": 180,
    "intelligence": 150,
    "victim_updates": 420,
}
OLDEST_DAYS = {  # the oldest item's typical age at the queue's usual level
    "crime_allocation": 21,
    "crime_review": 60,
    "file_preparation": 35,
    "intelligence": 45,
    "victim_updates": 28,
}
DRIFT_SIGMA, DRIFT_KEEP = 0.08, 0.7
SURGE_CHANCE, SURGE_SIZE = 0.1, 0.25


def build_queues(rng: np.random.Generator, periods: pd.PeriodIndex, force_id: str) -> pd.DataFrame:
    n = len(periods)
    surge = np.where(rng.random(n) < SURGE_CHANCE, 1 + SURGE_SIZE, 1.0)
    month_end = periods.end_time.normalize()
    rows = []
    for queue in QUEUES:
        drift = np.zeros(n)
        shocks = DRIFT_SIGMA * rng.standard_normal(n)
        for i in range(n):
            drift[i] = (DRIFT_KEEP * drift[i - 1] if i else 0.0) + shocks[i]
        size = LEVELS[queue] * np.exp(drift) * surge
        open_items = rng.poisson(size)
        oldest = np.round(OLDEST_DAYS[queue] * (size / LEVELS[queue]) * rng.uniform(0.8, 1.25, n))
        rows.append(
            pd.DataFrame(
                {
                    "force_id": force_id,
                    "snapshot_date": month_end,
                    "queue": queue,
                    "open_items": open_items,
                    "oldest_item_days": np.where(open_items > 0, oldest, 0).astype(int),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_queues(world.rng(STREAM), world.periods, world.force_id)
