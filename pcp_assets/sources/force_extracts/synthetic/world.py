"""What every extract's generator draws from: the force, its places, the months, random streams,
and the extracts generated before it."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Stream 0 draws the places; each extract's module names its own stream (STREAM), so that changing
# how one extract is drawn, or adding one, leaves the others' files byte for byte as they were.
# Within its stream an extract draws each month from that month's own generator (`month_rng`), so
# a history extended by a month (`pcp generate --next`) is the same history plus one month.
PLACES_STREAM = 0


@dataclass
class World:
    force_id: str
    seed: int
    periods: pd.PeriodIndex  # the months generated, oldest first
    # The month the trends are drawn towards: the last month of the history as first generated
    # (later months continue the trends past it).
    trends_to: pd.Period
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # extracts generated so far
    # What several generators draw from and must agree on (the people), drawn once per run.
    shared: dict[str, pd.DataFrame] = field(default_factory=dict)

    def rng(self, stream: int) -> np.random.Generator:
        entropy = [self.seed, zlib.crc32(self.force_id.encode())]
        return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(stream,)))

    def month_rng(self, stream: int, period: pd.Period) -> np.random.Generator:
        """The stream's generator for one month's draws, whatever months are generated."""
        entropy = [self.seed, zlib.crc32(self.force_id.encode())]
        spawn_key = (stream, period.ordinal)
        return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=spawn_key))

    def months_before_trends_end(self, periods: pd.PeriodIndex | None = None) -> np.ndarray:
        """Per month (of the world, or `periods`): months before `trends_to`, negative after."""
        periods = self.periods if periods is None else periods
        return (self.trends_to.ordinal - periods.asi8).astype(float)

    def once(self, name: str, draw: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """`draw()` the first time `name` is asked for, the same frame every time after."""
        if name not in self.shared:
            self.shared[name] = draw()
        return self.shared[name]
