"""The published edition attacked as a reader with a pencil would (tests/disclosure_audit.py):
every count about people it prints, their totals, the same figures for other periods, the DVPN
funnel's stages, the highest-harm offenders in and out of the IOM cohort and the rows delivered
by extract, solved with an integer linear program for the narrowest range of each count from 1
to 4. On the README's run's October 2026, October 2025 and a third month of data (short
history), no such count can be narrowed to fewer than 5 values; the old rule (1 to 4 shown as
"<5", totals exact), re-created here on the board's edition, gives them back exactly."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest
from docx import Document

from pcp_assets.settings import Settings
from pcp_assets.sources import SOURCES
from reports.printing import render_board_paper
from reports.render import BOARD, PUBLISHED, paper_path
from tests.conftest import REPORTING_MONTH
from tests.disclosure_audit import Narrowest, exact_reading, published_reading
from tests.disclosure_paper import audit_paper
from tests.paper_html import FORCE

THRESHOLD = 5
MONTHS = ("2026-10", "2025-10", "2024-12")  # the run's month, a year earlier, its third month


@pytest.fixture(scope="module")
def editions(completed_run: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions of each month, rendered (HTML) from the run's warehouse."""
    out = tmp_path_factory.mktemp("editions")
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        for month in MONTHS:
            render_board_paper(
                con,
                SOURCES["force_extracts"].paper,
                completed_run.force_id,
                date.fromisoformat(f"{month}-01"),
                out,
                commentary_dir=completed_run.commentary_dir,
                small_count_threshold=completed_run.small_count_threshold,
                formats=("html",),
            )
    return out


def _page(editions: Path, month: str, published: bool) -> str:
    edition = PUBLISHED if published else BOARD
    path = paper_path(editions, FORCE, date.fromisoformat(f"{month}-01"), "html", edition)
    return path.read_text(encoding="utf-8")


def _report(month: str, found: list[Narrowest]) -> None:
    print(f"\n{month}: {len(found)} protected counts; narrowest first")
    for n in sorted(found, key=lambda n: (n.values, n.atom))[:5]:
        print(f"  {n.atom}: true {n.true}, can be {n.low} to {n.high} ({n.values} values)")


@pytest.mark.parametrize("month", MONTHS)
def test_no_small_count_of_the_published_edition_can_be_narrowed(
    editions: Path, month: str
) -> None:
    board, published = _page(editions, month, False), _page(editions, month, True)
    audit = audit_paper(board, published, published_reading(THRESHOLD))
    found = audit.narrowest(THRESHOLD)
    _report(month, found)
    assert found, "no count from 1 to 4 in the month's paper: the audit attacked nothing"
    narrowed = [n for n in found if n.values < THRESHOLD]
    assert not narrowed, narrowed


def test_the_audit_reads_every_section_it_attacks(editions: Path) -> None:
    """October 2026's edition: the audit found its figures in each section (a reworded sentence
    or renamed table would otherwise leave a section unattacked and the audit passing)."""
    board, published = _page(editions, "2026-10", False), _page(editions, "2026-10", True)
    audit = audit_paper(board, published, published_reading(THRESHOLD))
    kinds = {atom.split(" | ")[0] for atom in audit.truth}
    assert {
        "wanted",
        "iom",
        "ops",
        "gp",
        "dvpn month",
        "dvpn 12 months",
        "Custody by suite",
        "entrants",
        "highest harm",
        "IMU queues at the end of",
        "rows delivered",
    } <= kinds, kinds


def _old_rule(board: str) -> str:
    """The board's edition with every table cell from 1 to 4 shown as "<5": the published
    edition before the rounding (breakdown counts suppressed, totals and sentences exact)."""
    return re.sub(r"<td>([1-4])</td>", f"<td>&lt;{THRESHOLD}</td>", board)


def test_the_audit_gives_back_the_small_counts_of_the_old_rule(editions: Path) -> None:
    board = _page(editions, "2026-10", False)
    audit = audit_paper(board, _old_rule(board), exact_reading(THRESHOLD))
    found = audit.narrowest(THRESHOLD)
    _report("2026-10, old rule", found)
    exact = [n for n in found if n.low == n.high == n.true]
    assert exact, found
    assert any(n.atom.startswith(("ops |", "wanted |")) for n in exact), exact


NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
PAGE_NUMBER = re.compile(r"Page \d+ of \d+")


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def test_the_word_and_pdf_files_print_no_figure_the_html_does_not(completed_run: Settings) -> None:
    """The audit reads the HTML; the published Word and PDF files of the run's month print no
    number the HTML page does not (its text, tables and chart labels), so it covers them too.
    (The page's tags are taken out before its entities are read, so a printed "<10" is text.)"""
    folder = completed_run.reports_dir / FORCE / REPORTING_MONTH
    page = (folder / "board_paper_published.html").read_text(encoding="utf-8")
    in_html = _numbers(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    document = Document(str(folder / "board_paper_published.docx"))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    in_word = _numbers("\n".join([p.text for p in document.paragraphs] + cells))
    pdf = pdfium.PdfDocument(folder / "board_paper_published.pdf")
    try:
        printed = "\n".join(p.get_textpage().get_text_bounded() for p in pdf)
    finally:
        pdf.close()
    checksums = re.findall(r"[0-9a-f]{64}", page)  # the PDF breaks them over lines
    in_pdf = {
        n
        for n in _numbers(PAGE_NUMBER.sub(" ", printed))
        if not any(n in checksum for checksum in checksums)
    }
    assert in_word, "no number read from the Word file"
    assert in_word <= in_html, sorted(in_word - in_html)[:20]
    assert in_pdf <= in_html, sorted(in_pdf - in_html)[:20]
