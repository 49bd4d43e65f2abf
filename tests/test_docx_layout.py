"""The Word checks (tests/docx_layout.py) fire on a file made the way the paper's used to be (no
contents, every section Heading 2, a chart stretched to 15 cm without alt text, a header row
that does not repeat) and pass on the paper's Word writer's own output for a small paper."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.shared import Cm

from reports import charts
from reports.figures import Series
from reports.paper import Footnotes, Header, NumberedSection, Paper
from reports.plan import Heading
from reports.word import docx_from_paper
from tests.docx_layout import (
    has_contents_field,
    misleveled_headings,
    picture_faults,
    tables_without_repeating_header,
)

MONTHS = tuple(date(2026, m, 1) for m in range(1, 11))


def _chart() -> charts.Chart:
    drawn = charts.line_chart(
        "crimes",
        "All recorded crime by month",
        {"Crimes": Series(MONTHS, tuple(float(500 + 10 * m) for m in range(10)))},
        lambda v: f"{v:,.0f}",
        "Crimes",
    )
    assert drawn is not None
    return drawn


def _paper() -> Paper:
    chart = _chart()
    return Paper(
        "testshire",
        date(2026, 10, 1),
        (
            Header("Update on performance", "The Board", "The Chief Constable", "1 Dec 2026"),
            NumberedSection("1", "Background", ("The purpose of this paper.",), kind="background"),
            Heading("3.0", "Offender Updates"),
            Heading("3.1", "Police enforcement disrupts offenders"),
            NumberedSection(
                "3.1.1",
                "Develop integrated one team approach",
                ("The cohort had 216 members.",),
                charts=(chart,),
                tables=(
                    {"caption": "Cohort", "headers": ["Area", "Members"], "rows": [["N", "9"]]},
                ),
                numbered_paragraphs=False,
            ),
            Footnotes(("“12 months to October 2026” means November 2025 to October 2026.",)),
        ),
    )


def test_the_checks_fire_on_a_file_made_the_old_way() -> None:
    document = Document()
    document.add_table(rows=1, cols=2)  # the memo
    document.add_heading("2.0 Performance Meeting Updates", 1)
    document.add_heading("3.1 Police enforcement disrupts offenders", 2)
    document.add_heading("3.1.1 Develop integrated one team approach", 2)
    document.add_picture(io.BytesIO(_chart().png), width=Cm(15))
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Area"
    reread = Document(_saved(document))
    assert not has_contents_field(reread)
    assert misleveled_headings(reread) == [
        ("Heading 2", "3.1.1 Develop integrated one team approach")
    ]
    faults = picture_faults(reread)
    assert faults[0] == "picture 1: no alt text"
    # 74 mm drawn at 300 dpi (about 870 pixels) stretched over 15 cm: about 150 dpi
    assert faults[1].startswith("picture 1: 1") and faults[1].endswith(" dpi at its printed width")
    assert tables_without_repeating_header(reread, skip=1) == [2]


def test_the_papers_word_file_passes_them() -> None:
    document = Document(io.BytesIO(docx_from_paper(_paper(), "OFFICIAL")))
    assert has_contents_field(document)
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "3.0 Offender Updates") in headings
    assert ("Heading 2", "3.1 Police enforcement disrupts offenders") in headings
    assert ("Heading 3", "3.1.1 Develop integrated one team approach") in headings
    assert misleveled_headings(document) == []
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0]._inline.docPr.get("descr") == _chart().alt
    assert picture_faults(document) == []
    # the memo, the cohort's table and the appendix's list of figures
    assert len(document.tables) == 3
    assert tables_without_repeating_header(document, skip=1) == []


def _saved(document: object) -> io.BytesIO:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    buffer.seek(0)
    return buffer
