"""What is in a landing folder: `<extract>/<YYYY-MM>.csv` deliveries, and anything else; or, for
many forces, a folder of such folders, one a force (`<force>/<extract>/<YYYY-MM>.csv`).

People and tools leave other things beside deliveries (`2026-10 (1).csv` from a second download,
`2026-13.csv`, `.DS_Store`, a README, a subfolder): those are listed as ignored, never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pcp_assets.force_id import FORCE_ID
from pcp_assets.pseudonyms import GENERATED_MARKER

DELIVERY_NAME = re.compile(r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\.csv")


@dataclass(frozen=True)
class Landed:
    months: dict[str, frozenset[date]]  # extract -> months with a delivery
    ignored: tuple[Path, ...]  # everything else found in the folder

    def complete_months(self) -> list[date]:
        """Months for which every extract has a delivery."""
        sets = list(self.months.values())
        return sorted(frozenset.intersection(*sets)) if sets else []


def delivery_month(path: Path) -> date | None:
    """The month of a delivery named `<YYYY-MM>.csv`; None for any other name."""
    match = DELIVERY_NAME.fullmatch(path.name)
    if match is None or not path.is_file():
        return None
    return date(int(match["year"]), int(match["month"]), 1)


def linked_part(path: Path, folder: Path) -> Path | None:
    """The delivery itself, or the folder between it and the source's `folder`, when it is a
    symbolic link: such a delivery is refused, never followed (it may point anywhere, and what
    it points at is not said). The source's folder itself may be a link."""
    for part in (path, *path.parents):
        if part == folder or folder not in part.parents:
            return None
        if part.is_symlink():
            return part
    return None


def scan_landing(landing_dir: Path, extracts: Iterable[str]) -> Landed:
    extracts = tuple(extracts)
    months: dict[str, frozenset[date]] = {}
    ignored: list[Path] = []
    for extract in extracts:
        folder = landing_dir / extract
        found: set[date] = set()
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            month = delivery_month(path)
            if month is None:
                ignored.append(path)
            else:
                found.add(month)
        months[extract] = frozenset(found)
    if landing_dir.is_dir():
        ignored += [
            p
            for p in sorted(landing_dir.iterdir())
            if p.name not in extracts and p.name != GENERATED_MARKER
        ]
    return Landed(months, tuple(ignored))


def force_folders(landing_dir: Path, extracts: Iterable[str]) -> tuple[str, ...]:
    """The forces of a landing folder laid out by force: its sub-folders named as a force id that
    hold an extract's folder, in name order; () for a folder holding extract folders itself (one
    force's) or nothing."""
    extracts = tuple(extracts)
    if not landing_dir.is_dir() or any((landing_dir / e).is_dir() for e in extracts):
        return ()
    return tuple(
        folder.name
        for folder in sorted(landing_dir.iterdir())
        if FORCE_ID.fullmatch(folder.name)
        and not folder.is_symlink()
        and any((folder / e).is_dir() for e in extracts)
    )
