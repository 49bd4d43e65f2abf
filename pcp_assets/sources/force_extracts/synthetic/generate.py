"""Generate a fictional county force's monthly extracts: one module here per extract.

Each extract of the force's own source (data_contracts, `source="force_extracts"`) has a module
`synthetic/<extract>.py` defining `STREAM` (its random stream), `NEEDS` (extracts it is drawn
from) and `generate(world, places) -> DataFrame`; they are found by name, run in dependency
order, and written one CSV per month.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType

from data_contracts.registry import extract, extracts_of
from pcp_assets.sources.force_extracts.synthetic.reference import Places, month_range
from pcp_assets.sources.force_extracts.synthetic.world import PLACES_STREAM, World
from pcp_assets.sources.force_extracts.synthetic.writer import write_monthly

DEFAULT_END_MONTH = "2026-10"
SOURCE = "force_extracts"


def generator(name: str) -> ModuleType:
    return importlib.import_module(f"{__package__}.{name}")


@cache
def generation_order() -> tuple[str, ...]:
    """The source's extracts, each after the extracts it needs."""
    pending = list(extracts_of(SOURCE))
    order: list[str] = []
    while pending:
        ready = [n for n in pending if set(generator(n).NEEDS) <= set(order)]
        if not ready:
            raise ValueError(f"generators need each other, or an unknown extract: {pending}")
        order += ready
        pending = [n for n in pending if n not in ready]
    return tuple(order)


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
    world = World(force_id=force_id, seed=seed, periods=month_range(end_month, months))
    places = Places.draw(world.rng(PLACES_STREAM), force_id)
    paths: list[Path] = []
    for name in generation_order():
        frame = generator(name).generate(world, places)
        world.frames[name] = frame
        paths += write_monthly(frame, extract(name), world.periods, Path(landing_dir))
        if progress is not None:
            progress(f"{name}: {len(frame):,} rows in {len(world.periods)} monthly files")
    return paths
