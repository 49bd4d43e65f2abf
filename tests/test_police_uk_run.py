"""data.police.uk through the orchestrated path: `pcp run --source police_uk` on the committed slice
(tests/fixtures/police_uk: 24 months of Bedfordshire, one crime in 16, tests/fixtures/README.md),
every figure compared month by month with pandas straight from the slice's CSVs."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from pcp_assets.sources.police_uk import downloads
from reports.sections.quirks import QUIRKS
from tests.paper_html import visible_text
from tests.paper_reading import stumbles
from tests.paper_style import percent
from tests.paper_traces import mismatched_figures, unlinked_numbers
from tests.pdf_layout import layout_faults
from tests.police_uk_expected import (
    expected_crimes,
    expected_quirks,
    months_of,
    paper_text,
    read_published,
    reconcile,
    shift,
    table_row,
)

pytestmark = pytest.mark.minutes(6)

FIXTURES = Path(__file__).parent / "fixtures"
SLICE = FIXTURES / "police_uk" / "bedfordshire"
ONS_SLICE = FIXTURES / "ons" / "rec-crime-pfa-slice.csv.gz"
LAST_MONTH = months_of(SLICE)[-1]


def run_police_uk(root: Path, input_dir: Path, month: str, ons_path: Path) -> Settings:
    """`pcp backfill --source police_uk --input <dir>` of every month to `month` (a paper for
    each) into its own warehouse; the environment is restored afterwards."""
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
    saved = {name: os.environ.get(name) for name in [*variables, "PCP_FORCE_ID"]}
    os.environ.update(variables)
    os.environ.pop("PCP_FORCE_ID", None)
    try:
        first = months_of(input_dir)[0]
        source = ["--source", "police_uk", "--input", str(input_dir)]
        code = main(["backfill", *source, "--from", first, "--to", month])
        assert code == 0
        return Settings.from_env()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def slice_run(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return run_police_uk(tmp_path_factory.mktemp("police_uk_slice"), SLICE, LAST_MONTH, ONS_SLICE)


def test_slice_is_small_gzipped_and_long_enough_for_a_change_on_a_year() -> None:
    files = list(SLICE.glob("*/*"))
    assert files and all(f.name.endswith(".csv.gz") for f in files)
    assert sum(f.stat().st_size for f in FIXTURES.rglob("*") if f.is_file()) < 2_000_000
    assert len(months_of(SLICE)) == 24


def test_marts_reconcile_with_the_csvs_every_month(slice_run: Settings) -> None:
    reconcile(slice_run, SLICE)


def test_quirks_are_counted_every_month(slice_run: Settings) -> None:
    expected = expected_quirks(SLICE)
    columns = ", ".join(expected.columns)
    with duckdb.connect(str(slice_run.duckdb_path), read_only=True) as con:
        got = con.execute(
            f"select strftime(reporting_month, '%Y-%m') as month, {columns} "
            "from marts.police_uk_quirks order by month"
        ).df()
        rejected = con.execute("select count(*) from raw.rejects").fetchall()[0][0]
    assert rejected == 0
    pd.testing.assert_frame_equal(
        got.set_index("month"), expected.rename_axis("month"), check_dtype=False
    )
    # the slice holds every quirk, so none of these comparisons is of zeros only
    assert (expected.sum() > 0).all(), expected.sum()


def test_each_paper_prints_the_quirk_counts(slice_run: Settings) -> None:
    expected = expected_quirks(SLICE)
    assert [column for column, _ in QUIRKS] == list(expected.columns)
    for m in expected.index:
        text = paper_text(slice_run, m)
        window = expected.loc[shift(m, -11) : m]
        for column, label in QUIRKS:
            month_count, year_count = expected.loc[m, column], window[column].sum()
            assert table_row(text, label) == [f"{month_count:,}", f"{year_count:,}"], (m, column)


def test_paper_headline_r12_and_change(slice_run: Settings) -> None:
    crimes = expected_crimes(SLICE)
    r12 = int(crimes["Month"].isin([shift(LAST_MONTH, -k) for k in range(12)]).sum())
    before = int(crimes["Month"].isin([shift(LAST_MONTH, -12 - k) for k in range(12)]).sum())
    label = pd.Period(LAST_MONTH, freq="M").strftime("%B %Y")
    assert (
        f"There were {r12:,} recorded crimes in the 12 months to {label}, "
        f"{percent(r12 - before, before, signed=True)} on the previous 12 months "
        f"({before:,} crimes)"
    ) in paper_text(slice_run, LAST_MONTH)


def test_every_figure_of_the_paper_shows_its_mart_cell(slice_run: Settings) -> None:
    """The data.police.uk paper's figure links (its own sections too: quirks, anti-social
    behaviour, the outcome mix, the national comparison) read back from the warehouse
    (tests/paper_traces.py)."""
    (path,) = [
        p for p in slice_run.reports_dir.rglob("board_paper.html") if p.parent.name == LAST_MONTH
    ]
    page = path.read_text(encoding="utf-8")
    with duckdb.connect(str(slice_run.duckdb_path), read_only=True) as con:
        links, wrong = mismatched_figures(page, con, path.parent.parent.name)
    assert links > 50
    assert not wrong, wrong
    left = unlinked_numbers(page)
    assert not left, left


def test_volume_checks_judge_the_real_months_and_never_block_them(slice_run: Settings) -> None:
    """docs/data-quality.md, "Volume and shape against history": every month from the fourth
    (three months before it) is judged, and nothing blocks. The slice keeps every Crime ID
    repeated across street files (tests/fixtures/README.md), most in January 2022: that month's
    street file, and April 2022's outcomes, are outside the warning limits; no other month is."""
    with duckdb.connect(str(slice_run.duckdb_path), read_only=True) as con:
        judged = con.execute(
            "SELECT extract, count(*) FILTER (WHERE outcome <> 'not checked') FROM "
            "quality.volume_checks WHERE measure = 'rows' GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        outside = con.execute(
            "SELECT DISTINCT extract, strftime(reporting_month, '%Y-%m'), outcome "
            "FROM quality.volume_checks WHERE outcome NOT IN ('within', 'not checked') "
            "ORDER BY ALL"
        ).fetchall()
    assert judged == [("police_uk_outcomes", 21), ("police_uk_street", 21)]
    assert outside == [
        ("police_uk_outcomes", "2022-04", "warn"),
        ("police_uk_street", "2022-01", "warn"),
    ]
    street = {
        month: pd.read_csv(next((SLICE / month).glob("*-street.csv.gz")))
        for month in ("2021-12", "2022-01", "2022-02")
    }
    assert street["2022-01"].duplicated().sum() > 100
    assert len(street["2022-01"]) > 1.75 * max(len(street["2021-12"]), len(street["2022-02"]))


def test_paper_says_what_the_source_cannot_show(slice_run: Settings) -> None:
    text = paper_text(slice_run, LAST_MONTH)
    assert "Open Government Licence v3.0" in text
    assert "cannot support domestic abuse figures" in text
    assert "Outcome 16 shares" in text and "Outcome 16 disposals" not in text
    assert "taken into consideration (TIC)" in text and "numbered" not in text
    assert "median response time" not in text
    # the ONS slice ends in 2017: the periods do not overlap, and the paper says so
    assert "No national or peer comparison is possible" in text
    # three months in, there is no R12: said as such rather than printed as 0
    third = months_of(SLICE)[2]
    street = read_published(SLICE, "street")
    asb = street[
        (street["Crime type"] == "Anti-social behaviour") & (street["file_month"] <= third)
    ]
    early = paper_text(slice_run, third)
    assert "Not yet available: the data start in" in early and "so the paper leaves out" in early
    assert f"{len(asb):,} anti-social behaviour reports were published in the three months to" in (
        early
    )


def test_the_paper_says_what_it_cannot_show_once(slice_run: Settings) -> None:
    """1.3 says what the published files cannot support and that what needs the force's own
    records is not in them; each section they would fill is then one line of its own, and no
    sentence of the paper is printed more than twice."""
    text = paper_text(slice_run, LAST_MONTH)
    assert text.count("needs the force's own records") == 1
    assert "cannot show them" not in text and "hold no the" not in text
    assert "No update was provided for this objective" not in text
    assert "Not in the data.police.uk files (see 1.3): the results of proactive operations." in text
    sentences = Counter(
        s.strip() for s in re.split(r"(?<=[.:])\s+", visible_text(text)) if len(s) > 40
    )
    assert [s for s, n in sentences.items() if n > 2] == []


def test_plain_csv_downloads_are_found(tmp_path: Path) -> None:
    month = tmp_path / "2022-01"
    month.mkdir()
    for kind in ("street", "outcomes"):
        source = SLICE / "2022-01" / f"2022-01-bedfordshire-{kind}.csv.gz"
        (month / f"2022-01-bedfordshire-{kind}.csv").write_bytes(
            gzip.decompress(source.read_bytes())
        )
    shutil.copytree(SLICE / "2022-02", tmp_path / "2022-02")
    assert downloads.forces_and_months(tmp_path) == {
        "bedfordshire": [date(2022, 1, 1), date(2022, 2, 1)]
    }
    assert downloads.file_path(
        tmp_path, "police_uk_street", date(2022, 1, 1), "bedfordshire"
    ).name == ("2022-01-bedfordshire-street.csv")
    assert downloads.forces_in(tmp_path) == ("bedfordshire",)


def test_a_folder_of_several_forces_runs_every_force(tmp_path: Path) -> None:
    """data.police.uk's archive lays every force's files of a month side by side: one backfill
    loads, builds and prints each force's (here the slice's first two months, as Bedfordshire's
    and again, byte for byte, as Hertfordshire's)."""
    forces, months = ("bedfordshire", "hertfordshire"), months_of(SLICE)[:2]
    folder = tmp_path / "downloads"
    delivered = 0
    for month in months:
        (folder / month).mkdir(parents=True)
        for kind in ("street", "outcomes"):
            file = SLICE / month / f"{month}-bedfordshire-{kind}.csv.gz"
            delivered += len(pd.read_csv(file, dtype=str)) if kind == "street" else 0
            for force in forces:
                shutil.copy(file, folder / month / f"{month}-{force}-{kind}.csv.gz")

    settings = run_police_uk(tmp_path / "run", folder, months[-1], ONS_SLICE)

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        loaded = con.execute(
            "SELECT force_id, sum(rows_delivered) FROM raw.loads "
            "WHERE extract = 'police_uk_street' GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        built = con.execute("SELECT DISTINCT force_id FROM marts.crime_volume ORDER BY 1")
        assert [force for (force,) in built.fetchall()] == list(forces)
    assert loaded == [(force, delivered) for force in forces]
    for force in forces:
        for month in months:
            assert (settings.reports_dir / force / month / "board_paper.html").is_file()


@pytest.mark.parametrize("edition", ["board_paper", "board_paper_published"])
def test_the_paper_of_a_real_run_reads_without_stumbling(slice_run: Settings, edition: str) -> None:
    """The rules of tests/paper_reading.py (shown firing in tests/test_reading.py) over the
    latest month's paper as `pcp backfill` published it, data-quality section and all."""
    papers = [p for p in slice_run.reports_dir.rglob(f"{edition}.html")]
    latest = [p for p in papers if p.parent.name == LAST_MONTH]
    assert len(latest) == 1, papers
    assert stumbles(latest[0].read_text(encoding="utf-8")) == {}


def test_the_printed_papers_part_no_figure_table_or_heading(slice_run: Settings) -> None:
    """The backfill's last month is printed: read from the PDFs alone (tests/pdf_layout.py), no
    chart or table split across pages, no heading, caption or word left alone at a page's foot."""
    for stem in ("board_paper", "board_paper_published"):
        printed = [
            p for p in slice_run.reports_dir.rglob(f"{stem}.pdf") if p.parent.name == LAST_MONTH
        ]
        assert len(printed) == 1, printed
        assert layout_faults(printed[0].read_bytes()) == [], stem
