"""data.police.uk downloads: where a month's files are, and what is in a folder.

A download is laid out `<folder>/YYYY-MM/YYYY-MM-<force>-street.csv` and `...-outcomes.csv`, plain
or gzipped (`.csv.gz`). The force id is the `<force>` of the file names.
See docs/police-uk.md.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
KINDS = {"police_uk_street": "street", "police_uk_outcomes": "outcomes"}
_FILE = re.compile(
    r"(?P<month>\d{4}-(0[1-9]|1[0-2]))-(?P<force>.+)-(?P<kind>street|outcomes)\.csv(\.gz)?"
)


def file_path(folder: Path, extract: str, month: date, force_id: str) -> Path:
    """The month's file of the extract: the `.csv` if present, else the `.csv.gz`; the `.csv`
    name when neither exists (the loader then reports the missing file)."""
    stem = f"{month:%Y-%m}-{force_id}-{KINDS[extract]}.csv"
    plain = folder / f"{month:%Y-%m}" / stem
    gzipped = plain.with_name(stem + ".gz")
    return gzipped if not plain.exists() and gzipped.exists() else plain


def _is_download(folder: Path, path: Path) -> bool:
    """`<folder>/YYYY-MM/YYYY-MM-<force>-<kind>.csv[.gz]`, or one of its month folders."""
    if path.is_dir():
        return path.parent == folder and _MONTH.fullmatch(path.name) is not None
    match = _FILE.fullmatch(path.name)
    return match is not None and path.parent == folder / match["month"] and path.is_file()


def ignored_files(folder: Path) -> list[Path]:
    """Everything in a download folder that is not a download (listed, never read)."""
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*")) if not _is_download(folder, path)]


def forces_and_months(folder: Path) -> dict[str, list[date]]:
    """Each force with a download in `folder` and the months for which both its files exist."""
    found: dict[tuple[str, date], set[str]] = {}
    for path in folder.glob("*/*.csv*"):
        match = _FILE.fullmatch(path.name)
        if match is None or not _is_download(folder, path):
            continue
        year, month = match["month"].split("-")
        key = (match["force"], date(int(year), int(month), 1))
        found.setdefault(key, set()).add(match["kind"])
    months: dict[str, list[date]] = {}
    for (force, month), kinds in sorted(found.items()):
        if kinds == set(KINDS.values()):
            months.setdefault(force, []).append(month)
    return months


def forces_in(folder: Path) -> tuple[str, ...]:
    """The forces with a download in the folder, in name order; raises ValueError for none."""
    forces = tuple(sorted(forces_and_months(folder)))
    if not forces:
        raise ValueError(
            f"{folder}: no data.police.uk downloads (expected YYYY-MM/YYYY-MM-<force>-street.csv"
            " and -outcomes.csv, plain or .gz)"
        )
    return forces
