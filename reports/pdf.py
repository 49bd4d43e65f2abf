"""The PDF: the paper's HTML printed by WeasyPrint, with the print rules of board_paper.css (A4,
the protective marking as a running header, "Page n of N", the contents with page numbers)."""

from __future__ import annotations

from weasyprint import HTML


def pdf_from_html(page: str) -> bytes:
    """The HTML is self-contained (styles and charts inline), so nothing is fetched."""
    return HTML(string=page).write_pdf()
