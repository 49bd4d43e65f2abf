"""The paper from a tiny hand-made warehouse: the four marts of docs/marts.md, a fictional force.

Every expected figure below is worked by hand from the rows tests/hand_marts.py inserts.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from matplotlib.text import Text

from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.synthetic.commentary import (
    paragraphs_for,
    write_example_commentary,
)
from reports import charts
from reports import paper as paper_module
from reports.commentary_loader import load_commentary
from reports.figures import ReportingMonthMissing
from reports.paper import Paper, commentary_sections
from reports.printing import render_board_paper
from reports.render import build_board_paper, render_html
from reports.sections import paper_for
from reports.traces import TraceIndex, plain
from tests.hand_marts import FORCE, MISSING, MONTH, build_warehouse, marts

PAPER = paper_for("force_extracts")


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
    assert "such as Sexual offences (+50.0%, small base), Robbery (+21.5%) and " in headlines
    assert "Possession of weapons offences (+4.0%)" in headlines
    assert "while others have fallen, such as Theft offences (\u22124.8%)" in headlines
    assert (
        "The discrete monthly count for Robbery was the lowest count in the last 12 months."
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
    assert "has decreased 11.9% on the 12 months to October 2025 (1,400 disposals)" in headlines


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
    text = section(quoted, "2.1")
    # the force's own share first, then the national one with its period said first
    assert "made up 14.8% of outcomes in the 12 months to October 2026, up from 13.1%" in text
    assert (
        "In the year to March 2026, outcome 16 disposals made up 23.0% of outcomes nationally; "
        "source: Crime outcomes 2026."
    ) in text
    assert "Old release" not in text


def test_dwelling_burglary(paper: Paper) -> None:
    burglary = section(paper, "2.2")
    assert (
        "The median response time for prompt graded dwelling burglary deteriorated, from "
        "42.0 minutes in September 2026 to 47.5 minutes in October 2026 (83 incidents)."
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
    assert "October's discrete month figure (15) was the lowest count in the last" in violence
    assert "robbery offences has dropped to 10.6% for the 12 months to October 2026" in violence
    assert (
        "Possession of weapons offences have increased 4.0% over the 12 months to October 2026, "
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
    path = written[0]
    assert path == out / FORCE / "2026-10" / "board_paper.html"
    # both editions in every format and the commentary template, readable by the group, and no
    # temporary file left
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [
            "board_paper_commentary.md",
            *(
                f"{stem}.{suffix}"
                for stem in ("board_paper", "board_paper_published")
                for suffix in ("docx", "html", "pdf")
            ),
        ]
    )
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


def test_the_editions_share_the_months_figures_and_charts(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both editions of a month are rendered from figures loaded once and charts drawn once."""
    calls: Counter[str] = Counter()

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(paper_module, "load_figures", counted("figures", paper_module.load_figures))
    monkeypatch.setattr(charts, "xmr_chart", counted("xmr charts", charts.xmr_chart))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        build_board_paper(con, PAPER, FORCE, MONTH)  # one edition alone
        one_edition = calls.copy()
        calls.clear()
        written = render_board_paper(con, PAPER, FORCE, MONTH, tmp_path, formats=("html",))
    assert [w.name for w in written] == ["board_paper.html", "board_paper_published.html"]
    assert one_edition["figures"] == 1 and one_edition["xmr charts"] > 0
    assert calls == one_edition


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
            pages.append(written[0].read_bytes())
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


def html_with_commentary(warehouse: Path, tmp_path: Path, markdown: str) -> list[Path]:
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
    page = written[0].read_text()
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
    page = written[0].read_text()
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


def test_example_commentary_speaks_of_no_figure_the_month_cannot_report() -> None:
    periods = pd.period_range("2024-01", "2024-12", freq="M")
    # four months of data: no 12 month change, rate or its movement to speak of
    short = " ".join(p for m in periods for s in ("2.1", "2.2") for p in paragraphs_for(s, m, 4))
    for unreported in ("change in recorded crime", "Outcome 16", "burglary outcome rate"):
        assert unreported not in short
    # 24 months: each is written in some month
    full = " ".join(p for m in periods for s in ("2.1", "2.2") for p in paragraphs_for(s, m, 24))
    for reported in ("change in recorded crime", "Outcome 16", "burglary outcome rate"):
        assert reported in full


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
    board, published = (text_of(w.read_text(encoding="utf-8")) for w in written)
    assert [w.name for w in written] == ["board_paper.html", "board_paper_published.html"]
    assert "The named household was visited." in board
    assert "The named household was visited." not in published
    assert "Patrols continue in the town centre." in board and "Patrols continue" in published
    # the cover says what was left out and how the counts are protected; the board's says neither
    method = (
        "Every count of people or cases is rounded on its own to the nearest 5 and counts below "
        "10 are shown as “<10”"
    )
    assert "Published edition: one paragraph of commentary marked restricted is left out." in (
        published
    )
    assert method in published and method not in board
    (tmp_path / "none").mkdir()
    unrestricted = html_with_commentary(
        warehouse, tmp_path / "none", "## 2.3\n\nPatrols continue in the town centre.\n"
    )
    none = text_of(unrestricted[1].read_text(encoding="utf-8"))
    assert "Published edition: no commentary was marked restricted this month." in none


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
