"""Several forces in one warehouse: each run loads and replaces only its own force's months, each
force gets its own paper, neither overwrites the other, and the published marts hold both."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.synthetic import generate

MONTH = "2026-10"
FORCES = ("midshire", "wealdshire")


@pytest.fixture(scope="module")
def two_forces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Both forces' extracts, each in its own landing folder, run one after the other into one
    warehouse; the first force's paper is read before the second force's run."""
    root = tmp_path_factory.mktemp("forces")
    with pytest.MonkeyPatch.context() as patch:
        for variable, folder in {
            "PCP_DUCKDB_PATH": "warehouse/pcp.duckdb",
            "PCP_REPORTS_DIR": "reports",
            "PCP_PUBLISHED_DIR": "published",
            "PCP_DATA_DOCS_DIR": "data_docs",
            "DAGSTER_HOME": "dagster_home",
        }.items():
            patch.setenv(variable, str(root / folder))
        papers: dict[str, bytes] = {}
        for force in FORCES:
            landing = root / "landing" / force
            generate(landing, end_month=MONTH, months=2, force_id=force)
            assert main(["run", "--force", force, "--input", str(landing), "--month", MONTH]) == 0
            papers[force] = paper_of(Settings.from_env(), force).read_bytes()
        return {"settings": Settings.from_env(), "root": root, "papers_when_written": papers}


def paper_of(settings: Settings, force: str) -> Path:
    return settings.reports_dir / force / MONTH / "board_paper.html"


def test_each_force_has_its_own_paper_and_neither_overwrites_the_other(two_forces) -> None:
    settings = two_forces["settings"]
    for force in FORCES:
        paper = paper_of(settings, force)
        assert paper.read_bytes() == two_forces["papers_when_written"][force]
    midshire, wealdshire = (paper_of(settings, f).read_text() for f in FORCES)
    assert "Midshire" in midshire and "Wealdshire" not in midshire
    assert "Wealdshire" in wealdshire and "Midshire" not in wealdshire


def test_each_forces_rows_are_its_own_delivery(two_forces) -> None:
    settings, root = two_forces["settings"], two_forces["root"]
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        loaded = dict(
            con.execute(
                "SELECT force_id, count(*) FROM raw.crimes WHERE month = ? GROUP BY force_id",
                [pd.Timestamp(f"{MONTH}-01").date()],
            ).fetchall()
        )
    delivered = {
        force: len(pd.read_csv(root / "landing" / force / "crimes" / f"{MONTH}.csv"))
        for force in FORCES
    }
    assert loaded == delivered


def test_the_published_marts_hold_every_force(two_forces) -> None:
    settings = two_forces["settings"]
    current = settings.published_dir / "current" / "pcp.duckdb"
    with duckdb.connect(str(current), read_only=True) as con:
        forces = {
            force
            for (force,) in con.execute(
                "SELECT DISTINCT force_id FROM marts.crime_volume WHERE reporting_month = ?",
                [pd.Timestamp(f"{MONTH}-01").date()],
            ).fetchall()
        }
    assert forces == set(FORCES)


def test_the_region_adds_up_both_forces(two_forces) -> None:
    """marts.region_headlines: the month's crimes of both forces by offence group; the R12 is
    null (two months of data) and the reason names each force."""
    settings = two_forces["settings"]
    month = pd.Timestamp(f"{MONTH}-01").date()
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        per_force = con.execute(
            "SELECT offence_group, sum(crimes), count(DISTINCT force_id) FROM marts.crime_volume "
            "WHERE reporting_month = ? AND area = 'All' AND offence_subgroup = 'All' "
            "GROUP BY offence_group",
            [month],
        ).fetchall()
        region = {
            group: (crimes, forces, r12, reason)
            for group, crimes, forces, r12, reason in con.execute(
                "SELECT offence_group, crimes, forces, crimes_r12, unavailable_reason "
                "FROM marts.region_headlines WHERE reporting_month = ?",
                [month],
            ).fetchall()
        }
    assert len(per_force) > 5 and set(region) == {group for group, _, _ in per_force}
    for group, crimes, forces in per_force:
        assert forces == 2
        assert region[group][:3] == (crimes, 2, None)
        assert all(f"{force}: no data before" in region[group][3] for force in FORCES)
