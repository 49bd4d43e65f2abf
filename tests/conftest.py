"""Shared fixtures: an isolated pipeline (own landing folder, warehouse, reports, Dagster home)."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pcp_assets.settings import Settings
from pcp_assets.transform import prepare_dbt_manifest

REPORTING_MONTH = "2026-10"
# Two years of history: the previous R12 and the year-earlier Outcome 16 share need 24 months.
HISTORY_MONTHS = 25


def in_ci() -> bool:
    """CI sets `CI`; there the shared data must be present and snapshots are never rewritten."""
    return bool(os.environ.get("CI"))


def require_shared_data(*paths: Path) -> None:
    """Skip a test whose shared data is absent on this machine; in CI, where `../shared` is laid
    beside the project, its absence is a failure, never a silent skip."""
    missing = [str(path) for path in paths if not path.exists()]
    if not missing:
        return
    message = f"the shared data is not here: {', '.join(missing)}"
    if in_ci():
        pytest.fail(f"{message} (CI runs with ../shared beside the project)")
    pytest.skip(message)


def _pipeline_variables() -> list[str]:
    return [name for name in os.environ if name.startswith("PCP_") or name == "DAGSTER_HOME"]


FRESHNESS_DAY = "2026-11-20"

# Every folder the pipeline writes to, by the setting that places it.
PATH_SETTINGS = {
    "PCP_DUCKDB_PATH": "warehouse/pcp.duckdb",
    "PCP_LANDING_DIR": "landing",
    "PCP_REPORTS_DIR": "reports",
    "DAGSTER_HOME": "dagster_home",
    "PCP_DATA_DOCS_DIR": "data_docs",
    "PCP_PUBLISHED_DIR": "published",
    "PCP_COMMENTARY_DIR": "commentary",
    "PCP_LOGS_DIR": "logs",
    "PCP_POLICE_UK_DIR": "police_uk",
}


def isolate(patch: pytest.MonkeyPatch, root: Path) -> None:
    """A project of its own under `root`: every path setting there, the source and force at
    their defaults."""
    for variable, folder in PATH_SETTINGS.items():
        patch.setenv(variable, str(root / folder))
    for variable in ("PCP_SOURCE", "PCP_FORCE_ID"):
        patch.delenv(variable, raising=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules that run longest first, by their `minutes` mark, the others after them in
    their order. `make test` hands whole modules to its two workers in this order (`--dist
    loadfile --no-loadscope-reorder`): a long module handed out last would keep one worker busy
    long after the other had finished."""
    items.sort(key=lambda item: -minutes(item))


def minutes(item: pytest.Item) -> float:
    """How long the item's module took in a measured suite run (its `minutes` mark), 0 unmarked."""
    mark = item.get_closest_marker("minutes")
    return float(mark.args[0]) if mark else 0.0


@pytest.fixture(autouse=True, scope="session")
def _dbt_manifest() -> None:
    """The dbt project parsed once before any test: the paper reads each mart's grain from the
    manifest, also where a test renders from a warehouse it made by hand."""
    prepare_dbt_manifest(Settings.from_env())


@pytest.fixture(autouse=True)
def _restore_environment() -> Iterator[None]:
    """No test leaks the settings it put in the environment to the next."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def pipeline_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Every setting at its default but the paths, which point into a fresh folder, the same
    for every worker of the session (`shared_folder`)."""
    root = shared_folder(tmp_path_factory) / "pipeline"
    root.mkdir(exist_ok=True)
    saved = {name: os.environ.pop(name) for name in _pipeline_variables()}
    variables = {
        "PCP_DUCKDB_PATH": str(root / "warehouse" / "pcp.duckdb"),
        "PCP_LANDING_DIR": str(root / "landing"),
        "PCP_REPORTS_DIR": str(root / "reports"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "PCP_DATA_DOCS_DIR": str(root / "data_docs"),
        "PCP_PUBLISHED_DIR": str(root / "published"),
        "PCP_COMMENTARY_DIR": str(root / "commentary"),
        "PCP_LOGS_DIR": str(root / "logs"),
        # freshness is judged as on a day after every 2026-10 file was due, whenever tests run
        "PCP_TODAY": FRESHNESS_DAY,
    }
    os.environ.update(variables)
    yield Settings.from_env()
    for name in _pipeline_variables():
        del os.environ[name]
    os.environ.update(saved)


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's folder shared by its test workers (`pytest -n`), or its own folder without
    workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(folder: Path, name: str, build: Callable[[], None]) -> None:
    """`build` done by the first worker of the session to need it while the others wait for it;
    the others then use what it built. A build that failed fails them too."""
    state = folder / f"{name}.state"
    with (folder / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if state.is_file():
            if state.read_text() != "built":
                pytest.fail(f"{name}: the build failed in another worker")
            return
        state.write_text("building")
        build()
        state.write_text("built")


@pytest.fixture(scope="session")
def generated_landing(
    pipeline_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    from pcp_assets.sources.force_extracts.synthetic import generate

    def build() -> None:
        generate(
            pipeline_settings.landing_dir,
            end_month=REPORTING_MONTH,
            months=HISTORY_MONTHS,
            commentary_dir=pipeline_settings.commentary_dir,
        )

    built_once(shared_folder(tmp_path_factory), "generated_landing", build)
    return pipeline_settings.landing_dir


@pytest.fixture(scope="session")
def completed_run(
    pipeline_settings: Settings, generated_landing: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The README's run, for real: `pcp run --month 2026-10` on the generated extracts. Built
    once a session and read by every worker at once: a test that changes it takes
    `pipeline_copy`."""
    from orchestration.cli import main

    def build() -> None:
        assert main(["run", "--month", REPORTING_MONTH]) == 0

    built_once(shared_folder(tmp_path_factory), "completed_run", build)
    return pipeline_settings


@pytest.fixture
def pipeline_copy(
    completed_run: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """A private copy of the completed pipeline (landing files, warehouse, releases, papers,
    Dagster home) that a test may break; the settings point at it."""
    return private_copy(completed_run.duckdb_path.parent.parent, tmp_path, monkeypatch)


def private_copy(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A copy of the session's pipeline under `root` for one test, every path setting that
    pointed into `root` pointing into the copy."""
    copy = tmp_path / root.name
    shutil.copytree(root, copy, symlinks=True)
    for variable, path in os.environ.items():
        if variable.startswith(("PCP_", "DAGSTER_HOME")) and path.startswith(str(root)):
            monkeypatch.setenv(variable, path.replace(str(root), str(copy), 1))
    return Settings.from_env()


@pytest.fixture(scope="session")
def _two_months_generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pcp_assets.sources.force_extracts.synthetic import generate

    landing = tmp_path_factory.mktemp("two_months") / "landing"
    generate(landing, end_month="2026-10", months=2)
    return landing


@pytest.fixture
def two_generated_months(
    _two_months_generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """A private landing folder with September and October 2026 generated, nothing loaded yet:
    a copy of the session's one generation (the generator is seeded), its files landed now."""
    for variable, folder in {
        "PCP_LANDING_DIR": "landing",
        "PCP_DUCKDB_PATH": "warehouse/pcp.duckdb",
        "DAGSTER_HOME": "dagster_home",
    }.items():
        monkeypatch.setenv(variable, str(tmp_path / folder))
    settings = Settings.from_env()
    shutil.copytree(_two_months_generated, settings.landing_dir, copy_function=shutil.copy)
    return settings


TWO_FORCES = ("midshire", "wealdshire")


@pytest.fixture(scope="session")
def two_forces_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two forces' extracts (September and October 2026 each), each in its own folder of one
    landing folder, run by one `pcp run` without --force (every force that delivered): built
    once a session and read by every worker; a test that changes it takes `two_forces_copy`.
    The folder every path setting points into (`isolate`)."""
    from orchestration.cli import main
    from pcp_assets.sources.force_extracts.synthetic import generate

    root = shared_folder(tmp_path_factory) / "two_forces"

    def build() -> None:
        with pytest.MonkeyPatch.context() as patch:
            isolate(patch, root)
            for force in TWO_FORCES:
                landing = root / "landing" / force
                generate(landing, end_month=REPORTING_MONTH, months=2, force_id=force)
            assert main(["run"]) == 0

    built_once(shared_folder(tmp_path_factory), "two_forces", build)
    return root


@pytest.fixture
def two_forces_copy(
    two_forces_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """A private copy of the two forces' pipeline that a test may break; the settings point at
    it."""
    isolate(monkeypatch, two_forces_run)
    return private_copy(two_forces_run, tmp_path, monkeypatch)
