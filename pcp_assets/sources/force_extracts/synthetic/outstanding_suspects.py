"""Wanted suspects at each month end, one row per wanted record still outstanding.

For a force of ~65,000 crimes a year, about 220 people a month become wanted (circulated as
suspects not yet traced); most are traced within weeks, a few stay wanted for years. Time to trace
is lognormal (sigma 1.2): median 9 days for high risk, 21 for medium, 30 for low, so that about
300-400 suspects are outstanding at a month end (about 10 of them high risk), some 8% of them
wanted for over a year. Records start up to three years before the first generated month, so the
first snapshot already holds old cases. The suspects are drawn from the run's people (`people`),
weighted by propensity, so nominal IDs join other extracts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_contracts.outstanding_suspects import RISK_LEVELS
from pcp_assets.sources.force_extracts.synthetic.crimes import ref_prefix
from pcp_assets.sources.force_extracts.synthetic.people import people
from pcp_assets.sources.force_extracts.synthetic.reference import Places, pick
from pcp_assets.sources.force_extracts.synthetic.world import World

STREAM = 17
NEEDS: tuple[str, ...] = ()

WANTED_PER_MONTH = 220
WARM_UP_MONTHS = 36
RISK_SHARES = (0.12, 0.33, 0.55)  # in RISK_LEVELS order
MEDIAN_DAYS = (9.0, 21.0, 30.0)
SIGMA = 1.2


def wanted_records(world: World, pool: pd.DataFrame) -> pd.DataFrame:
    """Every wanted record from WARM_UP_MONTHS before the first month to the last, each month's
    drawn from that month's generator."""
    weights = pool["propensity"].to_numpy()
    months = []
    for period in pd.period_range(world.periods[0] - WARM_UP_MONTHS, world.periods[-1]):
        rng = world.month_rng(STREAM, period)
        n = int(rng.poisson(WANTED_PER_MONTH * period.days_in_month / 30.44))
        day = np.sort(rng.integers(0, period.days_in_month, n))
        since = period.start_time + pd.to_timedelta(day, unit="D")
        risk = pick(rng, np.array(RISK_SHARES), n)
        duration = np.ceil(np.array(MEDIAN_DAYS)[risk] * np.exp(SIGMA * rng.standard_normal(n)))
        person = rng.choice(len(pool), n, p=weights / weights.sum())
        months.append(
            pd.DataFrame(
                {
                    "nominal_id": pool["nominal_id"].to_numpy()[person],
                    "risk_level": np.array(RISK_LEVELS)[risk],
                    "wanted_since": since,
                    "traced_on": since + pd.to_timedelta(duration, unit="D"),
                }
            )
        )
    records = pd.concat(months, ignore_index=True)
    records.insert(0, "number", np.arange(1, len(records) + 1))
    return records


def build_snapshots(records: pd.DataFrame, periods: pd.PeriodIndex, force_id: str) -> pd.DataFrame:
    snapshots = []
    for snapshot in periods.end_time.normalize():
        outstanding = records[
            (records["wanted_since"] <= snapshot) & (records["traced_on"] > snapshot)
        ]
        snapshots.append(outstanding.assign(snapshot_date=snapshot))
    frame = pd.concat(snapshots, ignore_index=True)
    frame.insert(0, "force_id", force_id)
    frame["wanted_ref"] = ref_prefix(force_id) + "-W" + frame["number"].astype(str).str.zfill(6)
    return frame.drop(columns=["number", "traced_on"])


def generate(world: World, places: Places) -> pd.DataFrame:
    records = wanted_records(world, people(world, places))
    return build_snapshots(records, world.periods, world.force_id)
