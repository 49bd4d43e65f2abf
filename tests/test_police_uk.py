"""data.police.uk as a source, on the real published files, and the ONS force-area table.

Every expected figure is computed here straight from the published CSVs with pandas (a different
method from the dbt models) and compared with the marts for every month:
- the committed slice (tests/fixtures/police_uk, three months of Bedfordshire) always runs, through
  `pcp run --source police_uk`;
- the full reconciliation reads `../shared/data` (24 months) and is skipped when it is absent.
"""

from __future__ import annotations

import gzip
import html
import os
import shutil
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
from pcp_assets.settings import DBT_PROJECT_DIR, PROJECT_ROOT, SEEDS_DIR, Settings
from pcp_assets.sources.police_uk import downloads, quirks
from pcp_assets.transform import dbt_vars
from reports.sections import national_comparison as comparison

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DIR = FIXTURES / "police_uk" / "bedfordshire"
FIXTURE_MONTH = "2022-02"
ONS_FIXTURE = FIXTURES / "ons" / "rec-crime-pfa-slice.csv.gz"
SHARED = PROJECT_ROOT.parent / "shared" / "data"
SHARED_DIR = SHARED / "police_uk" / "bedfordshire"
SHARED_ONS = SHARED / "ons" / "rec-crime-pfa.csv.gz"
SHARED_MONTH = "2023-04"
UNKNOWN_TYPE = "Crime type not known"
ALL_CRIME = "All crime"

needs_shared = pytest.mark.skipif(
    not SHARED_DIR.is_dir() or not SHARED_ONS.exists(),
    reason=f"the real data is not here ({SHARED}); the committed fixture slice still runs",
)


# --- running the pipeline --------------------------------------------------------------------


def run_police_uk(root: Path, input_dir: Path, month: str, ons_path: Path) -> Settings:
    """`pcp run --source police_uk --input <dir> --month <month>` into its own warehouse; the
    environment is restored afterwards (the CLI publishes its settings there)."""
    from orchestration.cli import main

    variables = {
        "PCP_DUCKDB_PATH": str(root / "warehouse" / "pcp.duckdb"),
        "PCP_REPORTS_DIR": str(root / "reports"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "PCP_DATA_DOCS_DIR": str(root / "data_docs"),
        "PCP_PUBLISHED_DIR": str(root / "published"),
        "PCP_ONS_PATH": str(ons_path),
        "PCP_PEER_FORCES": "Hertfordshire,Cambridgeshire",
    }
    # the CLI publishes these too; other tests must not see them
    published = ("PCP_FORCE_ID", "PCP_SOURCE", "PCP_POLICE_UK_DIR", "PCP_LANDING_DIR")
    saved = {name: os.environ.get(name) for name in [*variables, *published]}
    os.environ.update(variables)
    os.environ.pop("PCP_FORCE_ID", None)
    try:
        code = main(["run", "--source", "police_uk", "--input", str(input_dir), "--month", month])
        assert code == 0
        return Settings.from_env()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return run_police_uk(
        tmp_path_factory.mktemp("police_uk_fixture"), FIXTURE_DIR, FIXTURE_MONTH, ONS_FIXTURE
    )


def build_directly(root: Path, input_dir: Path, month: str, ons_path: Path) -> Settings:
    """The same loader, dbt project and renderer as `pcp run`, without Dagster's per-month
    checks and papers (the slice above goes through `pcp run`): every month loaded, one
    `dbt build`, the reporting month's paper."""
    from pcp_assets.raw_tables import create_raw_tables
    from reports.render import render_board_paper
    from reports.sections import POLICE_UK_PAPER

    warehouse, reports = root / "pcp.duckdb", root / "reports"
    force = downloads.the_force(input_dir)
    last = date.fromisoformat(f"{month}-01")
    with duckdb.connect(str(warehouse)) as con:
        create_raw_tables(con)
        for m in downloads.forces_and_months(input_dir)[force]:
            if m <= last:
                for extract in ("policeuk_street", "policeuk_outcomes"):
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
        render_board_paper(con, POLICE_UK_PAPER, force, last, reports)
    return replace(Settings.from_env(), duckdb_path=warehouse, reports_dir=reports, force_id=force)


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    if not SHARED_DIR.is_dir() or not SHARED_ONS.exists():
        pytest.skip(f"the real data is not here ({SHARED})")
    yield build_directly(
        tmp_path_factory.mktemp("police_uk_shared"), SHARED_DIR, SHARED_MONTH, SHARED_ONS
    )


# --- the independent computation ---------------------------------------------------------------


def read_published(folder: Path, kind: str) -> pd.DataFrame:
    """Every `<month>/<month>-<force>-<kind>.csv[.gz]` with its file month and 1-based row."""
    frames = []
    for path in sorted(folder.glob(f"*/*-{kind}.csv*")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["file_month"] = path.parent.name
        frame["row"] = range(1, len(frame) + 1)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def expected_crimes(folder: Path) -> pd.DataFrame:
    """One row per crime: blank Crime IDs (anti-social behaviour) out, a repeated ID keeps its
    later delivery and row; crime type to offence group by the crosswalk seed."""
    street = read_published(folder, "street")
    crosswalk = pd.read_csv(SEEDS_DIR / "policeuk_crime_type_map.csv", dtype=str)
    crimes = street[street["Crime ID"] != ""].sort_values(["file_month", "row"])
    crimes = crimes.drop_duplicates("Crime ID", keep="last")
    crimes = crimes.merge(crosswalk, left_on="Crime type", right_on="crime_type")
    return crimes[crimes["is_crime"] == "true"]


def expected_outcomes(folder: Path, crimes: pd.DataFrame) -> pd.DataFrame:
    outcomes = read_published(folder, "outcomes")
    crosswalk = pd.read_csv(SEEDS_DIR / "policeuk_outcome_map.csv", dtype=str)
    outcomes = outcomes.merge(crosswalk, left_on="Outcome type", right_on="outcome_category")
    groups = crimes.set_index("Crime ID")["offence_group"]
    outcomes["offence_group"] = outcomes["Crime ID"].map(groups).fillna(UNKNOWN_TYPE)
    outcomes["outcome_type"] = outcomes["outcome_type"].astype(int)
    return outcomes


def months_of(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def shift(month: str, n: int) -> str:
    period = pd.Period(month, freq="M") + n
    return str(period)


def reconcile(settings: Settings, folder: Path) -> None:
    """Monthly counts, R12 totals and outcome counts by crime type for every month: the marts
    equal the computation straight from the CSVs."""
    crimes = expected_crimes(folder)
    outcomes = expected_outcomes(folder, crimes)
    months = months_of(folder)
    first = months[0]
    monthly = crimes.groupby(["Month", "offence_group"]).size()
    groups = sorted(crimes["offence_group"].unique())
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        volume = con.execute(
            """
            select strftime(reporting_month, '%Y-%m') as month, offence_group, crimes, crimes_r12
            from marts.crime_volume
            where force_id = 'bedfordshire' and area = 'All' and offence_subgroup = 'All'
            """
        ).df()
        counts = con.execute(
            """
            select strftime(reporting_month, '%Y-%m') as month, offence_group, outcome_type,
                   outcomes_month, outcomes_r12
            from marts.outcome_counts
            where force_id = 'bedfordshire' and area = 'All'
            """
        ).df()
    volume = volume.set_index(["month", "offence_group"])
    mart_months = sorted(volume.index.get_level_values("month").unique())
    assert mart_months == months
    for m in months:
        window = [shift(m, -k) for k in range(12)]
        complete = window[-1] >= first
        for group in [*groups, ALL_CRIME]:
            in_group = (
                monthly if group == ALL_CRIME else monthly.xs(group, level=1, drop_level=False)
            )
            by_month = in_group.groupby(level=0).sum()
            row = volume.loc[(m, group)]
            assert row["crimes"] == by_month.get(m, 0), (m, group)
            if complete:
                assert row["crimes_r12"] == sum(by_month.get(w, 0) for w in window), (m, group)
            else:
                assert pd.isna(row["crimes_r12"]), (m, group)

        # each crime's effective outcome as of m: its latest published outcome up to m
        known = outcomes[outcomes["Month"] <= m].sort_values(["Month", "file_month", "row"])
        latest = known.drop_duplicates("Crime ID", keep="last")
        mart = counts[counts["month"] == m]
        for column, rows in (
            ("outcomes_month", latest[latest["Month"] == m]),
            ("outcomes_r12", latest[latest["Month"] >= window[-1]] if complete else None),
        ):
            if rows is None:
                assert mart[column].isna().all(), (m, column)
                continue
            by_type = rows.groupby(["offence_group", "outcome_type"]).size()
            expected = {
                **{(g, int(t)): int(n) for (g, t), n in by_type.items()},
                **{
                    (ALL_CRIME, int(t)): int(n)
                    for t, n in rows.groupby("outcome_type").size().items()
                },
            }
            got = {
                (r.offence_group, int(r.outcome_type)): int(getattr(r, column))
                for r in mart.itertuples()
                if getattr(r, column)
            }
            assert got == expected, (m, column)


def paper_text(settings: Settings, month: str) -> str:
    path = settings.reports_dir / settings.force_id / month / "board_paper.html"
    return html.unescape(path.read_text())


# --- the committed slice, through `pcp run --source police_uk` ----------------------------------


def test_fixture_slice_is_small_and_gzipped() -> None:
    files = list(FIXTURE_DIR.glob("*/*"))
    assert files and all(f.name.endswith(".csv.gz") for f in files)
    assert sum(f.stat().st_size for f in FIXTURES.rglob("*") if f.is_file()) < 2_000_000


def test_fixture_run_reconciles_with_the_csvs(fixture_run: Settings) -> None:
    reconcile(fixture_run, FIXTURE_DIR)


def test_fixture_quirks_are_counted_not_dropped(fixture_run: Settings) -> None:
    street = read_published(FIXTURE_DIR, "street")
    with duckdb.connect(str(fixture_run.duckdb_path), read_only=True) as con:
        quality = (
            con.execute(
                """
            select strftime(reporting_month, '%Y-%m') as month, street_rows, anti_social_behaviour,
                   blank_crime_ids, repeated_crime_id_rows, rows_without_location,
                   outcomes_of_crimes_before_first_month
            from marts.police_uk_quirks order by month
            """
            )
            .df()
            .set_index("month")
        )
        rejected = con.execute("select count(*) from raw.rejects").fetchall()[0][0]
    assert rejected == 0
    for month, rows in street.groupby("file_month"):
        got = quality.loc[month]
        assert got["street_rows"] == len(rows)
        assert got["anti_social_behaviour"] == (rows["Crime type"] == "Anti-social behaviour").sum()
        assert got["blank_crime_ids"] == (rows["Crime ID"] == "").sum()
        assert got["rows_without_location"] == (rows["LSOA code"] == "").sum()
    ids = street[street["Crime ID"] != ""]
    assert quality["repeated_crime_id_rows"].sum() == ids["Crime ID"].duplicated().sum() > 0
    assert quality["outcomes_of_crimes_before_first_month"].sum() > 0


def test_fixture_paper_says_what_the_source_cannot_show(fixture_run: Settings) -> None:
    text = paper_text(fixture_run, FIXTURE_MONTH)
    assert "Open Government Licence v3.0" in text
    assert "cannot support domestic abuse figures" in text
    assert "Outcome 16 shares" in text and "Outcome 16 disposals" not in text
    assert "taken into consideration (TIC)" in text and "numbered" not in text
    assert "median response time" not in text
    # three months loaded: no R12, said as such rather than printed as 0
    assert "not available" in text
    assert "anti-social behaviour reports were published" in text
    # the fixture's ONS slice ends in 2017: the periods do not overlap, and the paper says so
    assert "No national or peer comparison is possible" in text


def test_plain_csv_downloads_are_found(tmp_path: Path) -> None:
    month = tmp_path / "2022-01"
    month.mkdir()
    for kind in ("street", "outcomes"):
        source = FIXTURE_DIR / "2022-01" / f"2022-01-bedfordshire-{kind}.csv.gz"
        (month / f"2022-01-bedfordshire-{kind}.csv").write_bytes(
            gzip.decompress(source.read_bytes())
        )
    shutil.copytree(FIXTURE_DIR / "2022-02", tmp_path / "2022-02")
    assert downloads.forces_and_months(tmp_path) == {
        "bedfordshire": [date(2022, 1, 1), date(2022, 2, 1)]
    }
    assert downloads.file_path(
        tmp_path, "policeuk_street", date(2022, 1, 1), "bedfordshire"
    ).name == ("2022-01-bedfordshire-street.csv")
    assert downloads.the_force(tmp_path) == "bedfordshire"


# --- the full 24 months of ../shared/data ---------------------------------------------------------


@needs_shared
def test_shared_run_reconciles_every_month(shared_run: Settings) -> None:
    reconcile(shared_run, SHARED_DIR)


@needs_shared
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
    scope = pd.read_csv(SEEDS_DIR / "ons_offence_map.csv", dtype=str)
    crimes = set(scope.loc[scope["is_crime"] == "true", "ons_offence"])
    territorial = ~table["PFA"].isin(
        ["British Transport Police", "Action Fraud", "CIFAS", "UK Finance"]
    )
    in_scope = table[table["Offence"].isin(crimes) & territorial]
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


@needs_shared
def test_ons_loader_full_table_rows_and_totals() -> None:
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
    scope = pd.read_csv(SEEDS_DIR / "ons_offence_map.csv", dtype=str)
    robbery = table[(table["Offence"] == "Robbery")]

    def change(rows: pd.DataFrame) -> float:
        now = rows[rows["month"] == pd.Period("2017-12", freq="M")]["offences"].sum()
        before = rows[rows["month"] == pd.Period("2016-12", freq="M")]["offences"].sum()
        return (now - before) / before

    territorial = ~robbery["PFA"].isin(["British Transport Police"])
    rows = {r.offence_group: r for r in result.rows}
    assert rows["Robbery"].force == 0.25
    assert rows["Robbery"].england_and_wales == pytest.approx(change(robbery[territorial]))
    assert rows["Robbery"].peers == pytest.approx(
        change(robbery[robbery["PFA"] == "Hertfordshire"])
    )
    crimes = set(scope.loc[scope["is_crime"] == "true", "ons_offence"])
    herts = table[(table["PFA"] == "Hertfordshire") & table["Offence"].isin(crimes)]
    assert rows[ALL_CRIME].peers == pytest.approx(change(herts))
    assert "+10%" in result.statement and "Atlantis" in result.statement
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
