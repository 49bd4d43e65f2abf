"""One index of every run's Data Docs, and how many runs are kept.

Each mart check records what it found in `<data docs>/<run id>/<mart>/summary.json`, then rebuilds
`<data docs>/index.html` from every run's summaries (newest run first) and removes the runs beyond
the newest `keep`. It does so holding a lock file, so checks that finish together (in several
processes) neither drop each other's rows nor prune a run being written; the index is written
beside and renamed into place, so a reader sees the old one or the new one, never half.
"""

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pcp_assets.data_docs_site import ASSETS, install_assets
from pcp_assets.html_pages import render_page

SUMMARY = "summary.json"
INDEX = "index.html"
LOCK = ".lock"


@dataclass(frozen=True)
class MartSummary:
    """One mart's check in one run, as the index shows it."""

    mart: str
    force_id: str
    first_month: str  # YYYY-MM
    last_month: str
    checked_at: str  # ISO 8601, UTC
    status: str  # "passed", "failed" or "not run" (no rows to check: `note` says why)
    expectations: int = 0
    failed: tuple[str, ...] = ()
    note: str = ""

    @property
    def has_site(self) -> bool:
        return self.status != "not run"


@dataclass(frozen=True)
class RunEntry:
    run_id: str
    started: datetime
    marts: tuple[MartSummary, ...]

    @property
    def months(self) -> str:
        first = min(m.first_month for m in self.marts)
        last = max(m.last_month for m in self.marts)
        return first if first == last else f"{first} to {last}"

    @property
    def forces(self) -> str:
        return ", ".join(sorted({m.force_id for m in self.marts}))

    def count(self, status: str) -> int:
        return sum(m.status == status for m in self.marts)


def _read_summary(path: Path) -> MartSummary:
    values = json.loads(path.read_text(encoding="utf-8"))
    return MartSummary(**{**values, "failed": tuple(values["failed"])})


def _run_dirs(docs_dir: Path) -> list[Path]:
    if not docs_dir.is_dir():
        return []
    return [e for e in docs_dir.iterdir() if e.is_dir() and e.name != ASSETS and e.name[0] != "."]


def _started(run_dir: Path, marts: tuple[MartSummary, ...]) -> datetime:
    """A run starts with its first check; a folder with none yet (a check rendering its site) is
    as new as its last change."""
    if marts:
        return min(datetime.fromisoformat(m.checked_at) for m in marts)
    return datetime.fromtimestamp(run_dir.stat().st_mtime, tz=UTC)


def _runs(docs_dir: Path) -> list[RunEntry]:
    runs = []
    for run_dir in _run_dirs(docs_dir):
        marts = tuple(_read_summary(path) for path in sorted(run_dir.glob(f"*/{SUMMARY}")))
        runs.append(RunEntry(run_dir.name, _started(run_dir, marts), marts))
    return sorted(runs, key=lambda run: run.started, reverse=True)


def _write_atomically(path: Path, text: str) -> None:
    staged = path.with_name(f".{path.name}-{uuid.uuid4().hex}")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)


def render_index(runs: list[RunEntry], keep: int) -> str:
    return render_page("data_docs_index.html.j2", runs=runs, keep=keep)


def prune_runs(docs_dir: Path, keep: int) -> list[RunEntry]:
    """Remove every run folder but the newest `keep`; returns the runs kept, newest first."""
    runs = _runs(docs_dir)
    for run in runs[keep:]:
        shutil.rmtree(docs_dir / run.run_id)
    return runs[:keep]


@contextmanager
def _locked(docs_dir: Path) -> Iterator[None]:
    with (docs_dir / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def record_check(docs_dir: Path, run_id: str, summary: MartSummary, keep: int) -> list[str]:
    """Record a mart's check, rebuild the index of all runs, keep the newest `keep` runs; returns
    the vendored files npm has not installed (pages then show unstyled)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    with _locked(docs_dir):
        missing = install_assets(docs_dir)
        site = docs_dir / run_id / summary.mart
        site.mkdir(parents=True, exist_ok=True)
        _write_atomically(site / SUMMARY, json.dumps(asdict(summary), indent=1))
        kept = [run for run in prune_runs(docs_dir, keep) if run.marts]
        _write_atomically(docs_dir / INDEX, render_index(kept, keep))
    return missing


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
