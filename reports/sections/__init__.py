"""The sections of the paper, one module each, and each source's paper put together from them.

A section module lists where it goes in `PAPERS` (`reports.paper.Placed`: which source's paper,
at which place); `paper_for(source)` finds them and orders them by place, so adding a section is
adding its module. The caller passes the paper to `reports.render.render_board_paper`; the paper
never works out its source.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from reports.paper import PaperVariant, Placed


def _placed() -> list[Placed]:
    found: list[Placed] = []
    for module in pkgutil.iter_modules(__path__):
        found += getattr(importlib.import_module(f"{__name__}.{module.name}"), "PAPERS", ())
    return found


@cache
def paper_for(source: str) -> PaperVariant:
    """The ordered sections of the source's paper."""
    placed = sorted((p for p in _placed() if p.paper == source), key=lambda p: p.place)
    places = [p.place for p in placed]
    if len(set(places)) != len(places):
        raise ValueError(f"two sections of the {source} paper share a place: {places}")
    return tuple(p.section for p in placed)
