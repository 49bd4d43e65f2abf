"""The paper as a person looks at it: the month's HTML, PDF and Word files of the README's run.

The PDF's pages are turned into images (pypdfium2) and the regions above the charts' captions
must hold a drawing; no page or file shows "None", "nan" or template text; every number of the
text is a value of the marts for the month's window (allowances below); the Word file holds the
HTML's headings and numbered paragraphs; the published edition rounds its counts about people.
Read from the files alone, the PDFs split no figure or table and leave no heading or word alone
(tests/pdf_layout.py), the Word files are as an editor expects (tests/docx_layout.py), and only
the board's edition holds the engineering record.
"""

from __future__ import annotations

import html
import re
import stat
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from docx import Document
from PIL import Image

from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH
from tests.docx_layout import (
    NUMBERED,
    has_contents_field,
    misleveled_headings,
    picture_faults,
    tables_without_repeating_header,
)
from tests.paper_html import FORCE, Month, readable, visible_text
from tests.pdf_layout import layout_faults, read_pages

STEMS = ("board_paper", "board_paper_published")
# Months whose mart rows a paper for 2026-10 may quote: 24 months of history and the year before.
LEFTOVERS = re.compile(r"\bNone\b|\bnan\b|\{\{|\{%|%\}|\}\}")


@pytest.fixture(scope="module")
def month(completed_run: Settings) -> Month:
    return Month(completed_run.reports_dir / FORCE / REPORTING_MONTH)


@pytest.fixture(scope="module")
def pdf(month: Month) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(month.path("board_paper", "pdf"))
    yield document
    document.close()


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    return [page.get_textpage().get_text_bounded() for page in document]


def test_six_files_beside_each_other_readable_by_the_group(month: Month) -> None:
    names = sorted(p.name for p in month.folder.iterdir())
    papers = [f"{s}.{x}" for s in STEMS for x in ("html", "pdf", "docx")]
    assert names == sorted([*papers, "board_paper_commentary.md"])  # and the month's template
    for path in month.folder.iterdir():
        mode = path.stat().st_mode
        assert mode & stat.S_IRGRP and mode & stat.S_IRUSR, (path.name, oct(mode))
    assert month.path("board_paper", "pdf").read_bytes()[:5] == b"%PDF-"


def test_every_pdf_page_is_marked_and_numbered(pdf: pdfium.PdfDocument) -> None:
    texts = page_texts(pdf)
    total = len(texts)
    print(f"\nboard_paper.pdf for {REPORTING_MONTH}: {total} pages")
    assert total >= 5
    for n, text in enumerate(texts, start=1):
        assert f"Page {n} of {total}" in text, n
        assert text.count("OFFICIAL") >= 2, n  # running header and footer
    contents = texts[0] + texts[1]
    # the contents list gives each section its page: "2.1 Performance Headlines ..... 3"
    headlines = re.search(r"2\.1 [^\n]*?(\d+)\s*$", contents, flags=re.M)
    assert headlines, contents[:600]
    page_of_headlines = int(headlines.group(1))
    assert "2.1 " in texts[page_of_headlines - 1]


def test_no_none_nan_or_template_text_in_any_format(month: Month, pdf: pdfium.PdfDocument) -> None:
    for stem in STEMS:
        assert not LEFTOVERS.findall(visible_text(month.html(stem))), stem
        words = "\n".join(p.text for p in Document(month.path(stem, "docx")).paragraphs)
        assert not LEFTOVERS.findall(words), stem
    assert not LEFTOVERS.findall("\n".join(page_texts(pdf)))


def chart_titles(page: str) -> list[str]:
    return [
        html.unescape(t) for t in re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.S)
    ]


def longest_dark_run(region: Image.Image) -> int:
    """The longest unbroken horizontal or vertical line of dark pixels."""
    width, height = region.size
    dark = [[region.getpixel((x, y)) < 200 for x in range(width)] for y in range(height)]
    lines = [*dark, *([dark[y][x] for y in range(height)] for x in range(width))]
    best = 0
    for line in lines:
        run = 0
        for is_dark in line:
            run = run + 1 if is_dark else 0
            best = max(best, run)
    return best


def test_each_chart_is_drawn_on_a_pdf_page(month: Month, pdf: pdfium.PdfDocument) -> None:
    """Above each chart's caption, a region the chart's size holds a drawing: many pixels that
    are not white, in several shades, and an axis (a blank or failed chart is one flat colour, a
    caption or a paragraph has no long unbroken line)."""
    titles = chart_titles(month.html())
    assert len(titles) >= 6, titles
    found, scale = 0, 2
    for page in pdf:
        textpage = page.get_textpage()
        width, height = page.get_size()
        image = None
        for title in titles:
            # a caption's first line (it wraps in its column), in its case: not a sentence's words
            hit = textpage.search(title[:35], match_case=True).get_next()
            if hit is None:
                continue
            found += 1
            left, _bottom, _right, top = textpage.get_charbox(hit[0])
            image = image or page.render(scale=scale).to_pil().convert("L")
            # the chart sits above its caption, as wide as its column (at least 40% of the page)
            box = (
                int(left * scale),
                int((height - top - 0.32 * width) * scale),
                int(min(width, left + 0.4 * width) * scale),
                int((height - top - 2) * scale),
            )
            region = image.crop(box)
            pixels = region.tobytes()  # one byte a pixel (greyscale)
            inked = sum(1 for v in pixels if v < 200) / len(pixels)
            shades = len({v // 16 for v in pixels})
            # an axis: an unbroken line across a quarter of the region, which text never draws
            axis = longest_dark_run(region) / min(region.size)
            assert inked > 0.02 and shades >= 4 and axis > 0.25, (title, inked, shades, axis)
    assert found == len(titles), (found, titles)


def headings_of(page: str) -> list[str]:
    main = page[page.index("<main>") : page.index("</main>")]
    main = re.sub(r'<nav class="contents".*?</nav>', "", main, flags=re.S)
    found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", main, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split()) for _level, t in found]


def numbered_paragraphs_of(page: str) -> list[str]:
    items = re.findall(r'<span class="num">(.*?)</span><p>(.*?)</p>', readable(page), flags=re.S)
    return [f"{n}\t{' '.join(re.sub(r'<[^>]+>', '', t).split())}" for n, t in items]


def test_the_word_file_holds_the_htmls_headings_paragraphs_and_tables(month: Month) -> None:
    for stem in STEMS:
        page = month.html(stem)
        document = Document(month.path(stem, "docx"))
        styled = [
            (p.style.name, " ".join(p.text.split()))
            for p in document.paragraphs
            if p.style.name.startswith(("Heading", "Title"))
        ]
        assert [text for _style, text in styled] == headings_of(page), stem
        assert ("Heading 1", "1.0 Background") in styled, styled[:5]
        numbered = [
            f"{number}\t{' '.join(text.split())}"
            for number, text in (
                p.text.split("\t", 1) for p in document.paragraphs if "\t" in p.text
            )
        ]
        assert numbered == numbered_paragraphs_of(page), stem
        assert len(document.tables) - 1 == page.count("<table"), stem  # and the memo's table
        assert len(document.inline_shapes) == page.count('<figure class="chart"'), stem


def _published_rule(exact: str) -> str:
    """docs/personal-data.md, worked here on its own: a count rounded to the nearest 5 (halves
    up), under 10 hidden."""
    n = int(exact.replace(",", ""))
    return "<10" if n < 10 else f"{(n + 2) // 5 * 5:,}"


def test_the_published_edition_rounds_the_counts_about_people(month: Month) -> None:
    """Cell by cell, where the published paper's tables differ from the board's, the board's
    count rounded by the rule is what the published one prints (the appendix lists only the
    figures each edition shows); and some count is hidden as "<10"."""
    cells = [
        re.findall(r"<td>(.*?)</td>", readable(month.html(stem).split('id="appendix"')[0]), re.S)
        for stem in STEMS
    ]
    board, published = cells
    assert len(board) == len(published)
    differing = [(b, p) for b, p in zip(board, published, strict=True) if b != p]
    assert any(p == "<10" for _, p in differing), "no small count in this month's tables"
    for exact, shown in differing:
        if re.fullmatch(r"[\d,]+", exact):
            assert shown == _published_rule(exact), (exact, shown)
        else:  # a rate: the rounded counts' own (custody), worked in tests/test_custody_figures
            assert exact.endswith("%") or exact.startswith("n<"), (
                exact,
                shown,
            )


def test_the_printed_pages_part_no_figure_table_or_heading(month: Month) -> None:
    """Read from each edition's PDF alone (tests/pdf_layout.py): no chart or table split, no
    heading, caption or header row left at a page's foot, no word alone at a foot or head; the
    contents all on the first page."""
    for stem in STEMS:
        pdf = month.path(stem, "pdf").read_bytes()
        print(f"\n{stem}.pdf: {len(read_pages(pdf))} pages")
        assert layout_faults(pdf) == [], stem
        first = read_pages(pdf)[0]
        assert any(line.text.startswith("How these figures are defined") for line in first.lines)


def test_the_word_files_are_as_an_editor_expects(month: Month) -> None:
    for stem in STEMS:
        document = Document(month.path(stem, "docx"))
        assert has_contents_field(document), stem
        assert misleveled_headings(document) == [], stem
        levels = {p.style.name for p in document.paragraphs if NUMBERED.match(p.text)}
        assert {"Heading 1", "Heading 2", "Heading 3"} <= levels, levels
        assert len(document.inline_shapes) >= 10, stem
        assert picture_faults(document) == [], stem
        assert tables_without_repeating_header(document, skip=1) == [], stem  # after the memo's


# The engineering record: a Dagster run id, a SHA-256 checksum, a dbt model's name.
RECORD = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-|\b[0-9a-f]{64}\b|\bstg_raw__|\bint_\w+_by_")


def test_only_the_boards_edition_holds_the_engineering_record(month: Month) -> None:
    """The board's edition ends with the appendix (run ids, checksums, the rules checked, the
    figures' sources); the published edition has none of it, in any format, and says in one
    sentence where it is kept."""
    board, published = (visible_text(month.html(stem)) for stem in STEMS)
    assert RECORD.search(board) and "Appendix: where the figures come from" in board
    assert not RECORD.search(published)
    assert "Appendix" not in published and 'href="#trace-' not in month.html(STEMS[1])
    said = (
        "The full record behind these figures (the files delivered and their checksums, the "
        "pipeline runs that built them, the rules checked and the source of every figure) is "
        "kept in the appendix of the board's edition of this paper."
    )
    assert said in published and said not in board
    document = Document(month.path(STEMS[1], "docx"))
    words = "\n".join(p.text for p in document.paragraphs)
    words += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert not RECORD.search(words) and said in words
    printed = " ".join(
        line.text
        for page in read_pages(month.path(STEMS[1], "pdf").read_bytes())
        for line in page.lines
    )
    assert not RECORD.search(printed) and "kept in the appendix of the board's edition" in printed
    # the data-quality section keeps its findings in both editions
    for text in (board, published):
        assert "rows were delivered for October 2026" in text
