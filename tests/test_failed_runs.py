"""A run that fails at any stage publishes nothing: `pcp run` exits 1, names what failed, and
leaves the published marts (`published/current`) and the papers exactly as they were.

Each test works on its own copy of the completed pipeline (landing files, warehouse, releases,
papers) and breaks one stage: a delivery past the rejected share (refused whole), a row that fails
a dbt test of error severity, a mart that fails its Great Expectations suite, a paper that cannot
be rendered, and a publication that cannot be written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from orchestration.runner import dagster_instance
from orchestration.sensors import FAILURE_LOG, FAILURE_TAG, failure_sensor
from pcp_assets import ingest
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH
from tests.paper_months import latest_run, months_recorded_by

pytestmark = pytest.mark.minutes(27)


def published_state(settings: Settings) -> tuple[str, str]:
    """(the release `current` points at, a digest of every paper as readers find them: papers a
    run staged but did not publish are in hidden folders)."""
    current = (settings.published_dir / "current").resolve().name
    digest = hashlib.sha256()
    papers = settings.reports_dir.glob("*/*/board_paper.html")
    for paper in sorted(papers):
        digest.update(str(paper.relative_to(settings.reports_dir)).encode())
        digest.update(paper.read_bytes())
    return current, digest.hexdigest()


def run_fails(capsys: pytest.CaptureFixture[str]) -> str:
    """`pcp run` for the reporting month: it must exit 1 and say nothing was published."""
    capsys.readouterr()
    code = main(["run", "--month", REPORTING_MONTH])
    output = capsys.readouterr().out
    assert code == 1, output
    assert "nothing was published" in output, output
    # and no month of the paper is shown materialised by it (the settings of the test's copy)
    settings = Settings.from_env()
    assert months_recorded_by(settings, latest_run(settings)) == []
    return output


def test_a_delivery_past_the_rejected_share_publishes_nothing(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    before = published_state(pipeline_copy)
    path = pipeline_copy.landing_dir / "incidents" / f"{REPORTING_MONTH}.csv"
    incidents = pd.read_csv(path, dtype=str, keep_default_na=False)
    incidents.loc[incidents.index[::20], "grade"] = "urgent"  # 5% of rows, past the 1% allowed
    incidents.to_csv(path, index=False)

    output = run_fails(capsys)

    assert f"pcp: refused: {path}: " in output
    assert "so the file is refused and 2026-10 keeps its earlier rows" in output
    assert published_state(pipeline_copy) == before


# Rows planted in September, with values chosen here, so that a dbt test of severity error fails.
PLANTED_OUTCOMES = ("MS/25/900001", "MS/25/900002", "MS/25/900003")
PLANTED_PEOPLE = ("P0000000000000000000a", "P0000000000000000000b")


def planted(table: str, values: tuple[str, ...], sql_values: str) -> str:
    """SQL adding one row to raw.<table> per value, a copy of a September row with `values`."""
    return "".join(
        f"INSERT INTO raw.{table} SELECT * REPLACE ({sql_values.format(value=value)}) "
        f"FROM raw.{table} WHERE month = DATE '2026-09-01' LIMIT 1;"
        for value in values
    )


# (what breaks it, SQL run on the warehouse before the run, what the output must hold (the first:
# the failed check's line, as the log, the run's tags and status say it too), what none may hold)
BROKEN_WAREHOUSE = {
    # Outcome types the reference does not know, as if loaded under an older contract: the
    # relationships test on stg_raw__outcomes (severity error) fails on these three rows.
    "dbt_test": (
        planted("outcomes", PLANTED_OUTCOMES, "99 AS outcome_type, '{value}' AS crime_ref"),
        (
            "check failed: staging/stg_raw__outcomes relationships_stg_raw__outcomes_outcome_type_"
            "_outcome_type__ref_stg_reference__outcome_types_: midshire 2026-09: relationships "
            "outcome_type: 3 rows, e.g. MS/25/900001 (outcome_type 99); MS/25/900002 "
            "(outcome_type 99); MS/25/900003 (outcome_type 99)",
        ),
        (),
    ),
    # A cohort type no one knows on two members: the accepted_values test fails; the staged
    # rows' grain names the member by pseudonym, which the line leaves out (the snapshot month
    # and the failing value name the rows).
    "dbt_test_on_people": (
        planted("iom_cohort", PLANTED_PEOPLE, "'bogus' AS cohort_type, '{value}' AS nominal_id"),
        (
            "check failed: staging/stg_raw__iom_cohort accepted_values_stg_raw__iom_cohort_"
            "cohort_type__fixed__flex__free: midshire 2026-09: accepted_values cohort_type: "
            "2 rows, e.g. 2026-09 (cohort_type bogus)",
        ),
        PLANTED_PEOPLE,
    ),
    # September's discrete count no longer adds up to October's rolling total, which the run
    # recomputes: the crime_volume suite compares the two.
    "great_expectations": (
        "UPDATE marts.crime_volume SET crimes = crimes + 7 WHERE reporting_month = "
        "DATE '2026-09-01' AND area = 'All' AND offence_group = 'All crime' "
        "AND offence_subgroup = 'All'",
        (
            "check failed: marts/crime_volume great_expectations: midshire 2026-10: ",
            "r12_from_discrete_months",
        ),
        (),
    ),
}


@pytest.mark.parametrize("stage", list(BROKEN_WAREHOUSE))
def test_a_failed_check_publishes_nothing(
    stage: str, pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    before = published_state(pipeline_copy)
    sql, named, never = BROKEN_WAREHOUSE[stage]
    with duckdb.connect(str(pipeline_copy.duckdb_path)) as con:
        con.execute(sql)

    output = run_fails(capsys)

    for words in named:
        assert words in output
    assert published_state(pipeline_copy) == before

    # status says the run failed, why, and where the details are
    assert main(["status"]) == 0
    said = capsys.readouterr().out
    status = said.splitlines()
    (run,) = [line for line in status if line.startswith("pcp: last run: ")]
    assert f" failure for {REPORTING_MONTH}, ended " in run
    (why,) = [line for line in status if line.startswith("pcp:   why: ")]
    assert named[0] in why
    assert any(line.startswith("pcp:   details: ") and FAILURE_LOG in line for line in status)

    # the run-failure sensor puts the same line in the log and on the run's tags
    message = failure_sensor_on_the_last_run(pipeline_copy)
    assert f"  failed: check {named[0].removeprefix('check failed: ')}" in message
    assert message in (pipeline_copy.logs_dir / FAILURE_LOG).read_text(encoding="utf-8")
    for value in never:
        assert value not in output + said + message


def test_a_paper_that_cannot_be_rendered_publishes_nothing(
    pipeline_copy: Settings,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = published_state(pipeline_copy)
    commentary = tmp_path / "commentary" / pipeline_copy.force_id / f"{REPORTING_MONTH}.md"
    commentary.parent.mkdir(parents=True)
    commentary.write_text("Unplaced text before any section.\n\n## 2.1 Headlines\n\nFine.\n")
    monkeypatch.setenv("PCP_COMMENTARY_DIR", str(commentary.parent.parent))

    output = run_fails(capsys)

    assert "step failed: publication.render_board_paper" in output
    assert "text before the first section heading" in output
    assert published_state(pipeline_copy) == before

    # unattended, the run-failure sensor says what failed and what to do, in a file and the run
    message = failure_sensor_on_the_last_run(pipeline_copy)
    log = (pipeline_copy.logs_dir / FAILURE_LOG).read_text(encoding="utf-8")
    assert message in log
    assert f"of monthly_board_paper for {REPORTING_MONTH}..{REPORTING_MONTH} failed" in message
    assert (
        "failed: publication.render_board_paper: no paper rendered: "
        f"{pipeline_copy.force_id} {REPORTING_MONTH}: CommentaryError: {commentary} line 1: "
        "text before the first section heading" in message
    )
    assert "what to do:" in message and "pcp backfill" in message


def failure_sensor_on_the_last_run(settings: Settings) -> str:
    """Evaluate the run-failure sensor on the latest run, as the daemon would; its message."""
    with dagster_instance(settings) as instance:
        (run,) = instance.get_runs(limit=1)
        (failure,) = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        context = dg.build_run_status_sensor_context(
            sensor_name="run_failures",
            dagster_event=failure.dagster_event,
            dagster_instance=instance,
            dagster_run=run,
        ).for_run_failure()
        failure_sensor(settings)(context)
        return instance.get_run_by_id(run.run_id).tags[FAILURE_TAG]


def test_a_publication_that_cannot_be_written_changes_no_paper(
    pipeline_copy: Settings,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = published_state(pipeline_copy)
    # The papers are rendered before publication; they are put in place only with the release.
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv("PCP_PUBLISHED_DIR", str(blocker / "published"))

    output = run_fails(capsys)

    assert "step failed: publication.publish" in output
    assert published_state(pipeline_copy) == before


def test_a_refused_month_of_a_backfill_leaves_it_as_it_was_and_loads_the_others(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's months are checked side by side, a batch at a time (pcp_assets/ingest.py; three
    months here, so the four months make two batches): each is stored under its own month, and a
    file refused whole stops only its own month."""
    monkeypatch.setattr(ingest, "MONTHS_CHECKED_AT_ONCE", 3)
    crimes = pipeline_copy.landing_dir / "crimes"
    refused, shortened = crimes / "2026-08.csv", crimes / "2026-09.csv"

    def loads() -> dict[str, tuple[str, int, int]]:
        with duckdb.connect(str(pipeline_copy.duckdb_path), read_only=True) as con:
            rows = con.execute(
                "SELECT strftime(l.month, '%Y-%m'), l.sha256, l.rows_delivered, "
                "(SELECT count(*) FROM raw.crimes c WHERE c.month = l.month) "
                "FROM raw.loads l WHERE l.extract = 'crimes'"
            ).fetchall()
        return {month: (sha, delivered, stored) for month, sha, delivered, stored in rows}

    before = loads()
    published = published_state(pipeline_copy)
    refused.write_bytes("force_id,crime_ref\n".encode("utf-16"))
    kept = pd.read_csv(shortened, dtype=str, keep_default_na=False).iloc[:-25]
    kept.to_csv(shortened, index=False)

    capsys.readouterr()
    code = main(["backfill", "--from", "2026-07", "--to", REPORTING_MONTH])
    output = capsys.readouterr().out

    assert code == 1, output
    assert f"{refused}: " in output and "UTF-16" in output
    assert published_state(pipeline_copy) == published
    after = loads()
    assert after["2026-08"] == before["2026-08"]  # the refused file changed nothing
    assert after["2026-09"][1:] == (len(kept), len(kept))  # stored under its own month
    for month in ("2026-07", REPORTING_MONTH):
        delivered = len(pd.read_csv(crimes / f"{month}.csv", dtype=str))
        assert after[month][1:] == (delivered, delivered)
