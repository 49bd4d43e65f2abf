"""A force's id: the one spelling of a force in folders, file names, the warehouse and papers.

It names folders (`reports/out/<force>/`, `<commentary>/<force>/`), so it is checked before
anything runs: `--force ../etc` would otherwise name a path outside them.
"""

from __future__ import annotations

import re

FORCE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
FORCE_ID_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit"


def checked_force_id(value: str, where: str) -> str:
    """`value` if it is a force id; else ValueError naming `where` it was given."""
    if FORCE_ID.fullmatch(value) is None:
        raise ValueError(f"{where} {value!r} is not a force id ({FORCE_ID_RULE}, e.g. midshire)")
    return value
