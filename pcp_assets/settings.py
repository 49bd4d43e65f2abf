"""Where the pipeline reads and writes: one place, overridable by environment variables.

Every path is absolute so that Dagster, dbt (which runs in `dbt_project/`) and the CLI agree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from pcp_assets.file_modes import checked_file_mode
from pcp_assets.force_id import checked_force_id
from pcp_assets.partitions import parse_month

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
TEMPLATES_DIR = PROJECT_ROOT / "reports" / "templates"


def _path(variable: str, default: str) -> Path:
    value = os.environ.get(variable) or default
    path = Path(value)
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


def _month(variable: str) -> date | None:
    value = os.environ.get(variable)
    try:
        return parse_month(value) if value else None
    except ValueError as error:
        raise ValueError(f"{variable}: {error}") from None


# Below 2, no count is suppressed; a key this short can be found by trying keys against a
# pseudonym whose person is known.
MIN_SMALL_COUNT_THRESHOLD = 2
MIN_PSEUDONYM_KEY_CHARS = 16


def _whole_number(variable: str, default: int, least: int, otherwise: str) -> int:
    """A whole number of at least `least`; anything else is refused in one line: `otherwise`."""
    text = (os.environ.get(variable) or str(default)).strip()
    value = int(text) if re.fullmatch(r"[+-]?\d+", text) else None
    if value is None or value < least:
        raise ValueError(
            f"{variable}={text!r} {otherwise}: set a whole number of at least {least} "
            f"(default {default}), or leave it unset"
        )
    return value


def _threshold(variable: str, default: int) -> int:
    """A protective threshold: a whole number of at least MIN_SMALL_COUNT_THRESHOLD."""
    return _whole_number(
        variable, default, MIN_SMALL_COUNT_THRESHOLD, "would not suppress small counts"
    )


def _secret(variable: str) -> str | None:
    """A secret key as set, or None when unset or empty; one that is short or has spaces at its
    ends (a copied line end gives every person another pseudonym) is refused."""
    value = os.environ.get(variable) or None
    if value is None:
        return None
    if value != value.strip():
        raise ValueError(f"{variable} begins or ends with a space or line end: set it without")
    if len(value) < MIN_PSEUDONYM_KEY_CHARS:
        raise ValueError(
            f"{variable} has {len(value)} characters, fewer than {MIN_PSEUDONYM_KEY_CHARS}: "
            "a short key can be guessed; set a long random one (and keep it every month)"
        )
    return value


def _epoch_date(epoch: str | None) -> date | None:
    return datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch else None


def _iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Settings:
    duckdb_path: Path
    landing_dir: Path
    reports_dir: Path
    dagster_home: Path
    data_docs_dir: Path
    published_dir: Path
    force_id: str
    # The forces a run covers (`--force` narrows them to one); the source settles them from its
    # folder (pcp_assets/sources): a landing folder of force folders is every force's, any other
    # the one force's, `force_id`. `landing_by_force`: each force's deliveries are in
    # `<landing_dir>/<force>/`.
    forces: tuple[str, ...] = ()
    landing_by_force: bool = False
    # Where unattended runs leave what a person must read (run_failures.log).
    logs_dir: Path = PROJECT_ROOT / "data" / "logs"
    # Which source a run reads (pcp_assets/sources): "force_extracts" (landing_dir) or
    # "police_uk" (police_uk_dir, laid out as data.police.uk downloads); the ONS table and the peer
    # forces (PFA names) of the national comparison.
    source: str = "force_extracts"
    # The first month of the partitions (PCP_FIRST_MONTH); None: the source's first landed month,
    # so the UI shows no months before the history as missing.
    first_month: date | None = None
    police_uk_dir: Path = PROJECT_ROOT / "data" / "police_uk"
    ons_path: Path = PROJECT_ROOT.parent / "shared" / "data" / "ons" / "rec-crime-pfa.csv.gz"
    peer_forces: tuple[str, ...] = ()
    # Share of a delivery's rows that may be quarantined before the month is held back.
    max_rejected_share: float = 0.01
    # The department's commentary (<commentary_dir>/<force_id>/<YYYY-MM>.md|.yaml; `pcp generate`
    # writes example commentary there for generated months), and the date
    # printed on the paper: SOURCE_DATE_EPOCH (reproducible builds) when set, else the day it runs.
    commentary_dir: Path = PROJECT_ROOT / "data" / "commentary"
    paper_date: date | None = None
    # Breakdown counts from 1 to this - 1 are suppressed ("<5") in published marts and papers.
    small_count_threshold: int = 5
    # The protective marking printed at the top and bottom of every page of the paper.
    protective_marking: str = "OFFICIAL"
    # `pcp run --verbose`: Dagster's console log and dbt's per-model lines on the command line.
    verbose: bool = False
    # When the schedule looks for the month just ended (cron, in its time zone).
    schedule_cron: str = "0 6 * * *"
    schedule_timezone: str = "Europe/London"
    # Seconds between the delivery sensor's looks at the source's folder (`PCP_SENSOR_INTERVAL`).
    sensor_interval: int = 60
    # The day freshness is judged on (`PCP_TODAY`, YYYY-MM-DD), and the partitions' end: to see a
    # landing folder as it stood on a past day; by default today, UK time.
    today: date | None = None
    # Great Expectations Data Docs of the newest runs kept (older runs' are removed), and the
    # address they are read at (`pcp ui` serves data_docs_dir there when it is on this machine).
    data_docs_keep: int = 10
    data_docs_url: str = "http://127.0.0.1:3001/"
    # `pcp bench`: each scale's generated data, warehouse, papers and result (<bench_dir>/<scale>).
    bench_dir: Path = PROJECT_ROOT / "data" / "bench"
    # Who may read what the pipeline writes: "group" (0640, folders 0750) or "private" (0600,
    # 0700); the published edition and marts are for anyone (pcp_assets/file_modes.py).
    file_mode: str = "group"
    # The most force-months one dbt invocation writes (a month it only reads counts a twentieth,
    # pcp_assets/run_forces.py): a run of more builds its forces in groups within it, so that a
    # build's memory stays bounded (about 27 MB a force-month written in the region benchmark:
    # docs/performance.md).
    dbt_force_months: int = 120
    # The secret key of nominal-ID pseudonyms (pcp_assets/pseudonyms.py); never printed.
    pseudonym_key: str | None = field(default=None, repr=False)

    def of_force(self, force: str) -> Settings:
        """These settings as a run of `force` alone sees them: its id, its landing folder."""
        landing = self.landing_dir / force if self.landing_by_force else self.landing_dir
        return replace(
            self, force_id=force, forces=(force,), landing_dir=landing, landing_by_force=False
        )

    def each_force(self) -> list[Settings]:
        """The settings of each of the run's forces, in order."""
        return [self.of_force(force) for force in self.forces or (self.force_id,)]

    def child_environment(self) -> dict[str, str]:
        """The environment for a tool this process starts (`dagster dev`), with its home."""
        return {**os.environ, **DAGSTER_ENVIRONMENT, "DAGSTER_HOME": str(self.dagster_home)}

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            duckdb_path=_path("PCP_DUCKDB_PATH", "data/warehouse/pcp.duckdb"),
            landing_dir=_path("PCP_LANDING_DIR", "data/landing"),
            reports_dir=_path("PCP_REPORTS_DIR", "reports/out"),
            dagster_home=_path("DAGSTER_HOME", "data/dagster_home"),
            data_docs_dir=_path("PCP_DATA_DOCS_DIR", "data/data_docs"),
            published_dir=_path("PCP_PUBLISHED_DIR", "data/published"),
            logs_dir=_path("PCP_LOGS_DIR", "data/logs"),
            bench_dir=_path("PCP_BENCH_DIR", "data/bench"),
            force_id=checked_force_id(os.environ.get("PCP_FORCE_ID") or "midshire", "PCP_FORCE_ID"),
            source=os.environ.get("PCP_SOURCE") or "force_extracts",
            first_month=_month("PCP_FIRST_MONTH"),
            police_uk_dir=_path("PCP_POLICE_UK_DIR", "data/police_uk"),
            ons_path=_path("PCP_ONS_PATH", "../shared/data/ons/rec-crime-pfa.csv.gz"),
            peer_forces=tuple(
                name.strip()
                for name in (os.environ.get("PCP_PEER_FORCES") or "").split(",")
                if name.strip()
            ),
            max_rejected_share=float(os.environ.get("PCP_MAX_REJECTED_SHARE") or "0.01"),
            commentary_dir=_path("PCP_COMMENTARY_DIR", "data/commentary"),
            paper_date=_epoch_date(os.environ.get("SOURCE_DATE_EPOCH")),
            small_count_threshold=_threshold("PCP_SMALL_COUNT_THRESHOLD", 5),
            data_docs_keep=max(1, int(os.environ.get("PCP_DATA_DOCS_KEEP") or "10")),
            data_docs_url=(os.environ.get("PCP_DATA_DOCS_URL") or "http://127.0.0.1:3001").rstrip(
                "/"
            )
            + "/",
            protective_marking=os.environ.get("PCP_PROTECTIVE_MARKING") or "OFFICIAL",
            pseudonym_key=_secret("PCP_PSEUDONYM_KEY"),
            file_mode=checked_file_mode(os.environ.get("PCP_FILE_MODE") or "group"),
            today=_iso_date(os.environ.get("PCP_TODAY")),
            schedule_cron=os.environ.get("PCP_SCHEDULE_CRON") or "0 6 * * *",
            schedule_timezone=os.environ.get("PCP_SCHEDULE_TIMEZONE") or "Europe/London",
            sensor_interval=_whole_number(
                "PCP_SENSOR_INTERVAL", 60, 1, "is not an interval in whole seconds"
            ),
            dbt_force_months=_whole_number(
                "PCP_DBT_FORCE_MONTHS", 120, 1, "is not a number of months"
            ),
        )


# What a dbt build writes, for dbt's `env_var` (dbt_project/macros/reporting_month.sql): its first
# and last month, the forces whose months it writes and those whose rows its tests read
# (comma-separated).
DBT_BUILD_VARIABLES = (
    "PCP_DBT_MONTH_FROM",
    "PCP_DBT_MONTH_TO",
    "PCP_DBT_FORCES",
    "PCP_DBT_TESTED_FORCES",
)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """`values` in this process's environment while the block runs (for what reads it then: a
    child process starting, a library), then the environment as it was."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def dbt_build_environment(
    months: list[date], forces: list[str], tested: list[str] | None = None
) -> AbstractContextManager[None]:
    """The run's first and last month, the forces built and those tested (by default the same)
    in this process's environment while a dbt invocation starts (it inherits the environment). As
    vars they would change dbt's vars on every run, and dbt then parses the whole project again."""
    tested = forces if tested is None else tested
    values = (months[0].isoformat(), months[-1].isoformat(), ",".join(forces), ",".join(tested))
    return environment(dict(zip(DBT_BUILD_VARIABLES, values, strict=True)))


# Dagster hands a step's events of many months to the event log as one batch, which
# orchestration/event_log.py writes in one transaction (set for every run: the command line's and
# those the UI launches).
DAGSTER_ENVIRONMENT = {"DAGSTER_EVENT_BATCH_SIZE": "1000"}

# Before a run of several months starts, Dagster writes a "materialization planned" event per
# asset and month (a SQLite write each: 8,687 for a 10-year history, a minute of a full build);
# with this it writes one per asset naming the months. What it gives up: the months of such a run
# that fails are not marked failed in the UI's partition view (the run is, with its error).
RANGED_RUN_ENVIRONMENT = {"DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS": "1"}
