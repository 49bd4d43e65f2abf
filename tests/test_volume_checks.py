"""Volume and shape against history (pcp_assets/volume_checks.py, docs/data-quality.md): a
delivery far outside its extract's history blocks the run with one line naming the file, the
count and the expected range; a moderate one warns, in the run's summary and in the paper; an
analyst's acceptance lets the month through and is printed with its reason; normal months are
quiet; a month with a short history is not checked, or only against the blocking limits.

Expected ranges are worked out here from the landing files' row counts with pandas, by the rule
docs/data-quality.md states: the median of the 12 months before, divided and multiplied by 1.4
(warn) or 1.75 (block), widened by three times its square root.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_contracts.calendar import add_months
from orchestration.cli import main
from pcp_assets.acceptances import Acceptance
from pcp_assets.settings import Settings
from pcp_assets.volume import judge_month
from pcp_assets.volume_checks import _record
from tests.conftest import REPORTING_MONTH
from tests.paper_html import readable
from tests.test_failed_runs import published_state, run_fails

pytestmark = pytest.mark.minutes(6.5)

OCTOBER = date(2026, 10, 1)
WARN, BLOCK = 1.4, 1.75


def landed(settings: Settings, extract: str, month: date) -> pd.DataFrame:
    path = settings.landing_dir / extract / f"{month:%Y-%m}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def expected_range(settings: Settings, extract: str, ratio: float) -> tuple[int, int]:
    """The range for October's rows, from the row counts of the 12 files before it."""
    counts = [len(landed(settings, extract, add_months(OCTOBER, -n))) for n in range(1, 13)]
    median = float(pd.Series(counts).median())
    slack = 3 * math.sqrt(median)
    return max(0, math.ceil(median / ratio - slack)), math.floor(median * ratio + slack)


def deliver(settings: Settings, extract: str, frame: pd.DataFrame) -> Path:
    path = settings.landing_dir / extract / f"{REPORTING_MONTH}.csv"
    frame.to_csv(path, index=False)
    return path


def paper_text(settings: Settings) -> str:
    folder = settings.reports_dir / settings.force_id / REPORTING_MONTH
    return readable((folder / "board_paper.html").read_text(encoding="utf-8"))


def run_output(capsys: pytest.CaptureFixture[str], code: int) -> str:
    capsys.readouterr()
    assert main(["run", "--month", REPORTING_MONTH]) == code
    return capsys.readouterr().out


def test_a_crimes_file_ten_times_its_size_blocks_the_run_naming_file_count_and_range(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22, case 3: the good October file repeated ten times, each copy with fresh crime
    references (every row valid on its own)."""
    before = published_state(pipeline_copy)
    good = landed(pipeline_copy, "crimes", OCTOBER)
    copies = [good] + [good.assign(crime_ref=good["crime_ref"] + f"-R{n}") for n in range(1, 10)]
    path = deliver(pipeline_copy, "crimes", pd.concat(copies))
    low, high = expected_range(pipeline_copy, "crimes", BLOCK)

    output = run_fails(capsys)

    assert "check failed: raw/crimes volume" in output
    assert (
        f"{path}: {10 * len(good):,} rows, far outside the expected {low:,} to {high:,}" in output
    )
    assert "pcp accept --extract crimes --month 2026-10" in output
    assert published_state(pipeline_copy) == before


def test_a_moderately_short_delivery_warns_in_the_summary_and_the_paper(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three rows in five of October's incidents: outside the warning limits, inside the
    blocking ones."""
    good = landed(pipeline_copy, "incidents", OCTOBER)
    kept = good[[n % 5 < 3 for n in range(len(good))]]
    path = deliver(pipeline_copy, "incidents", kept)
    low, high = expected_range(pipeline_copy, "incidents", WARN)
    assert expected_range(pipeline_copy, "incidents", BLOCK)[0] <= len(kept) < low

    output = run_output(capsys, 0)

    assert "pcp:   warned: raw/incidents volume" in output
    line = f"{len(kept):,} rows, outside the expected {low:,} to {high:,}"
    assert f"{path}: {line}" in output
    assert f"incidents had {line}; the figures include them" in paper_text(pipeline_copy)


def test_an_accepted_change_passes_and_the_paper_gives_the_reason(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two rows in five of October's incidents: blocked; accepted, the run passes; a different
    file for the month is judged afresh."""
    good = landed(pipeline_copy, "incidents", OCTOBER)
    kept = good[[n % 5 < 2 for n in range(len(good))]]
    path = deliver(pipeline_copy, "incidents", kept)
    low, high = expected_range(pipeline_copy, "incidents", BLOCK)
    assert len(kept) < low
    line = f"{len(kept):,} rows, far outside the expected {low:,} to {high:,}"
    assert f"{path}: {line}" in run_fails(capsys)

    reason = "The North control room moved to a new system on 12 October; its calls come later"
    accepted = ["accept", "--extract", "incidents", "--month", REPORTING_MONTH]
    assert main([*accepted, "--reason", reason]) == 0
    before = published_state(pipeline_copy)

    output = run_output(capsys, 0)

    assert "raw/incidents volume" not in output
    assert published_state(pipeline_copy) != before
    paper = paper_text(pipeline_copy)
    assert f"incidents had {line}, accepted by an analyst as a genuine change" in paper
    assert f"\u201c{reason}\u201d" in paper

    deliver(pipeline_copy, "incidents", good[[n % 5 < 1 for n in range(len(good))]])
    assert "check failed: raw/incidents volume" in run_fails(capsys)


def test_acceptance_needs_a_reason_and_a_delivery(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    base = ["accept", "--extract", "incidents"]
    assert main([*base, "--month", REPORTING_MONTH, "--reason", "  "]) == 2
    assert main([*base, "--month", "2031-01", "--reason", "why"]) == 2
    assert (
        main(["accept", "--extract", "nothing", "--month", REPORTING_MONTH, "--reason", "x"]) == 2
    )
    said = capsys.readouterr().out
    assert "--reason must say why" in said
    assert "incidents/2031-01.csv: no delivery of incidents for 2031-01 to accept" in said
    assert "--extract nothing:" in said


def test_the_generated_history_is_quiet(completed_run: Settings) -> None:
    """Every month of every extract of the 25 generated months is within its limits (or not
    checked); October's crimes are judged against the range worked out from the files."""
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        outcomes = dict(
            con.execute(
                "SELECT outcome, count(*) FROM quality.volume_checks WHERE force_id = ? "
                "GROUP BY outcome",
                [completed_run.force_id],
            ).fetchall()
        )
        october = con.execute(
            "SELECT observed, warn_low, warn_high, block_low, block_high, history_months "
            "FROM quality.volume_checks WHERE extract = 'crimes' AND measure = 'rows' "
            "AND reporting_month = ?",
            [OCTOBER],
        ).fetchone()
        first_months = con.execute(
            "SELECT strftime(reporting_month, '%Y-%m'), outcome, warn_low IS NULL, history_months "
            "FROM quality.volume_checks WHERE extract = 'crimes' AND measure = 'rows' "
            "ORDER BY reporting_month LIMIT 7"
        ).fetchall()
    assert set(outcomes) == {"within", "not checked"}, outcomes
    crimes = len(landed(completed_run, "crimes", OCTOBER))
    assert october == (
        crimes,
        *expected_range(completed_run, "crimes", WARN),
        *expected_range(completed_run, "crimes", BLOCK),
        12,
    )
    # the first month has no history; three earlier months are needed, six to warn
    assert first_months == [
        ("2024-10", "not checked", True, 0),
        ("2024-11", "not checked", True, 1),
        ("2024-12", "not checked", True, 2),
        ("2025-01", "within", True, 3),
        ("2025-02", "within", True, 4),
        ("2025-03", "within", True, 5),
        ("2025-04", "within", False, 6),
    ]


def months(n: int) -> list[date]:
    return [date(2025, m, 1) for m in range(1, n + 1)]


@pytest.mark.parametrize(
    ("earlier", "observed", "outcome"),
    [
        # two months before: too few to judge, even ten times the usual
        (2, 1000, "not checked"),
        # four: a median of 100, blocking limits 28 to 205 (100 / 1.75 - 30 = 27.1; 175 + 30),
        # no warning limits
        (4, 205, "within"),
        (4, 206, "block"),
        (4, 28, "within"),
        (4, 27, "block"),
        # six: warning limits 42 to 170 (100 / 1.4 - 30 = 41.4; 140 + 30)
        (6, 170, "within"),
        (6, 171, "warn"),
        (6, 41, "warn"),
        (6, 206, "block"),
    ],
)
def test_a_short_history_judges_less(earlier: int, observed: int, outcome: str) -> None:
    history = months(earlier)
    month = add_months(history[-1], 1)
    rows = {**dict.fromkeys(history, 100), month: observed}
    (judged,) = judge_month(month, rows)
    assert judged.outcome == outcome


@pytest.mark.parametrize(
    ("observed", "outcome"),
    [
        # a median of 2: the ratio limits would be 7 (2 x 1.4 + 3 x 1.41 = 7.04) to warn and
        # 7 (2 x 1.75 + 4.24 = 7.74) to block; a Poisson count of mean 2 exceeds 8 with chance
        # 1 - sum of e^-2 2^k / k! for k <= 8 = 0.00024 (exceeds 7: 0.0011), and exceeds 12 with
        # chance 2.1e-7 (exceeds 11: 1.4e-6)
        (8, "within"),
        (9, "warn"),
        (12, "warn"),
        (13, "block"),
        (0, "within"),
    ],
)
def test_a_small_count_is_judged_by_its_poisson_tail(observed: int, outcome: str) -> None:
    history = months(12)
    rows = {**dict.fromkeys(history, 2), date(2026, 1, 1): observed}
    (judged,) = judge_month(date(2026, 1, 1), rows)
    assert judged.outcome == outcome


def test_judged_months_are_recorded_as_judged_blanks_and_all() -> None:
    """The measures of a force's months go into quality.volume_checks one row each, typed as the
    table declares, with a measure's missing limits and an accepted month's reason as judged;
    recording the months again replaces their rows."""
    history = months(6)
    month = add_months(history[-1], 1)
    rows = {**dict.fromkeys(history, 100), month: 300}
    judged = {
        history[0]: ("2025-01.csv", "sha-1", judge_month(history[0], rows)),
        month: ("2025-07.csv", "sha-7", judge_month(month, rows)),
    }
    accepted = {
        month: Acceptance("crimes", "2025-07", "sha-7", "a new recording system", "an analyst", "")
    }
    with duckdb.connect() as con:
        for _ in range(2):
            _record(con, "crimes", "midshire", judged, accepted)
        recorded = con.execute(
            "SELECT reporting_month, source_file, measure, observed, expected, warn_low, "
            "warn_high, block_low, block_high, history_months, outcome, accepted_reason "
            "FROM quality.volume_checks ORDER BY reporting_month"
        ).fetchall()
    # January: nothing before it. July: a median of 100, warning limits 42 to 170 (100 / 1.4 - 30
    # = 41.4; 140 + 30), blocking 28 to 205 (100 / 1.75 - 30 = 27.1; 175 + 30): 300 blocks
    first, july = recorded
    assert first[:4] == (history[0], "2025-01.csv", "rows", 100)
    assert first[4:] == (None, None, None, None, None, 0, "not checked", None)
    assert july[:4] == (month, "2025-07.csv", "rows", 300)
    assert july[4:] == (100.0, 42, 170, 28, 205, 6, "block", "a new recording system")
