"""What "a failed run publishes nothing" means for a run of many forces (docs/data-quality.md).

Each test breaks a private copy of the session's run of two forces (tests/conftest.py) and runs
the month again with `pcp run` (every force):
- a force whose delivery is refused is left as it was, and the other force is built and
  published;
- a row of one force that fails a dbt test holds the whole publication (the release is one, and
  the failing rows are already in the marts): nothing is published, and the force is named;
- a paper that fails to render for one force: the other force's paper and the marts are
  published, none of the failing force's months is put in place, and the run fails naming the
  force whose paper is missing; every force's paper failing publishes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from orchestration.months import settled
from orchestration.runner import dagster_instance, run_months
from pcp_assets.settings import Settings
from reports import render
from tests.conftest import REPORTING_MONTH

pytestmark = pytest.mark.minutes(6)

REFUSED, OTHER = "wealdshire", "midshire"


def paper_digest(settings: Settings, force: str, month: str = REPORTING_MONTH) -> str | None:
    """The digest of the force's paper of the month in place, None when there is none."""
    paper = settings.reports_dir / force / month / "board_paper.html"
    return hashlib.sha256(paper.read_bytes()).hexdigest() if paper.is_file() else None


def current_release(settings: Settings) -> str:
    return (settings.published_dir / "current").resolve().name


def latest_run_id(settings: Settings) -> str:
    with dagster_instance(settings) as instance:
        return instance.get_runs(limit=1)[0].run_id


def published_by(settings: Settings, run_id: str) -> list[str]:
    """The forces whose month the run recorded as published, as the warehouse holds them."""
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT force_id FROM quality.publications WHERE run_id = ? ORDER BY 1",
            [run_id],
        ).fetchall()
    return [force for (force,) in rows]


def marts_of(settings: Settings, force: str, published: bool = False) -> pd.DataFrame:
    """The force's rows of marts.deliveries (what each delivery loaded), in the warehouse or in
    the published release."""
    path = settings.published_dir / "current" / "pcp.duckdb" if published else settings.duckdb_path
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT * FROM marts.deliveries WHERE force_id = ? ORDER BY ALL",
            [force],
        ).df()


def rows_of(path) -> list[list[str]]:
    with path.open(newline="") as file:
        return list(csv.reader(file))


def write_rows(path, rows: list[list[str]]) -> None:
    with path.open("w", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def run_month(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["run", "--month", REPORTING_MONTH])
    return code, capsys.readouterr().out


def test_a_refused_force_is_left_as_it_was_and_the_other_is_published(
    two_forces_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = two_forces_copy
    before = {force: marts_of(settings, force) for force in (REFUSED, OTHER)}
    refused_paper, release = paper_digest(settings, REFUSED), current_release(settings)
    # both forces deliver their month again with 40 crimes fewer; the refused force's outcomes
    # cannot be read (every date broken), so the whole force is left as it was
    for force in (REFUSED, OTHER):
        crimes = settings.landing_dir / force / "crimes" / f"{REPORTING_MONTH}.csv"
        write_rows(crimes, rows_of(crimes)[:-40])
    outcomes = settings.landing_dir / REFUSED / "outcomes" / f"{REPORTING_MONTH}.csv"
    header, *body = rows_of(outcomes)
    dated = header.index("outcome_date")
    write_rows(outcomes, [header, *([*r[:dated], "soon", *r[dated + 1 :]] for r in body)])

    code, output = run_month(capsys)

    assert code == 1, output
    assert f"refused: {outcomes}: " in output
    assert f"left as they were: {REFUSED} (deliveries refused, above)" in output
    run_id = latest_run_id(settings)
    assert published_by(settings, run_id) == [OTHER]
    assert current_release(settings) != release
    assert f"published {current_release(settings)} before the run failed" in output
    # the refused force: its marts, published marts and paper exactly as they were
    pd.testing.assert_frame_equal(marts_of(settings, REFUSED), before[REFUSED])
    pd.testing.assert_frame_equal(marts_of(settings, REFUSED, published=True), before[REFUSED])
    assert paper_digest(settings, REFUSED) == refused_paper
    # the other force: its new delivery built and published, as many crimes loaded as it holds
    crimes = settings.landing_dir / OTHER / "crimes" / f"{REPORTING_MONTH}.csv"
    for published in (False, True):
        now = marts_of(settings, OTHER, published).set_index(["extract", "reporting_month"])
        month = pd.Timestamp(f"{REPORTING_MONTH}-01")
        assert now.loc[("crimes", month), "rows_loaded"] == len(rows_of(crimes)) - 1
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        recorded = con.execute(
            "SELECT force_id, extract, state FROM raw.forces_left WHERE run_id = ?", [run_id]
        ).fetchall()
    assert recorded == [(REFUSED, "outcomes", "refused")]


def test_a_force_yet_to_deliver_is_left_as_it_was_and_not_refused(
    two_forces_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """wealdshire has delivered nothing of October: `pcp run` runs midshire alone and says so,
    and a run of both forces (as the schedule or the UI starts it, for every force) leaves
    wealdshire as it was without refusing it."""
    settings = two_forces_copy
    waiting, delivered = "wealdshire", "midshire"
    before, paper = marts_of(settings, waiting), paper_digest(settings, waiting)
    for path in (settings.landing_dir / waiting).glob(f"*/{REPORTING_MONTH}.csv"):
        path.unlink()

    code, output = run_month(capsys)

    assert code == 0, output
    assert f"left as they were: {waiting}; running {delivered}" in output
    assert published_by(settings, latest_run_id(settings)) == [delivered]

    assert run_months(settled(settings), [date.fromisoformat(f"{REPORTING_MONTH}-01")])
    run_id = latest_run_id(settings)
    assert published_by(settings, run_id) == [delivered]
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        left = con.execute(
            "SELECT DISTINCT force_id, state FROM raw.forces_left WHERE run_id = ?", [run_id]
        ).fetchall()
    assert left == [(waiting, "not delivered")]
    pd.testing.assert_frame_equal(marts_of(settings, waiting), before)
    assert paper_digest(settings, waiting) == paper


@pytest.mark.parametrize("force_months", ["120", "2"])
def test_a_failed_data_test_of_one_forces_rows_publishes_nothing(
    force_months: str,
    two_forces_copy: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Also when each force is built by its own dbt invocation (PCP_DBT_FORCE_MONTHS=2): the
    last invocation's data tests read every force of the run, midshire's built first."""
    monkeypatch.setenv("PCP_DBT_FORCE_MONTHS", force_months)
    settings = two_forces_copy
    papers = {force: paper_digest(settings, force) for force in (REFUSED, OTHER)}
    release = current_release(settings)
    # an outcome type the reference does not know, in one of midshire's September rows: the
    # month run again does not reload September, and the data tests read every month
    with duckdb.connect(str(settings.duckdb_path)) as con:
        con.execute(
            "UPDATE raw.outcomes SET outcome_type = 99 WHERE force_id = 'midshire' "
            "AND crime_ref = (SELECT min(crime_ref) FROM raw.outcomes "
            "WHERE force_id = 'midshire' AND month = DATE '2026-09-01')"
        )

    code, output = run_month(capsys)

    assert code == 1, output
    failed = [line for line in output.splitlines() if line.startswith("pcp: check failed: ")]
    assert failed and all("midshire" in line for line in failed), output
    assert not any("wealdshire" in line for line in failed), output
    assert f"nothing was published: analysts still read {release}" in output
    assert current_release(settings) == release
    assert {force: paper_digest(settings, force) for force in papers} == papers
    assert published_by(settings, latest_run_id(settings)) == []


def test_a_paper_that_fails_for_one_force_publishes_the_others(
    two_forces_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = two_forces_copy
    failing, published = "wealdshire", "midshire"
    paper, release = paper_digest(settings, failing), current_release(settings)
    commentary = settings.commentary_dir / failing / f"{REPORTING_MONTH}.md"
    commentary.parent.mkdir(parents=True, exist_ok=True)
    commentary.write_text("Unplaced text before any section.\n\n## 2.1 Headlines\n\nFine.\n")

    code, output = run_month(capsys)

    assert code == 1, output
    assert "step failed: publication.print_word: " in output
    assert f"{failing} {REPORTING_MONTH}: " in output
    assert "text before the first section heading" in output
    assert current_release(settings) != release
    assert published_by(settings, latest_run_id(settings)) == [published]
    assert paper_digest(settings, failing) == paper
    placed = settings.reports_dir / published / REPORTING_MONTH
    assert {p.name for p in placed.glob("board_paper*")} >= {
        "board_paper.html",
        "board_paper.pdf",
        "board_paper.docx",
        "board_paper_published.html",
    }


def test_a_paper_failing_after_it_wrote_files_leaves_its_force_whole(
    two_forces_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backfill of both months in which wealdshire's October paper fails once its board
    edition is written (its published edition cannot be): none of wealdshire's papers is put in
    place, neither October's board edition nor September's, which rendered whole (the session's
    run printed October alone, so wealdshire has no September paper); midshire's months are
    published."""
    settings = two_forces_copy
    failing, published = "wealdshire", "midshire"
    months = ("2026-09", REPORTING_MONTH)
    papers = {month: paper_digest(settings, failing, month) for month in months}
    assert papers[REPORTING_MONTH] is not None  # the session's run printed October only
    write = render.write_atomically

    def refusing(path: Path, content: str | bytes, public: bool = False) -> None:
        if public and path.parts[-3:-1] == (failing, REPORTING_MONTH):
            raise PermissionError(13, "Permission denied", str(path))
        write(path, content, public)

    monkeypatch.setattr(render, "write_atomically", refusing)
    capsys.readouterr()

    code = main(["backfill", "--from", months[0], "--to", REPORTING_MONTH])

    output = capsys.readouterr().out
    assert code == 1, output
    assert f"{failing} {REPORTING_MONTH}: PermissionError: " in output
    assert {month: paper_digest(settings, failing, month) for month in months} == papers
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        recorded = con.execute(
            "SELECT force_id, strftime(reporting_month, '%Y-%m') FROM quality.publications "
            "WHERE run_id = ? ORDER BY ALL",
            [latest_run_id(settings)],
        ).fetchall()
    assert recorded == [(published, month) for month in months]


def test_every_forces_paper_failing_publishes_nothing(
    two_forces_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = two_forces_copy
    papers = {force: paper_digest(settings, force) for force in (REFUSED, OTHER)}
    release = current_release(settings)
    for force in papers:
        commentary = settings.commentary_dir / force / f"{REPORTING_MONTH}.md"
        commentary.parent.mkdir(parents=True, exist_ok=True)
        commentary.write_text("Unplaced text before any section.\n\n## 2.1 Headlines\n")

    code, output = run_month(capsys)

    assert code == 1, output
    (failed,) = [line for line in output.splitlines() if "step failed: " in line]
    assert "publication.render_board_paper: no paper rendered: " in failed
    assert all(f"{force} {REPORTING_MONTH}: CommentaryError: " in failed for force in papers)
    assert f"nothing was published: analysts still read {release}" in output
    assert current_release(settings) == release
    assert {force: paper_digest(settings, force) for force in papers} == papers
    assert published_by(settings, latest_run_id(settings)) == []


def test_forces_built_in_groups_into_an_empty_warehouse_write_what_one_build_writes(
    two_forces_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With at most two months of history a dbt invocation (PCP_DBT_FORCE_MONTHS), each force is
    built by its own invocation, the first before any build has loaded the reference seeds (a
    new warehouse): every mart's rows of the month are those the session's one build of both
    forces wrote."""
    settings = two_forces_copy
    marts = mart_tables(settings)
    before = {mart: month_rows(settings, mart) for mart in marts}
    shutil.rmtree(settings.duckdb_path.parent)
    monkeypatch.setenv("PCP_DBT_FORCE_MONTHS", "2")

    code, output = run_month(capsys)

    assert code == 0, output
    with dagster_instance(settings) as instance:
        said = [entry.user_message for entry in instance.all_logs(latest_run_id(settings))]
    assert any(message.startswith("dbt models of midshire ") for message in said)
    assert len(marts) > 15
    for mart in marts:
        pd.testing.assert_frame_equal(month_rows(settings, mart), before[mart], obj=mart)


def mart_tables(settings: Settings) -> list[str]:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'marts' "
            "AND column_name = 'reporting_month' ORDER BY 1"
        ).fetchall()
    return [mart for (mart,) in rows]


def month_rows(settings: Settings, mart: str) -> pd.DataFrame:
    """The mart's rows of the month, but the path of the file they came from (the test's copy
    is elsewhere) and when it was loaded (the month is loaded again)."""
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        rows = con.execute(
            f"SELECT * FROM marts.{mart} WHERE reporting_month = ? ORDER BY ALL",
            [date.fromisoformat(f"{REPORTING_MONTH}-01")],
        ).df()
    return rows.drop(columns=["source_file", "loaded_at"], errors="ignore")
