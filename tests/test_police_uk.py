"""data.police.uk on the full published files, and the ONS force-area table.

Every expected figure is computed straight from the published CSVs with pandas
(tests/police_uk_expected.py). The committed slice runs through `pcp run` in
test_police_uk_run.py; here the full 24 months of `../shared/data` are reconciled (skipped on a
machine without them, a failure in CI).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.loading import load_delivery
from pcp_assets.ons import load_ons_table
from pcp_assets.settings import DBT_PROJECT_DIR, PROJECT_ROOT, Settings
from pcp_assets.sources.police_uk import downloads, quirks
from pcp_assets.transform import dbt_vars
from reports.sections import national_comparison as comparison
from tests.conftest import require_shared_data
from tests.paper_reading import stumbles
from tests.police_uk_expected import ALL_CRIME, expected_crimes, paper_text, reconcile, shift
from tests.reference.places import ONS_CRIMES

pytestmark = pytest.mark.minutes(3.5)

FIXTURES = Path(__file__).parent / "fixtures"
ONS_FIXTURE = FIXTURES / "ons" / "rec-crime-pfa-slice.csv.gz"
SHARED = PROJECT_ROOT.parent / "shared" / "data"
SHARED_DIR = SHARED / "police_uk" / "bedfordshire"
SHARED_ONS = SHARED / "ons" / "rec-crime-pfa.csv.gz"
SHARED_MONTH = "2023-04"


# --- running the pipeline --------------------------------------------------------------------


def build_directly(root: Path, input_dir: Path, month: str, ons_path: Path) -> Settings:
    """The same loader, dbt project and renderer as `pcp run`, without Dagster's per-month
    checks and papers (the committed slice goes through `pcp run`, test_police_uk_run.py): every
    month loaded, one `dbt build`, the reporting month's paper."""
    from pcp_assets.raw_tables import create_raw_tables
    from reports.printing import render_board_paper
    from reports.sections import paper_for

    warehouse, reports = root / "pcp.duckdb", root / "reports"
    (force,) = downloads.forces_in(input_dir)
    last = date.fromisoformat(f"{month}-01")
    with duckdb.connect(str(warehouse)) as con:
        create_raw_tables(con)
        for m in downloads.forces_and_months(input_dir)[force]:
            if m <= last:
                for extract in ("police_uk_street", "police_uk_outcomes"):
                    path = downloads.file_path(input_dir, extract, m, force)
                    load_delivery(con, extract, m, path, force)
        load_ons_table(con, ons_path)
    command = [
        str(Path(sys.executable).parent / "dbt"),
        *("build", "--exclude", "test_type:unit"),
        *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
        *("--target-path", str(root / "target"), "--log-path", str(root / "logs")),
        *("--vars", dbt_vars(warehouse)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        render_board_paper(con, paper_for("police_uk"), force, last, reports)
    return replace(Settings.from_env(), duckdb_path=warehouse, reports_dir=reports, force_id=force)


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    require_shared_data(SHARED_DIR, SHARED_ONS)
    yield build_directly(
        tmp_path_factory.mktemp("police_uk_shared"), SHARED_DIR, SHARED_MONTH, SHARED_ONS
    )


# --- the full 24 months of ../shared/data ---------------------------------------------------------


def test_shared_run_reconciles_every_month(shared_run: Settings) -> None:
    reconcile(shared_run, SHARED_DIR)


def test_shared_paper_headline(shared_run: Settings) -> None:
    crimes = expected_crimes(SHARED_DIR)
    window = [shift(SHARED_MONTH, -k) for k in range(12)]
    r12 = int(crimes["Month"].isin(window).sum())
    text = paper_text(shared_run, SHARED_MONTH)
    assert f"There were {r12:,} recorded crimes in the 12 months to April 2023" in text
    assert (
        "the ONS police force area table covers the 12 months to March 2003 up to the 12 " in text
    )


# --- the ONS force-area table ----------------------------------------------------------------


def ons_rows(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str)
    table["offences"] = table["Rolling year total number of offences"].astype(int)
    table["month"] = pd.to_datetime(table["12 months ending"], format="%d-%m-%Y").dt.to_period("M")
    return table


def check_ons_loader(path: Path) -> None:
    table = ons_rows(path)
    territorial = ~table["PFA"].isin(
        ["British Transport Police", "Action Fraud", "CIFAS", "UK Finance"]
    )
    in_scope = table[table["Offence"].isin(ONS_CRIMES) & territorial]
    con = duckdb.connect()
    load_ons_table(con, path)
    loaded = con.execute(
        "select strftime(period_end_month, '%Y-%m') as month, pfa, offence, offences "
        "from reference.ons_pfa_rolling"
    ).df()
    # Bedfordshire: every row of the table, unchanged
    beds = in_scope[in_scope["PFA"] == "Bedfordshire"]
    got = loaded[loaded["pfa"] == "Bedfordshire"].set_index(["month", "offence"])["offences"]
    assert len(got) == len(beds)
    for row in beds.itertuples():
        assert got[(str(row.month), row.Offence)] == row.offences
    # England and Wales: the territorial forces' rows summed, per period and offence
    national = in_scope.groupby([in_scope["month"].astype(str), "Offence"])["offences"].sum()
    got = loaded[loaded["pfa"] == "England and Wales"].set_index(["month", "offence"])["offences"]
    assert got.sort_index().to_dict() == national.sort_index().to_dict()
    # the odd date (30-12-2017) is read as December 2017
    if (table["12 months ending"] == "30-12-2017").any():
        assert "2017-12" in set(loaded["month"])


def test_ons_loader_fixture_rows_and_totals() -> None:
    check_ons_loader(ONS_FIXTURE)


def test_ons_loader_full_table_rows_and_totals() -> None:
    require_shared_data(SHARED_ONS)
    check_ons_loader(SHARED_ONS)


@pytest.fixture()
def overlapping(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The fixture ONS slice and a force's crime_volume at December 2017, where they overlap."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_ons_table(con, ONS_FIXTURE)
    con.execute("create schema marts")
    con.execute(
        "create table marts.crime_volume (force_id varchar, reporting_month date, area varchar, "
        "offence_group varchar, offence_subgroup varchar, r12_pct_change double)"
    )
    con.execute(
        "insert into marts.crime_volume values "
        "('bedfordshire', date '2017-12-01', 'All', 'Robbery', 'All', 0.25), "
        "('bedfordshire', date '2017-12-01', 'All', 'All crime', 'All', 0.1)"
    )
    return con


def test_comparison_where_periods_overlap(overlapping: duckdb.DuckDBPyConnection) -> None:
    result = comparison.national_comparison(
        overlapping, "bedfordshire", date(2017, 12, 1), ("Hertfordshire", "Atlantis")
    )
    assert result.available
    table = ons_rows(ONS_FIXTURE)
    robbery = table[(table["Offence"] == "Robbery")]

    def change(rows: pd.DataFrame) -> float:
        now = rows[rows["month"] == pd.Period("2017-12", freq="M")]["offences"].sum()
        before = rows[rows["month"] == pd.Period("2016-12", freq="M")]["offences"].sum()
        return (now - before) / before

    territorial = ~robbery["PFA"].isin(["British Transport Police"])
    rows = {r.offence_group: r for r in result.rows}
    assert rows["Robbery"].force.value == 0.25
    assert rows["Robbery"].england_and_wales.value == pytest.approx(change(robbery[territorial]))
    assert rows["Robbery"].peers.value == pytest.approx(
        change(robbery[robbery["PFA"] == "Hertfordshire"])
    )
    herts = table[(table["PFA"] == "Hertfordshire") & table["Offence"].isin(ONS_CRIMES)]
    assert rows[ALL_CRIME].peers.value == pytest.approx(change(herts))
    assert "+10.0%" in result.statement and "Atlantis" in result.statement
    assert comparison.comparison_table(result)["headers"][-1] == "Peer forces"


def test_comparison_says_when_periods_do_not_overlap(
    overlapping: duckdb.DuckDBPyConnection,
) -> None:
    result = comparison.national_comparison(overlapping, "bedfordshire", date(2023, 4, 1))
    assert not result.available
    assert "do not overlap" in result.statement


def test_comparison_without_the_ons_table() -> None:
    result = comparison.national_comparison(duckdb.connect(), "bedfordshire", date(2023, 4, 1))
    assert not result.available and "not loaded" in result.statement


def test_last_outcome_revisions_between_deliveries_are_counted() -> None:
    before = {"A": "Under investigation", "B": "Suspect charged", "C": None}
    after = {"A": "Unable to prosecute suspect", "B": "Suspect charged", "C": "Local resolution"}
    assert quirks.revised_last_outcomes(before, after) == 2
    assert quirks.revised_last_outcomes({}, after) == 0  # a first delivery revises nothing


def test_shared_paper_reads_without_stumbling(shared_run: Settings) -> None:
    """The rules of tests/paper_reading.py (shown firing in tests/test_reading.py) over the
    paper of the full 24 months."""
    papers = [p for p in shared_run.reports_dir.rglob("board_paper.html")]
    assert [p.parent.name for p in papers] == [SHARED_MONTH]
    assert stumbles(papers[0].read_text(encoding="utf-8")) == {}
