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


def build_queues(world: World) -> pd.DataFrame:
    """Month by month, each from its month's generator: the drift carries on from the month
    before."""
    drift = dict.fromkeys(QUEUES, 0.0)
    rows = []
    for period in world.periods:
        rng = world.month_rng(STREAM, period)
        surge = 1 + SURGE_SIZE if rng.random() < SURGE_CHANCE else 1.0
        for queue in QUEUES:
            drift[queue] = DRIFT_KEEP * drift[queue] + DRIFT_SIGMA * rng.standard_normal()
            size = LEVELS[queue] * np.exp(drift[queue]) * surge
            open_items = int(rng.poisson(size))
            oldest = round(OLDEST_DAYS[queue] * (size / LEVELS[queue]) * rng.uniform(0.8, 1.25))
            rows.append(
                {
                    "force_id": world.force_id,
                    "snapshot_date": period.end_time.normalize(),
                    "queue": queue,
                    "open_items": open_items,
                    "oldest_item_days": oldest if open_items > 0 else 0,
                }
            )
    return pd.DataFrame(rows)


def generate(world: World, places: Places) -> pd.DataFrame:
    return build_queues(world)
