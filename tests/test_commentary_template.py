"""The month's commentary template (reports/commentary_template.py): written beside the paper,
a heading per section a department may address with what the paper says there, and, filled in
and put in the commentary folder, the month's commentary: its figures never print as commentary."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb

from pcp_assets.settings import Settings
from reports.plan import NO_UPDATE_RULE
from reports.printing import render_board_paper
from reports.render import commentary_sections
from reports.sections import paper_for
from tests.conftest import REPORTING_MONTH
from tests.paper_html import FORCE, visible_text
from tests.paper_reading import Paper, repeated_sentences

VARIANT = paper_for("force_extracts")
TEMPLATE = "board_paper_commentary.md"


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_template_lists_every_section_with_what_the_paper_says(completed_run: Settings):
    folder = completed_run.reports_dir / FORCE / REPORTING_MONTH
    template = (folder / TEMPLATE).read_text(encoding="utf-8")
    assert re.findall(r"^## (\S+) ", template, re.M) == list(commentary_sections(VARIANT))
    # the board paper's computed paragraphs, by section, as its HTML prints them
    page = (folder / "board_paper.html").read_text(encoding="utf-8")
    printed = defaultdict(list)
    for number, text in re.findall(
        r'<li><span class="num">(\d+\.\d+)\.\d+</span><p>(.*?)</p></li>', page, re.S
    ):
        printed[number].append(squeezed(visible_text(text)))
    blocks = dict(re.findall(r"^## (\S+) [^\n]*\n(.*?)(?=^## |\Z)", template, re.M | re.S))
    assert {"2.1", "2.2", "2.6"} <= printed.keys()
    for number, paragraphs in printed.items():
        listed = [squeezed(line[2:]) for line in blocks[number].splitlines() if line[:2] == "- "]
        assert listed == paragraphs, number


def test_a_filled_in_template_is_the_months_commentary(completed_run: Settings, tmp_path: Path):
    template = (completed_run.reports_dir / FORCE / REPORTING_MONTH / TEMPLATE).read_text(
        encoding="utf-8"
    )
    written = "Burglary patrols were doubled in the North after a series of break-ins."
    filled = template.replace(
        "## 2.2 Dwelling Burglary\n", f"## 2.2 Dwelling Burglary\n\n{written}\n", 1
    )
    assert filled != template
    commentary = tmp_path / "commentary" / FORCE / f"{REPORTING_MONTH}.md"
    commentary.parent.mkdir(parents=True)
    commentary.write_text(filled, encoding="utf-8")
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        render_board_paper(
            con,
            VARIANT,
            FORCE,
            date.fromisoformat(f"{REPORTING_MONTH}-01"),
            tmp_path / "out",
            commentary_dir=tmp_path / "commentary",
            formats=("html",),
        )
    page = (tmp_path / "out" / FORCE / REPORTING_MONTH / "board_paper.html").read_text()
    commentary_paragraphs = [
        visible_text(p) for p in re.findall(r'class="commentary">(.*?)</(?:li|p)>', page, re.S)
    ]
    ours = [p for p in commentary_paragraphs if written in p]
    assert len(ours) == 1 and re.fullmatch(rf"2\.2\.\d+ {re.escape(written)}", ours[0]), ours
    # nothing of the template's figures became commentary
    assert len(commentary_paragraphs) == 1, commentary_paragraphs
    assert "What the paper says" not in page
    # an objective left empty is its heading alone, as the background says once, and one with
    # figures shows them alone: no note repeated objective after objective
    assert visible_text(page).count(NO_UPDATE_RULE) == 1
    assert repeated_sentences(Paper.of(page)) == []
