"""Generate a fictional county force's monthly extracts (crimes, outcomes, incidents)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from data_contracts.extracts import EXTRACTS
from pcp_assets.synthetic.crimes import build_crimes
from pcp_assets.synthetic.incidents import build_incidents
from pcp_assets.synthetic.outcomes import build_outcomes
from pcp_assets.synthetic.reference import Places, month_range, offences
from pcp_assets.synthetic.writer import write_monthly

DEFAULT_END_MONTH = "2026-10"


def generate(
    landing_dir: Path,
    end_month: str = DEFAULT_END_MONTH,
    months: int = 36,
    seed: int = 2019,
    force_id: str = "midshire",
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write `landing_dir/<extract>/<YYYY-MM>.csv` for the `months` months ending `end_month`.

    The same arguments always give byte-identical files. Outcomes are as known at the end of
    `end_month`: crimes whose outcome would come later are still pending.
    """
    periods = month_range(end_month, months)
    # Independent streams, so that changing how one extract is drawn leaves the others alone.
    entropy = [seed, zlib.crc32(force_id.encode())]
    place_rng, crime_rng, outcome_rng, incident_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(entropy).spawn(4)
    )
    places = Places.draw(place_rng, force_id)
    crimes = build_crimes(crime_rng, offences(), places, periods, force_id)
    frames = {
        "crimes": crimes,
        "outcomes": build_outcomes(outcome_rng, crimes, periods[-1]),
        "incidents": build_incidents(incident_rng, crimes, places, periods, force_id),
    }
    paths: list[Path] = []
    for name, frame in frames.items():
        paths += write_monthly(frame, EXTRACTS[name], periods, Path(landing_dir))
        if progress is not None:
            progress(f"{name}: {len(frame):,} rows in {len(periods)} monthly files")
    return paths
