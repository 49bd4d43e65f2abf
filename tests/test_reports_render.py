"""The paper from a tiny hand-made warehouse: the four marts of docs/marts.md, a fictional force.

Every expected figure below is worked by hand from the rows inserted here.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from matplotlib.text import Text

from data_contracts.calendar import add_months
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.synthetic.commentary import write_example_commentary
from reports.commentary_loader import load_commentary
from reports.figures import ReportingMonthMissing
from reports.paper import Paper, commentary_sections
from reports.render import (
    Written,
    build_board_paper,
    render_board_paper,
    render_html,
)
from reports.sections import paper_for
from reports.traces import TraceIndex, plain

PAPER = paper_for("force_extracts")

FORCE = "testshire"
MONTH = date(2026, 10, 1)
MISSING = "missing months: 2025-03"

DDL = {
    "crime_volume": """
        force_id varchar, reporting_month date, breakdown varchar, area varchar,
        offence_group varchar, offence_subgroup varchar, crimes bigint, crimes_r12 bigint,
        crimes_prev_r12 bigint, r12_change bigint, r12_pct_change double, is_small_base boolean,
        r12_rising_months integer, r12_falling_months integer, is_lowest_in_12 boolean,
        is_highest_in_12 boolean, unavailable_reason varchar""",
    "outcome_rates": """
        force_id varchar, reporting_month date, breakdown varchar, area varchar,
        offence_group varchar, offence_subgroup varchar, domestic_abuse varchar,
        crimes_r12 bigint, pp_outcomes_r12 bigint, pp_rate_in_period double, pp_cohort_r12 bigint,
        pp_rate_cohort double, assigned_outcomes_r12 bigint, outcome16_r12 bigint,
        outcome16_share double, outcome16_share_year_earlier double, tic_month bigint,
        tic_r12 bigint, oocd_month bigint, oocd_r12 bigint, unavailable_reason varchar""",
    "outcome_counts": """
        force_id varchar, reporting_month date, breakdown varchar, area varchar,
        offence_group varchar, outcome_type integer, outcome_group varchar,
        is_prosecution_possible boolean, outcomes_month bigint, outcomes_r12 bigint,
        outcomes_prev_r12 bigint""",
    "response_times": """
        force_id varchar, reporting_month date, area varchar, grade varchar,
        offence_subgroup varchar, incidents_month bigint, median_minutes_month double,
        p90_minutes_month double, incidents_r12 bigint, median_minutes_r12 double,
        p90_minutes_r12 double, median_minutes_previous_month double,
        unavailable_reason varchar""",
    # The offender updates' marts, empty: their sections say the figures are not there.
    "case_file_quality": """
        force_id varchar, reporting_month date, court_files_submitted bigint,
        court_files_assessed bigint, court_files_with_errors bigint, court_error_rate double,
        disclosure_errors bigint, evidence_errors bigint, format_errors bigint,
        timeliness_errors bigint, court_files_assessed_r12 bigint,
        court_files_with_errors_r12 bigint, court_error_rate_r12 double,
        error_rate_improving_months integer, error_rate_run_start double,
        advice_files_submitted bigint, advice_decisions bigint, advice_rejected bigint,
        advice_rejection_rate double, median_turnaround_days double,
        advice_files_submitted_r12 bigint, advice_decisions_r12 bigint,
        advice_rejected_r12 bigint, advice_rejection_rate_r12 double,
        median_turnaround_days_r12 double, median_turnaround_days_year_earlier double,
        unavailable_reason varchar""",
    "imu_queues": """
        force_id varchar, reporting_month date, queue varchar, open_items bigint,
        oldest_item_days bigint, open_items_previous_month bigint, open_items_change bigint,
        open_items_pct_change double, oldest_item_days_previous_month bigint,
        unavailable_reason varchar""",
    "wanted_suspects": """
        force_id varchar, reporting_month date, risk_level varchar, age_band varchar,
        suspects bigint, suspects_previous_month bigint, oldest_days bigint,
        unavailable_reason varchar""",
    "operations_results": """
        force_id varchar, reporting_month date, operation varchar, first_month date,
        months_since_first integer, is_first_month_first_loaded boolean, is_reported boolean,
        arrests bigint, charges bigint, cash_seized double, drugs_seized_value double,
        weapons_seized bigint, sentences_months bigint, arrests_r12 bigint, charges_r12 bigint,
        cash_seized_r12 double, drugs_seized_value_r12 double, weapons_seized_r12 bigint,
        sentences_months_r12 bigint, arrests_to_date bigint, charges_to_date bigint,
        cash_seized_to_date double, drugs_seized_value_to_date double,
        weapons_seized_to_date bigint, sentences_months_to_date bigint,
        unavailable_reason varchar""",
}


def volume(
    month: date, area: str, group: str, subgroup: str, crimes: int, r12: int, prev: int, **kw: Any
) -> dict[str, Any]:
    breakdown = {
        (True, True, True): "force",
        (False, True, True): "area",
        (True, False, True): "group",
        (False, False, True): "area_group",
        (True, False, False): "subgroup",
        (False, False, False): "area_subgroup",
    }[(area == "All", group == "All crime", subgroup == "All")]
    return {
        "force_id": FORCE,
        "reporting_month": month,
        "breakdown": breakdown,
        "area": area,
        "offence_group": group,
        "offence_subgroup": subgroup,
        "crimes": crimes,
        "crimes_r12": r12,
        "crimes_prev_r12": prev,
        "r12_change": r12 - prev,
        "r12_pct_change": (r12 - prev) / prev,
        "is_small_base": prev < 50,
        "r12_rising_months": 0,
        "r12_falling_months": 0,
        "is_lowest_in_12": False,
        "is_highest_in_12": False,
        **kw,
    }


def rates(
    month: date, area: str, group: str, subgroup: str = "All", da: str = "All", **kw: Any
) -> dict[str, Any]:
    breakdown = "force" if group == "All crime" and area == "All" else "group"
    if subgroup != "All":
        breakdown = "subgroup" if area == "All" else "area_subgroup"
    if da != "All":
        breakdown = "domestic_abuse"
    return {
        "force_id": FORCE,
        "reporting_month": month,
        "breakdown": breakdown,
        "area": area,
        "offence_group": group,
        "offence_subgroup": subgroup,
        "domestic_abuse": da,
        "crimes_r12": 1000,
        **kw,
    }


def m(n: int) -> date:
    return add_months(MONTH, n)


VWI = ("Violence against the person", "Violence with injury")
BURGLARY = ("Theft offences", "Burglary residential")


def crime_volume_rows() -> list[dict[str, Any]]:
    rows = [
        # All crime: R12 12,000 vs 11,500 -> +4.3%; R12 has risen three months running.
        volume(MONTH, "All", "All crime", "All", 980, 12000, 11500, r12_rising_months=3),
        # Robbery: 243 vs 200 -> +21.5%, and October the lowest month of the last 12.
        volume(MONTH, "All", "Robbery", "All", 15, 243, 200, is_lowest_in_12=True),
        # Weapons: 520 vs 500 -> +4%; North 270 vs 260 (+3.8%), South 250 vs 240 (+4.2%).
        volume(MONTH, "All", "Possession of weapons offences", "All", 40, 520, 500),
        volume(MONTH, "North", "Possession of weapons offences", "All", 20, 270, 260),
        volume(MONTH, "South", "Possession of weapons offences", "All", 20, 250, 240),
        # Theft: 4,000 vs 4,200 -> -4.8%. Sexual offences 60 vs 40: +50% on a small base.
        volume(MONTH, "All", "Theft offences", "All", 330, 4000, 4200),
        volume(MONTH, "All", "Sexual offences", "All", 5, 60, 40),
        volume(MONTH, "All", "Violence against the person", "All", 250, 3000, 3000),
        # VWI: 1,500 vs 1,490 (+0.7%, stable); North 700 vs 740 (-5.4%), South 800 vs 750 (+6.7%).
        volume(MONTH, "All", *VWI, 125, 1500, 1490),
        volume(MONTH, "North", *VWI, 60, 700, 740),
        volume(MONTH, "South", *VWI, 65, 800, 750),
        # Residential burglary: 600 vs 650 -> -7.7%.
        volume(MONTH, "All", *BURGLARY, 48, 600, 650),
        volume(MONTH, "North", "All crime", "All", 480, 5900, 5700),
        volume(MONTH, "South", "All crime", "All", 500, 6100, 5800),
    ]
    # Chart history: the force total for the three months before.
    for n, (crimes, r12) in enumerate(((1010, 11950), (990, 11900), (1000, 11850)), start=1):
        rows.append(volume(m(-n), "All", "All crime", "All", crimes, r12, 11500))
    return rows


def outcome_rates_rows() -> list[dict[str, Any]]:
    rows = [
        # All crime in-period 10.8% after 11.2% and 11.0%: "continued to decline"; cohort 9.9%.
        # Outcome 16: 14.8% of outcomes, 13.1% a year earlier. TIC 123 (9 in October),
        # out-of-court disposals 1,234 (98 in October) against 1,400 a year earlier (-11.9%).
        rates(
            MONTH,
            "All",
            "All crime",
            crimes_r12=12000,
            pp_rate_in_period=0.108,
            pp_rate_cohort=0.099,
            assigned_outcomes_r12=9000,
            outcome16_share=0.148,
            outcome16_share_year_earlier=0.131,
            tic_month=9,
            tic_r12=123,
            oocd_month=98,
            oocd_r12=1234,
        ),
        rates(m(-1), "All", "All crime", pp_rate_in_period=0.110, outcome16_share=0.146),
        rates(m(-2), "All", "All crime", pp_rate_in_period=0.112),
        rates(m(-12), "All", "All crime", oocd_r12=1400),
        # Domestic abuse: 53.1% of closures were outcome 16, up from 36.6%.
        rates(
            MONTH,
            "All",
            "All crime",
            da="Domestic abuse",
            assigned_outcomes_r12=800,
            outcome16_share=0.531,
            outcome16_share_year_earlier=0.366,
        ),
        rates(
            MONTH,
            "All",
            "Violence against the person",
            assigned_outcomes_r12=2500,
            outcome16_share=0.30,
        ),
        # Robbery PP rate 10.6% after 11.5%: "has dropped to 10.6%".
        rates(
            MONTH,
            "All",
            "Robbery",
            pp_rate_in_period=0.106,
            assigned_outcomes_r12=200,
            outcome16_share=0.10,
        ),
        rates(m(-1), "All", "Robbery", pp_rate_in_period=0.115),
        # VWI 16.7% after 17.0% and 17.5%: "continued to decline and is currently at 16.7%".
        rates(MONTH, "All", *VWI, pp_rate_in_period=0.167),
        rates(m(-1), "All", *VWI, pp_rate_in_period=0.170),
        rates(m(-2), "All", *VWI, pp_rate_in_period=0.175),
        # Burglary 6.7% after 7.2%, both areas declining; TIC 45 against 80 a year earlier.
        rates(MONTH, "All", *BURGLARY, pp_rate_in_period=0.067, tic_r12=45),
        rates(m(-1), "All", *BURGLARY, pp_rate_in_period=0.072),
        rates(m(-12), "All", *BURGLARY, tic_r12=80),
        rates(MONTH, "North", *BURGLARY, pp_rate_in_period=0.060),
        rates(m(-1), "North", *BURGLARY, pp_rate_in_period=0.065),
        rates(MONTH, "South", *BURGLARY, pp_rate_in_period=0.074),
        rates(m(-1), "South", *BURGLARY, pp_rate_in_period=0.080),
    ]
    return rows


def outcome_counts_rows() -> list[dict[str, Any]]:
    return [
        {
            "force_id": FORCE,
            "reporting_month": MONTH,
            "breakdown": "force",
            "area": "All",
            "offence_group": "All crime",
            "outcome_type": t,
            "outcome_group": "x",
            "is_prosecution_possible": t in {1, 2, 3, 4, 6, 7, 8},
            "outcomes_month": 1,
            "outcomes_r12": 12,
            "outcomes_prev_r12": 12,
        }
        for t in (1, 2, 3, 4, 6, 7, 8, 14, 16, 18)
    ]


def response_rows() -> list[dict[str, Any]]:
    # Prompt burglary median 47.5 minutes in October after 42 in September: "deteriorated".
    base = {"force_id": FORCE, "area": "All", "grade": "prompt"}
    base["offence_subgroup"] = "Burglary residential"
    return [
        {
            **base,
            "reporting_month": MONTH,
            "incidents_month": 83,
            "median_minutes_month": 47.5,
            "median_minutes_previous_month": 42.0,
        },
        {**base, "reporting_month": m(-1), "incidents_month": 80, "median_minutes_month": 42.0},
        {**base, "reporting_month": m(-2), "incidents_month": 79, "median_minutes_month": 44.0},
    ]


def build_warehouse(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        for table, ddl in DDL.items():
            con.execute(f"create table marts.{table} ({ddl})")
            columns = [c.split()[0] for c in ddl.replace("\n", " ").split(",")]
            rows = [[row.get(c) for c in columns] for row in tables.get(table, [])]
            if rows:
                placeholders = ", ".join("?" * len(columns))
                con.executemany(f"insert into marts.{table} values ({placeholders})", rows)


def marts() -> dict[str, list[dict[str, Any]]]:
    return {
        "crime_volume": crime_volume_rows(),
        "outcome_rates": outcome_rates_rows(),
        "outcome_counts": outcome_counts_rows(),
        "response_times": response_rows(),
    }


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("marts") / "warehouse.duckdb"
    build_warehouse(path, marts())
    return path


@pytest.fixture(scope="module")
def paper(warehouse: Path) -> Paper:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return build_board_paper(
            con,
            PAPER,
            FORCE,
            MONTH,
            commentary_dir=warehouse.parent / "none",
            paper_date=date(2026, 11, 20),
        )


def section(paper: Paper, number: str) -> str:
    found = next(s for s in paper.sections if s.number == number)
    return "\n".join(plain(text) for _n, text, _c in found.numbered)


def text_of(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", html_text))


def test_headlines_state_the_hand_worked_figures(paper: Paper) -> None:
    headlines = section(paper, "2.1")
    assert (
        "The 12 month recorded crime total has increased for three consecutive months." in headlines
    )
    assert "12,000 recorded crimes in the 12 months to October 2026, +4.3%" in headlines
    assert "such as Sexual offences (+50% (small base)), Robbery (+21.5%) and " in headlines
    assert "Possession of weapons offences (+4%)" in headlines
    assert "while others have fallen, such as Theft offences (\u22124.8%)" in headlines
    assert (
        "The discrete monthly figure for Robbery was the lowest it has been in the last 12 months."
        in headlines
    )
    assert "(in-period basis) has continued to decline and is now at 10.8%." in headlines
    assert "cohort basis" in headlines and "9.9%" in headlines
    assert "made up 14.8% of outcomes in the 12 months to October 2026, up from 13.1%" in headlines
    assert (
        "The highest proportion of outcome 16 disposals was seen for domestic abuse cases, where "
        "53.1% of closures were outcome 16 in the 12 months to October 2026, up from 36.6% in the "
        "12 months to October 2025." in headlines
    )
    assert "123 crimes were resolved as taken into consideration (TIC)" in headlines
    assert "(9 in October)" in headlines
    assert "1,234 out-of-court disposals" in headlines
    assert "has decreased 11.9% on the 12 months to October 2025 (1,400)" in headlines


def test_the_national_outcome_16_share_is_quoted_from_the_seed_with_its_source(
    warehouse: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS reference")
        con.execute(
            "CREATE TABLE reference.national_comparators AS SELECT * FROM (VALUES "
            "('outcome16_share', 0.19, 'year to March 2025', 'Old release', '2025-07'), "
            "('outcome16_share', 0.23, 'year to March 2026', 'Crime outcomes 2026', '2026-07')) "
            "AS t(measure, value, period, source, version)"
        )
    with duckdb.connect(str(copy), read_only=True) as con:
        quoted = build_board_paper(con, PAPER, FORCE, MONTH, paper_date=date(2026, 11, 20))
    assert (
        "made up 14.8% of outcomes in the 12 months to October 2026 (nationally 23.0% of "
        "outcomes, year to March 2026; source: Crime outcomes 2026), up from 13.1%"
        in section(quoted, "2.1")
    )


def test_dwelling_burglary(paper: Paper) -> None:
    burglary = section(paper, "2.2")
    assert (
        "The median response time for prompt graded dwelling burglary deteriorated, from "
        "42 minutes in September 2026 to 47.5 minutes in October 2026 (83 incidents)."
    ) in burglary
    assert (
        "dwelling burglary has dropped to 6.7%, with declines seen in both areas "
        "(North \u22120.5 points and South \u22120.6 points)."
    ) in burglary
    assert "decreased 7.7% over the 12 months to October 2026 (600 offences)" in burglary
    assert "numbered 45 in the 12 months to October 2026, against 80" in burglary


def test_street_violence(paper: Paper) -> None:
    violence = section(paper, "2.3")
    assert "violence with injury offences has remained stable (+0.7%)" in violence
    assert "increases in the South (+6.7%) and reductions in the North (\u22125.4%)" in violence
    assert "has continued to decline and is currently at 16.7%" in violence
    assert "Robbery offences have increased 21.5% over the 12 months to October 2026." in violence
    assert "October's discrete month figure (15) was the lowest it has been" in violence
    assert "robbery offences has dropped to 10.6% for the 12 months to October 2026" in violence
    assert (
        "Possession of weapons offences have increased 4% over the 12 months to October 2026, "
        "with increases seen in both areas (North +3.8% and South +4.2%)."
    ) in violence


def test_render_writes_one_self_contained_file(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    saved_mask = os.umask(0o022)  # the usual umask: files for the group to read are 0644
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            written = render_board_paper(
                con, PAPER, FORCE, MONTH, out, force_name="Testshire Constabulary"
            )
    finally:
        os.umask(saved_mask)
    path = written[0].path
    assert path == out / FORCE / "2026-10" / "board_paper.html"
    # both editions in every format, readable by the group, and no temporary file left
    assert sorted(p.name for p in path.parent.iterdir()) == [
        f"{stem}.{suffix}"
        for stem in ("board_paper", "board_paper_published")
        for suffix in ("docx", "html", "pdf")
    ]
    assert {p.stat().st_mode & 0o777 for p in path.parent.iterdir()} == {0o644}
    page = path.read_text(encoding="utf-8")
    text = text_of(page)
    assert (
        "Police & Crime Plan – update on performance and offenders theme – "  # noqa: RUF001
        "Testshire Constabulary" in text
    )
    assert "reviewed performance up to the end of October 2026" in text
    for heading in ("1.0 Background", "2.0 Performance Meeting Updates", "2.2 Dwelling Burglary"):
        assert heading in text
    assert "2.3 Serious Street Based Violence" in text and "2.1.5" in text
    assert "+21.5%" in text and "53.1%" in text
    assert page.count("<svg") >= 4 and 'role="img"' in page and "<title id=" in page
    assert not re.search(r"<(script|link)\b", page) and "http://" not in text
    assert 'class="commentary"' not in page  # no commentary file: nothing placeholder-ish


def test_render_is_deterministic(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    pages = []
    for run in ("a", "b"):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            written = render_board_paper(
                con,
                PAPER,
                FORCE,
                MONTH,
                tmp_path / run,
                paper_date=Settings.from_env().paper_date,
                formats=("html",),
            )
            pages.append(written[0].path.read_bytes())
    assert pages[0] == pages[1]
    assert b"Date:</dt><dd>18 November 2026" in pages[0]


def test_unavailable_figures_say_so_and_are_never_zero(tmp_path: Path) -> None:
    tables = marts()
    # 2025-03 was never delivered: every previous-R12 window (Nov 2024 - Oct 2025) includes it.
    for row in tables["crime_volume"]:
        row.update(
            crimes_prev_r12=None,
            r12_change=None,
            r12_pct_change=None,
            is_small_base=None,
            unavailable_reason=MISSING,
        )
    for row in tables["outcome_rates"]:
        if row["reporting_month"] == MONTH:
            row["outcome16_share_year_earlier"] = None
            row["unavailable_reason"] = MISSING
    path = tmp_path / "gaps.duckdb"
    build_warehouse(path, tables)
    with duckdb.connect(str(path), read_only=True) as con:
        paper = build_board_paper(con, PAPER, FORCE, MONTH, commentary_dir=tmp_path)
    violence, headlines = section(paper, "2.3"), section(paper, "2.1")
    assert (
        "The change in robbery offences over the 12 months to October 2026 is not available "
        f"({MISSING})." in violence
    )
    assert f"the change on the previous 12 months is not available ({MISSING})" in headlines
    assert (
        "53.1% of closures were outcome 16 in the 12 months to October 2026; the figure for the "
        f"12 months to October 2025 is not available ({MISSING})." in headlines
    )
    table = paper.sections[0].tables[0]
    assert {row[4] for row in table["rows"]} == {f"not available ({MISSING})"}
    text = text_of(render_html(paper))
    assert f"not available ({MISSING})" in text
    assert "+0%" not in text and "(0)" not in text


def html_with_commentary(warehouse: Path, tmp_path: Path, markdown: str) -> list[Written]:
    """Both editions' HTML of the month, with `markdown` as the month's commentary."""
    notes = tmp_path / "commentary" / FORCE
    notes.mkdir(parents=True)
    (notes / "2026-10.md").write_text(markdown, encoding="utf-8")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return render_board_paper(
            con,
            PAPER,
            FORCE,
            MONTH,
            tmp_path / "out",
            commentary_dir=tmp_path / "commentary",
            formats=("html",),
        )


def test_commentary_sits_in_its_section(warehouse: Path, tmp_path: Path) -> None:
    written = html_with_commentary(
        warehouse,
        tmp_path,
        "---\nmeeting_date: 2026-11-18\n---\n"
        "## 2.2 Dwelling Burglary\n\nThe priority crime team now also covers street violence.\n\n"
        "Areas expect the outcome rate to recover.\n\n## 2.3\n\nA <b>Q&A</b> session is planned.\n",
    )
    page = written[0].path.read_text()
    burglary = page[page.index('id="section-2.2"') : page.index('id="section-2.3"')]
    assert "2.2.3</span><p>The priority crime team now also covers street violence." in burglary
    assert "2.2.4</span><p>Areas expect the outcome rate to recover." in burglary
    assert "was held on 18 November 2026 and reviewed performance" in text_of(page)
    assert "A &lt;b&gt;Q&amp;A&lt;/b&gt; session is planned." in page  # escaped, not markup


def test_commentary_cannot_pose_as_a_traced_figure(warehouse: Path, tmp_path: Path) -> None:
    """The private-use characters that mark a figure (reports/traces.py), typed into commentary,
    neither break the paper nor make a link; a look-alike in a name from the data stays text."""
    forged = '\ue000["marts.crime_volume","crimes",[]]\ue001999\ue002'
    written = html_with_commentary(
        warehouse, tmp_path, f"## 2.2 Dwelling Burglary\n\nPatrols made {forged} visits.\n"
    )
    page = written[0].path.read_text()
    burglary = page[page.index('id="section-2.2"') : page.index('id="section-2.3"')]
    assert 'Patrols made ["marts.crime_volume","crimes",[]]999 visits.' in html.unescape(burglary)
    index = TraceIndex("testshire")
    assert index.html("Operation \ue000not json\ue001 7\ue002") == (
        "Operation \ue000not json\ue001 7\ue002"
    )
    assert index.entries == []


def test_a_month_the_marts_do_not_hold_is_an_error(warehouse: Path, tmp_path: Path) -> None:
    with (
        duckdb.connect(str(warehouse), read_only=True) as con,
        pytest.raises(ReportingMonthMissing),
    ):
        render_board_paper(con, PAPER, FORCE, date(2026, 11, 1), tmp_path)
    assert not (tmp_path / FORCE).exists()


def test_example_commentary_loads_every_month_and_states_no_figures(tmp_path: Path) -> None:
    sections = commentary_sections(PAPER)
    periods = pd.period_range("2025-11", "2026-10", freq="M")
    write_example_commentary(tmp_path, FORCE, periods, sections)
    for period in periods:
        notes = load_commentary(tmp_path, FORCE, period.start_time.date(), sections)
        assert {"2.1", "2.2", "2.3", "3.1.1", "4.0"} <= set(notes.sections)
        text = " ".join(p for paragraphs in notes.sections.values() for p in paragraphs)
        # Outcome types and section numbers are names; any other number belongs in the marts.
        assert not re.search(r"\d", re.sub(r"Outcome \d+|\d+(\.\d+)+", "", text)), text
        assert ("summer" in text) == (period.month in (4, 5, 6, 7)), period


def test_a_section_whose_marts_are_missing_says_so_and_the_paper_goes_on(paper: Paper) -> None:
    # the hand-built warehouse has the performance marts only
    custody = next(s for s in paper.sections if s.number == "2.6")
    assert custody.paragraphs == (
        "The figures of this section are not available: the warehouse has no "
        "marts.custody_throughput (built by the pipeline's dbt run).",
    )
    assert section(paper, "2.1")  # the sections it can build are all there


def test_every_chart_prints_readably_on_one_named_axis(paper: Paper) -> None:
    """The style of reports/charts.py holds for every chart the sections draw."""
    drawn = [c for s in paper.sections for c in s.charts]
    assert {"all-crime", "pp-rate", "area-groups"} <= {c.key for c in drawn}
    for chart in drawn:
        (ax,) = chart.figure.axes  # never a second y-axis
        label = ax.get_ylabel() or ax.get_xlabel()
        assert label and "Rolling 12 months" not in label, chart.key
        sizes = [t.get_fontsize() for t in chart.figure.findobj(Text) if t.get_text().strip()]
        assert min(sizes) >= 8, chart.key
        assert "October 2026" in chart.alt or "Bar chart:" in chart.alt, chart.key
    pp = next(c for c in drawn if c.key == "pp-rate")
    assert pp.figure.axes[0].get_ylabel() == "Prosecution-possible rate (%)"
    assert pp.figure.axes[0].get_ylim()[0] == 0


def test_the_published_edition_leaves_out_restricted_commentary(
    warehouse: Path, tmp_path: Path
) -> None:
    written = html_with_commentary(
        warehouse,
        tmp_path,
        "## 2.2 Dwelling Burglary\nrestricted: true\n\nThe named household was visited.\n\n"
        "## 2.3\n\nPatrols continue in the town centre.\n",
    )
    board, published = (text_of(w.path.read_text(encoding="utf-8")) for w in written)
    assert [w.path.name for w in written] == ["board_paper.html", "board_paper_published.html"]
    assert "The named household was visited." in board
    assert "The named household was visited." not in published
    assert "Patrols continue in the town centre." in board and "Patrols continue" in published


def test_figures_link_to_their_mart_row(paper: Paper) -> None:
    page = render_html(paper)
    # 2.1: the 12-month total of all crime, worked by hand above, links to its row and column
    link = re.search(r'<a class="figure" href="#trace-(\d+)" title="([^"]*)">12,000</a>', page)
    assert link, "the all-crime 12-month total is not a link"
    assert html.unescape(link.group(2)) == (
        "marts.crime_volume force_id=testshire reporting_month=2026-10 area=All "
        "offence_group=All crime offence_subgroup=All column=crimes_r12"
    )
    entry = re.search(rf'<tr id="trace-{link.group(1)}"[^>]*>(.*?)</tr>', page, flags=re.S)
    assert entry and "12,000" in entry.group(1) and "crimes_r12" in entry.group(1)
