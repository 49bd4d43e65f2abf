"""The seeds the generator draws codes and places from, and the months it covers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from data_contracts.checks import month_period
from data_contracts.reference import offence_classification
from pcp_assets.settings import SEEDS_DIR
from pcp_assets.sources.force_extracts.synthetic import profile

V = TypeVar("V")


def offences() -> pd.DataFrame:
    """The offence seed (offence_code as a column) with each code's share of all crime."""
    seed = offence_classification().reset_index()
    return seed.assign(share=seed["offence_code"].map(profile.CODE_SHARE).fillna(0.0))


@dataclass(frozen=True)
class Places:
    """The force's LSOAs with a fixed busyness weight each (drawn once per run)."""

    lsoas: pd.DataFrame  # lsoa_code, beat_code, district, area, weight

    @classmethod
    def draw(cls, rng: np.random.Generator, force_id: str) -> Places:
        seed = pd.read_csv(SEEDS_DIR / "area_lookup.csv", dtype=str, keep_default_na=False)
        lsoas = seed[seed["force_id"] == force_id].drop(columns="force_id").reset_index(drop=True)
        if lsoas.empty:
            raise ValueError(f"force {force_id!r} has no rows in seed area_lookup")
        spread = rng.lognormal(0.0, profile.LSOA_SPREAD, len(lsoas))
        weight = lsoas["area"].map(profile.AREA_WEIGHT).fillna(1.0).to_numpy() * spread
        return cls(lsoas.assign(weight=weight))

    def north_share(self) -> float:
        return float(self.lsoas["weight"][self.is_north].sum() / self.lsoas["weight"].sum())

    @property
    def is_north(self) -> np.ndarray:
        return (self.lsoas["area"] == "North").to_numpy()

    def pick(self, rng: np.random.Generator, n: int, north: np.ndarray | None = None) -> np.ndarray:
        """Row positions of n LSOAs drawn by weight; within the North or the South per `north`
        when given, else anywhere."""
        weight = self.lsoas["weight"].to_numpy()
        if north is None:
            return rng.choice(len(weight), size=n, p=weight / weight.sum())
        picks = []
        for in_north in (True, False):
            members = np.flatnonzero(self.is_north == in_north)
            if len(members) == 0:  # a force with one area: everything goes there
                members = np.arange(len(weight))
            w = weight[members]
            picks.append(members[rng.choice(len(members), size=n, p=w / w.sum())])
        return np.where(north, picks[0], picks[1])


def month_range(end_month: str, months: int) -> pd.PeriodIndex:
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    return pd.period_range(end=month_period(end_month), periods=months, freq="M")


def by_offence(offences: pd.DataFrame, values: Mapping[str, V], default: V) -> list[V]:
    """Per offence code: the value for its subgroup, else for its group, else the default."""
    return [
        values.get(subgroup, values.get(group, default))
        for subgroup, group in zip(
            offences["offence_subgroup"], offences["offence_group"], strict=True
        )
    ]


def random_times(
    rng: np.random.Generator, month_start: np.ndarray, days: np.ndarray, hour_weights: np.ndarray
) -> np.ndarray:
    """A random second inside each given month (datetime64[s]), the hour drawn by weight (one row
    of 24 weights for all, or one row per value)."""
    n = len(month_start)
    day = np.floor(rng.random(n) * days).astype(np.int64)
    hour = pick(rng, hour_weights, n)
    second = rng.integers(0, 3600, n)
    offset = day * 86_400 + hour * 3600 + second
    return month_start.astype("datetime64[s]") + offset.astype("timedelta64[s]")


def pick(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """n choices by weight: `weights` is one row shared by all, or one row per draw (n x k)."""
    weights = np.asarray(weights, dtype=float)
    cumulative = np.cumsum(weights, axis=-1)
    draw = rng.random(n) * cumulative[..., -1]
    if weights.ndim == 1:
        return np.searchsorted(cumulative, draw, side="right")
    return (cumulative <= draw[:, None]).sum(axis=1)
