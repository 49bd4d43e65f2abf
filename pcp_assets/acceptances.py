"""Changes an analyst has accepted as genuine: a month's delivery of an extract whose volume or
shape is outside its history (pcp_assets/volume.py) and is right.

`pcp accept --extract crimes --month 2026-10 --reason "..."` adds a row to
`<commentary_dir>/<force>/accepted_changes.csv` (beside the month's commentary: an analyst's word
on the month, kept with the paper's other inputs, not in the warehouse a run may rebuild). The
row holds the file's SHA-256: the acceptance is of that delivery, and a different file for the
month is checked afresh. The volume check then passes for the month, and the paper's data-quality
section prints the acceptance with its reason.
"""

from __future__ import annotations

import csv
import getpass
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path

from pcp_assets.settings import Settings

FILE_NAME = "accepted_changes.csv"


@dataclass(frozen=True)
class Acceptance:
    extract: str
    month: str  # YYYY-MM
    sha256: str  # of the delivery accepted
    reason: str
    accepted_by: str
    accepted_at: str  # UTC, ISO 8601


def acceptances_path(settings: Settings) -> Path:
    return settings.commentary_dir / settings.force_id / FILE_NAME


def read_acceptances(settings: Settings) -> dict[tuple[str, str], Acceptance]:
    """The force's acceptances by (extract, YYYY-MM); a later row for a month replaces an earlier
    one. Raises ValueError, naming the file and line, for a row that cannot be read."""
    path = acceptances_path(settings)
    if not path.is_file():
        return {}
    names = [f.name for f in fields(Acceptance)]
    found: dict[tuple[str, str], Acceptance] = {}
    with path.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        if reader.fieldnames != names:
            raise ValueError(f"{path}: line 1 must be the header {','.join(names)}")
        for line, row in enumerate(reader, start=2):
            if any(not (row.get(name) or "").strip() for name in names):
                raise ValueError(f"{path}: line {line} leaves a column blank ({', '.join(names)})")
            accepted = Acceptance(**{name: row[name].strip() for name in names})
            found[(accepted.extract, accepted.month)] = accepted
    return found


def accept(settings: Settings, extract: str, month: date, sha256: str, reason: str) -> Path:
    """Record that the delivery with `sha256` is accepted for `extract` and `month`."""
    if not reason.strip():
        raise ValueError("--reason must say why the change is genuine")
    path = acceptances_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    row = Acceptance(
        extract=extract,
        month=f"{month:%Y-%m}",
        sha256=sha256,
        reason=" ".join(reason.split()),
        accepted_by=getpass.getuser(),
        accepted_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    with path.open("a", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=[f.name for f in fields(Acceptance)])
        if new:
            writer.writeheader()
        writer.writerow(asdict(row))
    return path
