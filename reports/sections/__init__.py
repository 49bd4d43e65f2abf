"""The sections of the paper, one module each, and each source's paper put together from them.

A section module lists where it goes in `PAPERS` (`reports.paper.Placed`: which source's paper,
at which place); `paper_for(source)` finds them and orders them by place, so adding a section is
adding its module. A place may also hold a fallback (reports/plan.py: each plan objective has
one), which a section placed there replaces. The caller passes the paper to
`reports.render.render_board_paper`; the paper never works out its source.
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
    chosen: dict[tuple[int, ...], Placed] = {}
    for placed in (p for p in _placed() if p.paper == source):
        held = chosen.get(placed.place)
        if held is None or (held.fallback and not placed.fallback):
            chosen[placed.place] = placed
        elif held.fallback == placed.fallback:
            raise ValueError(f"two sections of the {source} paper share the place {placed.place}")
    return tuple(chosen[place].section for place in sorted(chosen))
