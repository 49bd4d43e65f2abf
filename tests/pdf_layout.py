"""The layout faults a reader of a printed paper stumbles on, found from the PDF alone (pypdfium2):
the text of each page as lines with their place, size and weight, and the drawn objects (charts,
pictures) with their bounds.

- A drawing that runs past the page's content area (into the running header or footer, or off
  the page): a chart split by a page break, part of it never printed.
- A heading or a table's header row (a bold line) last on its page, its text or rows on the next.
- A figure's caption first on its page with no drawing above it: the caption and its chart parted.
- A line of one word at a page's foot or head: the first word of a paragraph left behind, or the
  last carried over.
- Text past the content area's sides: a chart's legend wider than the chart, cut off in print.

The running header and footer are the lines every page repeats at the same height (page numbers
aside); the content area lies between them. Text drawn inside a chart (its ticks and legend) is
part of the chart, not of the page's lines.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

BOLD = 600  # the font weight from which a line is bold
# The page objects that draw: paths, images, forms (WeasyPrint draws a chart's labels as forms).
DRAWN = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)
THIN = 3.0  # a drawn object narrower or flatter than this (pt) is a rule or a border, not a chart
GROUPED = 6.0  # pt: drawn objects closer than this are one drawing (a chart's axis and its ticks)
SLACK = 1.0  # pt of rounding allowed at the content area's edges
# pt a line of text may reach past the side margins as inferred (equal sides, from where most
# pages' text starts): a justified line's last glyph, or a paragraph indented by a few points
# setting the margin, reach 1 to 3 pt past it; clipped text (a legend wider than its chart) runs
# tens of points past
TEXT_SLACK = 4.0
LEADING_NUMBER = re.compile(r"^\d+(\.\d+)+\s+")
ENDS_SENTENCE = re.compile(r"[.:;!?)\]”]$")


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float  # PDF points, origin at the page's bottom left

    def joined(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.bottom, other.bottom),
            max(self.right, other.right),
            max(self.top, other.top),
        )

    def near(self, other: Box, gap: float) -> bool:
        return (
            self.left - gap <= other.right
            and other.left - gap <= self.right
            and self.bottom - gap <= other.top
            and other.bottom - gap <= self.top
        )

    def holds(self, other: Box) -> bool:
        """Whether the other box's centre lies inside this one."""
        x, y = (other.left + other.right) / 2, (other.bottom + other.top) / 2
        return self.left <= x <= self.right and self.bottom <= y <= self.top


@dataclass(frozen=True)
class Line:
    text: str
    box: Box
    size: float  # the font size of its first character
    bold: bool


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    box: Box
    lines: tuple[Line, ...]  # every line of text, top to bottom
    drawings: tuple[Box, ...]  # drawn objects grouped where they touch (a chart is one)


def _bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    """By the font's weight, or its name where the font does not say its weight."""
    if pdfium_c.FPDFText_GetFontWeight(textpage, index) >= BOLD:
        return True
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
    return b"bold" in name.value.lower()


def _lines(textpage: pdfium.PdfTextPage) -> list[Line]:
    """The page's characters gathered into lines: a new line where pdfium breaks one, where the
    next character is not beside the last (another column), or not on its baseline."""
    lines: list[Line] = []
    chars: list[str] = []
    box: Box | None = None
    size, bold = 0.0, False

    def close() -> None:
        if box is not None and "".join(chars).strip():
            lines.append(Line(" ".join("".join(chars).split()), box, size, bold))

    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        char_size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
        if char in "\r\n" or char_size <= 1:  # a break pdfium made, not a printed character
            close()
            chars, box = [], None
            continue
        found = Box(*textpage.get_charbox(index))
        beside = box is not None and (
            found.left - box.right < 1.5 * char_size
            and abs(found.bottom - box.bottom) < char_size / 2
        )
        if not beside:
            close()
            chars, box = [], found
            size, bold = char_size, _bold(textpage, index)
        chars.append(char)
        box = found if box is None else box.joined(found)
    close()
    return sorted(lines, key=lambda line: (-round(line.box.top), line.box.left))


def _blank(found: pdfium.PdfObject) -> bool:
    """A path that is no drawing: filled white (a page's or a chart's background) or not at all,
    with no stroke; or a box's border, which WeasyPrint fills even-odd between the border's
    outer and inner edges (its bounds the whole box, its paint a thin frame)."""
    if found.type != pdfium_c.FPDF_PAGEOBJ_PATH:
        return False
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(found.raw, ctypes.byref(fill), ctypes.byref(stroke))
    if stroke.value:
        return False
    if fill.value == pdfium_c.FPDF_FILLMODE_ALTERNATE:
        return True
    rgba = [ctypes.c_uint() for _ in range(4)]
    pdfium_c.FPDFPageObj_GetFillColor(found.raw, *(ctypes.byref(v) for v in rgba))
    red, green, blue, alpha = (v.value for v in rgba)
    return not fill.value or alpha == 0 or min(red, green, blue) == 255


def _drawings(page: pdfium.PdfPage) -> list[Box]:
    """The drawn objects that are not rules, borders or backgrounds, grouped where they touch or
    overlap."""
    groups = [
        Box(*found.get_bounds())
        for found in page.get_objects(filter=DRAWN, max_depth=8)
        if not _blank(found)
    ]
    merged = True
    while merged:  # join touching groups until none touch
        merged = False
        for i, group in enumerate(groups):
            other = next((g for g in groups[i + 1 :] if g.near(group, GROUPED)), None)
            if other is not None:
                groups.remove(other)
                groups[i] = group.joined(other)
                merged = True
                break
    return [g for g in groups if g.right - g.left >= THIN and g.top - g.bottom >= THIN]


def read_pages(pdf: bytes) -> list[Page]:
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            pages.append(
                Page(
                    number,
                    Box(0.0, 0.0, width, height),
                    tuple(_lines(page.get_textpage())),
                    tuple(_drawings(page)),
                )
            )
        return pages
    finally:
        document.close()


def _running_key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text), round(line.box.top)


def _running(pages: list[Page]) -> set[tuple[str, int]]:
    """The header and footer lines: the same text (numbers aside) at the same height on most
    pages."""
    if len(pages) < 2:
        return set()
    seen = Counter(key for page in pages for key in {_running_key(line) for line in page.lines})
    return {key for key, n in seen.items() if n >= max(2, len(pages) * 0.6)}


@dataclass(frozen=True)
class Content:
    """A page's content: its lines outside the running header and footer and outside any
    drawing, and the area between that header and footer."""

    page: Page
    lines: tuple[Line, ...]
    area: Box


def _content(page: Page, running: set[tuple[str, int]]) -> Content:
    middle = (page.box.bottom + page.box.top) / 2
    margins = [line for line in page.lines if _running_key(line) in running]
    top = min((line.box.bottom for line in margins if line.box.bottom > middle), default=None)
    bottom = max((line.box.top for line in margins if line.box.top < middle), default=None)
    area = Box(
        page.box.left,
        page.box.bottom if bottom is None else bottom,
        page.box.right,
        page.box.top if top is None else top,
    )
    lines = tuple(
        line
        for line in page.lines
        if _running_key(line) not in running and not any(d.holds(line.box) for d in page.drawings)
    )
    return Content(page, lines, area)


def _body_size(contents: list[Content]) -> float:
    sizes: Counter[float] = Counter()
    for c in contents:
        for line in c.lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


@dataclass(frozen=True)
class Row:
    """The lines of a page at one height, left to right (a numbered paragraph's number and its
    first line, a table's cells)."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def words(self) -> list[str]:
        return LEADING_NUMBER.sub("", self.text).split()

    @property
    def bottom(self) -> float:
        return min(line.box.bottom for line in self.lines)

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    @property
    def bold(self) -> bool:
        """Some of it bold: a heading, or a table's header row (its first cell may not be)."""
        return any(line.bold for line in self.lines)

    def heading(self, body: float) -> bool:
        return all(line.bold for line in self.lines) and self.size > body

    def continues(self) -> bool:
        """Whether its text runs on: it ends with no full stop, colon or closing bracket."""
        return not ENDS_SENTENCE.search(self.text)


def _rows(lines: tuple[Line, ...]) -> list[Row]:
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: -line.box.bottom):
        if rows and abs(rows[-1][0].box.bottom - line.box.bottom) < 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [Row(tuple(sorted(row, key=lambda line: line.box.left))) for row in rows]


def _figure_parted(before: Content, after: Content, body: float) -> str | None:
    """A figure's caption first on a page, the figure (a drawing under the last text of the
    page before, or alone on it) left behind; a table's caption, followed by its header row, is
    not one."""
    rows, lowest = _rows(after.lines), min((d.bottom for d in before.page.drawings), default=None)
    if not rows or lowest is None or rows[0].size >= body or rows[0].bold:
        return None
    if len(rows) > 1 and rows[1].bold:
        return None
    above = _rows(before.lines)
    if above and lowest > above[-1].bottom:
        return None
    return f"a caption first on its page, its figure on the page before: {rows[0].text!r}"


def _apart(rows: list[Row]) -> bool:
    """Whether the last row stands apart from the row above it (a caption after a paragraph),
    not a line of the same block (a table cell's text wrapped onto a second line)."""
    if len(rows) < 2:
        return True
    last, above = rows[-1], rows[-2]
    return above.bottom - last.bottom > 1.6 * last.size


def _text_parted(above: list[Row], first: Row, body: float) -> list[str]:
    """What a page break parts of the text (the rows of the page before, the first row of the
    next): a heading, header row or caption from what it heads, one word from its paragraph."""
    last = above[-1]
    faults = []
    if last.heading(body):
        faults.append(f"a heading last on its page: {last.text!r}")
    if last.bold and last.text == first.text:  # the header row, repeated over the next page's rows
        faults.append(f"a table's header row with no row under it: {last.text!r}")
    # a table's header row repeated over its next page's rows is not a new table's
    header = first.bold and not first.heading(body) and first.text not in {r.text for r in above}
    if header and last.size < body and not last.bold and _apart(above):
        faults.append(f"a table's caption last on its page: {last.text!r}")
    runs_on = last.continues() and not first.bold and first.size == last.size
    if runs_on and len(last.words) == 1:
        faults.append(f"one word at the foot of the page: {last.text!r}")
    if runs_on and len(first.words) == 1:
        faults.append(f"one word at the head of the page: {first.text!r}")
    return faults


def _faults_between(before: Content, after: Content, body: float) -> list[str]:
    """What a page break parts: the foot of one page and the head of the next."""
    faults = [_figure_parted(before, after, body)]
    above, below = _rows(before.lines), _rows(after.lines)
    if above and below:
        faults += _text_parted(above, below[0], body)
    where = f"page {before.page.number} to {after.page.number}"
    return [f"{where}: {fault}" for fault in faults if fault]


def _cut_off(pages: list[Page], running: set[tuple[str, int]]) -> list[str]:
    """Text past the content area's left or right edge (a chart's legend wider than the chart,
    clipped by it). The area's side margins are taken as equal: the left one is where most
    pages' text starts."""
    starts = Counter(
        round(min(line.box.left for line in page.lines if _running_key(line) not in running))
        for page in pages
        if any(_running_key(line) not in running for line in page.lines)
    )
    if not starts:
        return []
    margin = starts.most_common(1)[0][0]
    faults = []
    for page in pages:
        left, right = page.box.left + margin - TEXT_SLACK, page.box.right - margin + TEXT_SLACK
        cut = [
            line
            for line in page.lines
            if _running_key(line) not in running
            and (line.box.left < left or line.box.right > right)
        ]
        if cut:
            said = " / ".join(row.text for row in _rows(tuple(cut)))
            faults.append(f"page {page.number}: text past the content area: {said!r}")
    return faults


def layout_faults(pdf: bytes) -> list[str]:
    """Every layout fault of the printed pages, each said with its pages; none for a good
    layout."""
    pages = read_pages(pdf)
    running = _running(pages)
    contents = [_content(page, running) for page in pages]
    body = _body_size(contents)
    faults: list[str] = []
    for content in contents:
        area = content.area
        for drawing in content.page.drawings:
            if drawing.top > area.top + SLACK or drawing.bottom < area.bottom - SLACK:
                faults.append(
                    f"page {content.page.number}: a drawing runs past the content area "
                    f"({drawing.bottom:.0f} to {drawing.top:.0f} pt, the area "
                    f"{area.bottom:.0f} to {area.top:.0f})"
                )
    faults += _cut_off(pages, running)
    written = [c for c in contents if c.lines or c.page.drawings]
    for before, after in itertools.pairwise(written):
        faults += _faults_between(before, after, body)
    return faults
