"""Issue 22's cases 4 and 5, end to end on a copy of the completed run.

Case 4: every crime of October dated dd/mm. The file is refused whole with one line naming it, the
rule and how many rows broke it; nothing is published and October keeps the crimes it had.

Case 5: June 2025's crimes re-delivered with a tenth of them withdrawn. The run publishes, and the
reconciliation, the run summary and the paper's data-quality section say how many crimes were
withdrawn and how many outcomes, offender links and incidents now refer to none, counted here from
the landing files with pandas, apart from the pipeline.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH
from tests.test_failed_runs import published_state, run_fails

pytestmark = pytest.mark.minutes(6)

OCTOBER = f"{REPORTING_MONTH}-01"


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_crimes_dated_dd_mm_are_refused_and_october_keeps_its_crimes(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = pipeline_copy
    path = settings.landing_dir / "crimes" / f"{REPORTING_MONTH}.csv"
    crimes = read(path)
    recorded = pd.to_datetime(crimes["recorded_at"], format="%Y-%m-%d %H:%M:%S")
    crimes["recorded_at"] = recorded.dt.strftime("%d/%m/%Y %H:%M:%S")
    crimes.to_csv(path, index=False)
    # October's other extracts are loaded again by the run; its crimes must not be
    october = f"month = DATE '{OCTOBER}' AND extract = 'crimes'"
    query = {
        "crimes": f"SELECT count(*) FROM raw.crimes WHERE month = DATE '{OCTOBER}'",
        "loads": f"SELECT * FROM raw.loads WHERE {october}",
        "rejects": f"SELECT * FROM raw.rejects WHERE {october} ORDER BY ALL",
    }

    def state() -> dict[str, list]:
        with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
            return {name: con.execute(sql).fetchall() for name, sql in query.items()}

    before, published = state(), published_state(settings)
    assert before["crimes"][0][0] > 0

    output = run_fails(capsys)

    rows = len(crimes)
    assert (
        f"pcp: refused: {path}: {rows:,} of {rows:,} rows (100%) break rule 'recorded_at parses "
        f"as YYYY-MM-DD HH:MM:SS' (e.g. row 1 '{crimes['recorded_at'].iloc[0]}'); more than 1% "
        "(PCP_MAX_REJECTED_SHARE) rejected, so the file is refused and 2026-10 keeps its "
        "earlier rows"
    ) in output.splitlines(), output
    assert state() == before
    assert published_state(settings) == published


def test_a_redelivery_with_fewer_crimes_says_what_it_withdrew(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = pipeline_copy
    landing = settings.landing_dir
    path = landing / "crimes" / "2025-06.csv"
    june = read(path)
    kept = june.drop(june.index[::10])  # a tenth of the crimes withdrawn
    kept.to_csv(path, index=False)
    withdrawn = set(june["crime_ref"]) - set(kept["crime_ref"])
    delivered = set(pd.concat(read(p) for p in landing.glob("crimes/*.csv"))["crime_ref"])
    gone = withdrawn - delivered
    expected = {
        extract: int(
            pd.concat(read(p) for p in landing.glob(f"{extract}/*.csv"))[column].isin(gone).sum()
        )
        for extract, column in {
            "incidents": "linked_crime_ref",
            "offender_links": "crime_ref",
            "outcomes": "crime_ref",
        }.items()
    }
    assert len(withdrawn) == len(june) - len(kept) and all(expected.values()), expected

    capsys.readouterr()
    assert main(["run", "--month", REPORTING_MONTH]) == 0
    output = capsys.readouterr().out

    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        recorded = con.execute(
            "SELECT rows_withdrawn FROM quality.row_reconciliation "
            "WHERE extract = 'crimes' AND reporting_month = DATE '2025-06-01'"
        ).fetchall()
        keys = {k for (k,) in con.execute("SELECT key_value FROM raw.withdrawals").fetchall()}
        lost = dict(
            con.execute(
                "SELECT extract, sum(rows_lost_crime) FROM quality.lost_crime_references "
                "GROUP BY extract"
            ).fetchall()
        )
    assert recorded == [(len(withdrawn),)]
    assert keys == withdrawn
    assert lost == expected

    lines = output.splitlines()
    assert (
        f"pcp: warning: crimes 2025-06: the re-delivery withdrew {len(withdrawn):,} rows of the "
        "earlier delivery (their keys are in raw.withdrawals)"
    ) in lines, output
    assert (
        "pcp: warning: rows that refer to a crime a re-delivery withdrew, now of no crime: "
        f"{expected['incidents']:,} incidents (linked_crime_ref), "
        f"{expected['offender_links']:,} offender_links (crime_ref), "
        f"{expected['outcomes']:,} outcomes (crime_ref); figures joining them to their crime "
        "(outcome rates) leave them out"
    ) in lines, output
    assert "pcp:   warned: quality/row_reconciliation withdrawn_rows" in lines

    paper = settings.reports_dir / settings.force_id / REPORTING_MONTH / "board_paper.html"
    text = " ".join(re.sub(r"<[^>]+>", "", paper.read_text(encoding="utf-8")).split())
    assert f"{len(withdrawn):,} recorded crimes of June 2025" in text, text
    assert (
        f"{expected['incidents']:,} incidents, {expected['offender_links']:,} offender links "
        f"and {expected['outcomes']:,} outcomes refer to a crime so withdrawn"
    ) in text
