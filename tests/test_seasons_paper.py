"""On the real run's paper (October 2026, 25 months of history) and on October 2025 from the same
warehouse (13 months): each process-limit chart marks the month a signal exactly when its sentence
calls it one (the markers read from the SVG), and the same month's expectation from earlier years
appears where two earlier years exist, with the figures pandas works out from the mart, and
nowhere else."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from pcp_assets.settings import Settings
from reports.printing import render_board_paper
from reports.sections import paper_for
from tests.conftest import REPORTING_MONTH
from tests.paper_html import FORCE, Month, visible_text

# chart key -> (section, the sentence's subject)
JUDGED = {
    "all-crime": ("2.1", "October's count is"),
    "burglary-volume": ("2.2", "October's count of dwelling burglaries is"),
    "burglary-response": ("2.2", "October's median is"),
    "vwi": ("2.3", "October's count of violence with injury offences is"),
    "robbery": ("2.3", "October's count of robbery offences is"),
    "rape": ("2.4", "October's count is"),
}


def section(page: str, number: str) -> str:
    start = page.index(f'id="section-{number}"')
    end = page.find('id="section-', start + 1)
    return page[start:end]


def agreement(page: str, month: str) -> list[tuple[str, bool, bool]]:
    """(chart, marked in the chart, a signal in the sentence) for every judged chart."""
    found = []
    for key, (number, subject) in JUDGED.items():
        part = section(page, number)
        text = visible_text(part)
        if f'id="{key}-title"' not in part or subject not in text:
            continue
        marked = f'id="{key}-signal-{month}"' in part
        found.append((key, marked, f"{subject} a signal" in text))
    return found


@pytest.fixture(scope="module")
def pages(completed_run: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("earlier")
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        written = render_board_paper(
            con, paper_for("force_extracts"), FORCE, date(2025, 10, 1), out, formats=("html",)
        )
    return {
        REPORTING_MONTH: Month(completed_run.reports_dir / FORCE / REPORTING_MONTH).html(),
        "2025-10": written[0].read_text(encoding="utf-8"),
    }


@pytest.mark.parametrize("month", [REPORTING_MONTH, "2025-10"])
def test_each_chart_marks_the_month_as_its_sentence_judges_it(
    pages: dict[str, str], month: str
) -> None:
    found = agreement(pages[month], month)
    assert len(found) >= 4, found
    assert [f for f in found if f[1] != f[2]] == []


def test_the_months_expectation_is_the_same_month_in_earlier_years(
    pages: dict[str, str], completed_run: Settings
) -> None:
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        counts = con.execute(
            "select reporting_month, crimes from marts.crime_volume where force_id = ? and "
            "area = 'All' and offence_group = 'Theft offences' and "
            "offence_subgroup = 'Burglary residential'",
            [FORCE],
        ).df()
    months = counts["reporting_month"].dt.strftime("%Y-%m")
    by_month = dict(zip(months, counts["crimes"], strict=True))
    earlier = [by_month["2024-10"], by_month["2025-10"]]
    text = visible_text(section(pages[REPORTING_MONTH], "2.2"))
    mean = f"{round(sum(earlier) / 2):,}"
    assert f"In earlier years October averaged {mean} dwelling burglaries" in text
    low, high = sorted(earlier)
    assert re.search(rf"\(from {low:,} in October 202[45] to {high:,} in October 202[45]\)", text)
    # 13 months before October 2025: no expectation anywhere, and the paper says once why the
    # limits do not allow for the season
    earlier_page = visible_text(pages["2025-10"])
    assert "In earlier years" not in earlier_page and "usually rises" not in earlier_page
    assert earlier_page.count("Process limits that allow for the season are not yet possible") == 1
