"""The Word file: the same parts as the HTML (reports/paper.py), written with python-docx so that
a board secretary can edit it. A contents field Word fills in when the file is opened; heading
styles by the numbering (2.0 Heading 1, 2.1 Heading 2, 3.1.1 Heading 3), so the navigation pane
and the contents follow the paper's structure; the paragraphs numbered as in the HTML ("2.1.3" and
a tab, hanging); real tables whose header row repeats on every page and whose rows do not split;
charts as pictures at their printed size and 300 dpi, with their text description as alt text and
their captions; the protective marking in the page header and footer, and "Page n of N" fields.
The board's edition ends with the appendix and the figures' sources, as its HTML does; the
published edition with the sentence on where that record is kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from reports.charts import Chart
from reports.paper import NumberedSection, Paper
from reports.traces import TraceIndex, plain, traces_in

CONTENTS_PLACEHOLDER = "The contents are filled in when the file is opened in Word."
NUMBER_INDENT = Cm(1.4)


class _Writer:
    def __init__(self, paper: Paper, marking: str) -> None:
        self.paper = paper
        self.doc: DocxDocument = Document()
        self.index = TraceIndex(paper.force_id)
        self._page_setup(marking)

    def text(self, text: str) -> str:
        """Plain text; its traced figures are numbered as the HTML numbers them."""
        for shown, trace in traces_in(text):
            self.index.number(trace, shown)
        return plain(text)

    def _page_setup(self, marking: str) -> None:
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(2.0)
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = "Arial", Pt(10.5)
        header = section.header.paragraphs[0]
        header.text = marking
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        header.runs[0].bold = True
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(marking).bold = True
        page = section.footer.add_paragraph()
        page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        page.add_run("Page ")
        _field(page, "PAGE")
        page.add_run(" of ")
        _field(page, "NUMPAGES")

    def heading(self, text: str, html_level: int) -> None:
        """h1 is the title; h2 is Word's Heading 1, h3 Heading 2 and so on."""
        self.doc.add_heading(text, max(0, min(html_level - 1, 9)))

    def contents(self) -> None:
        """A table of contents field over Heading 1 to 3, which Word fills in when it opens the
        file (`updateFields`), then the paper starts on a new page."""
        self.doc.add_paragraph("Contents", style="TOC Heading")
        _field(self.doc.add_paragraph(), r'TOC \o "1-3" \h \z \u', CONTENTS_PLACEHOLDER)
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.doc.settings.element.append(update)
        self.doc.add_page_break()

    def chart(self, chart: Chart) -> None:
        """The chart at its printed size and print resolution, its text description as the
        picture's alt text, kept on the page of its caption."""
        shape = self.doc.add_picture(io.BytesIO(chart.png))
        shape._inline.docPr.set("descr", chart.alt)
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        self.doc.add_paragraph(chart.title, style="Caption")

    def numbered(self, section: NumberedSection) -> None:
        for number, text, is_commentary in section.numbered:
            if section.numbered_paragraphs:
                paragraph = self.doc.add_paragraph(f"{number}\t{self.text(text)}")
                form = paragraph.paragraph_format
                form.left_indent, form.first_line_indent = NUMBER_INDENT, -NUMBER_INDENT
                form.tab_stops.add_tab_stop(NUMBER_INDENT)
            else:
                paragraph = self.doc.add_paragraph(self.text(text))
            if is_commentary:
                for run in paragraph.runs:
                    run.italic = True

    def table(self, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.doc.add_paragraph(
            self.text(caption), style="Caption"
        ).paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
        _repeat_as_header(table.rows[0])
        for row in rows:
            added = table.add_row()
            _row_property(added, "w:cantSplit")
            for cell, value in zip(added.cells, row, strict=True):
                cell.text = self.text(str(value))
        self.doc.add_paragraph()

    def section(self, s: NumberedSection) -> None:
        if s.lead:
            self.heading(s.lead, 3)
        self.heading(f"{s.number_shown} {s.title}", s.level)
        self.numbered(s)
        if s.note:
            self.doc.add_paragraph(self.text(s.note)).runs[0].italic = True
        for chart in s.charts:
            self.chart(chart)
        for t in s.tables:
            self.table(t["caption"], t["headers"], t["rows"])

    def data_quality(self, dq: Any) -> None:
        self.heading("6.0 Data quality", 2)
        for i, text in enumerate(dq.paragraphs, start=1):
            self.doc.add_paragraph(f"6.{i}\t{self.text(text)}")
        for t in dq.tables:
            self.table(t["caption"], t["headers"], t["rows"])

    def appendix(self) -> None:
        self.heading(self.paper.appendix_title, 2)
        found = self.paper.appendix
        if found is not None:
            for text in found.paragraphs:
                self.doc.add_paragraph(self.text(text))
            for t in found.tables:
                self.table(t["caption"], t["headers"], t["rows"])
        rows = [
            [str(n), shown, trace.table, trace.keys_text, trace.column]
            for n, (trace, shown) in enumerate(self.index.entries, start=1)
        ]
        caption = (
            "Figures and where they come from: mart, row keys and column "
            f"(force {self.paper.force_id})"
        )
        self.table(caption, ("Ref.", "Figure", "Mart", "Row", "Column"), rows)

    def write(self) -> bytes:
        paper = self.paper
        memo = self.doc.add_table(rows=3, cols=2)
        for row, (label, value) in zip(
            memo.rows,
            (
                ("To:", paper.header.to),
                ("From:", paper.header.from_),
                ("Date:", paper.header.date_label),
            ),
            strict=True,
        ):
            row.cells[0].text, row.cells[1].text = label, value
            row.cells[0].paragraphs[0].runs[0].bold = True
        self.heading(paper.header.title, 1)
        if paper.edition_note:
            self.doc.add_paragraph(paper.edition_note).runs[0].italic = True
        self.contents()
        self.heading(f"1.0 {paper.background.title}", 2)
        self.numbered(paper.background)
        for part in paper.body:
            if part.kind == "heading":
                self.heading(f"{part.number} {part.title}", part.level)
            else:
                self.section(part)
        if paper.data_quality:
            self.data_quality(paper.data_quality)
        self.heading("How these figures are defined", 2)
        for text in paper.definitions:
            self.doc.add_paragraph(self.text(text))
        if paper.attribution:
            self.doc.add_paragraph(paper.attribution)
        if paper.record_kept:
            self.doc.add_paragraph(paper.record_kept)
        if paper.has_appendix:
            self.appendix()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word fills in when it lays the pages out;
    `shown` until it does."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    if shown:
        paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _row_property(row: Any, name: str) -> None:
    """A row's on/off property: w:cantSplit (the row stays on one page), w:tblHeader."""
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _repeat_as_header(row: Any) -> None:
    """The table's first row repeats at the top of each page it runs onto, and stays whole."""
    _row_property(row, "w:tblHeader")
    _row_property(row, "w:cantSplit")


def docx_from_paper(paper: Paper, marking: str) -> bytes:
    return _Writer(paper, marking).write()
