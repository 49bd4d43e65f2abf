"""What an editor expects of the paper's Word file, read with python-docx: a contents field, heading
levels that follow the numbering, pictures with alt text at print resolution, and table header
rows that repeat on every page."""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Length

PRINT_DPI = 200
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*) ")
PICTURE_WIDTH = re.compile(rb"IHDR(.{4})", re.S)  # a PNG's width, the IHDR chunk's first field


def has_contents_field(document: DocxDocument) -> bool:
    """A TOC field, complex (w:instrText) or simple (w:fldSimple)."""
    body = document.element.body
    instructions = [t.text or "" for t in body.iter(qn("w:instrText"))]
    instructions += [f.get(qn("w:instr"), "") for f in body.iter(qn("w:fldSimple"))]
    return any(i.split()[:1] == ["TOC"] for i in instructions)


def expected_level(number: str) -> int:
    """Heading 1 for "2.0", Heading 2 for a theme or section ("3.1"), 3 for "3.1.1"."""
    return 1 if number.endswith(".0") else number.count(".") + 1


def misleveled_headings(document: DocxDocument) -> list[tuple[str, str]]:
    """(style, text) of each numbered heading whose level is not its number's."""
    wrong = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        found = NUMBERED.match(paragraph.text)
        if (
            found
            and style.startswith("Heading ")
            and style != f"Heading {expected_level(found.group(1))}"
        ):
            wrong.append((style, paragraph.text))
    return wrong


def picture_faults(document: DocxDocument) -> list[str]:
    """Each picture without alt text (docPr descr) or under `PRINT_DPI` at its printed width."""
    faults = []
    for n, shape in enumerate(document.inline_shapes, start=1):
        inline = shape._inline
        if not (inline.docPr.get("descr") or "").strip():
            faults.append(f"picture {n}: no alt text")
        blip = inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].blob
        found = PICTURE_WIDTH.search(image)
        pixels = int.from_bytes(found.group(1), "big") if found else 0
        inches = Length(shape.width).inches
        dpi = pixels / inches if inches else 0
        if dpi < PRINT_DPI:
            faults.append(f"picture {n}: {dpi:.0f} dpi at its printed width")
    return faults


def tables_without_repeating_header(document: DocxDocument, skip: int = 0) -> list[int]:
    """The tables (after the first `skip`, the memo's) whose first row does not repeat."""
    wrong = []
    for n, table in enumerate(document.tables[skip:], start=skip + 1):
        properties = table.rows[0]._tr.trPr
        header = None if properties is None else properties.find(qn("w:tblHeader"))
        if header is None or header.get(qn("w:val"), "true") not in ("true", "1", "on"):
            wrong.append(n)
    return wrong
