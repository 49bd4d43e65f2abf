"""Printing the rendered papers: the PDF (the HTML printed by WeasyPrint, reports/pdf.py) and the
Word file (written from the same parts, reports/word.py), each file a job dealt out to the
machine's cores (pcp_assets/forked.py), so that many forces' papers print side by side.

A run renders the HTML, prints the PDFs, publishes, and only then writes the Word files into the
published folders: publication does not wait for Word (docs/paper.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypedDict, Unpack

import duckdb

from pcp_assets.forked import on_every_core
from reports.paper import PaperVariant
from reports.pdf import pdf_from_html
from reports.provenance import Provenance
from reports.render import (
    DEFAULT_MARKING,
    FORMATS,
    Rendered,
    paper_path,
    render_html_editions,
    write_atomically,
)
from reports.word import docx_from_paper


def _print(rendered: Rendered, path: Path, content: Callable[[Rendered], bytes]) -> Path:
    write_atomically(path, content(rendered), public=rendered.edition.published)
    return path


def _printed(
    rendered: Sequence[Rendered],
    reports_dir: Path,
    suffix: str,
    content: Callable[[Rendered], bytes],
) -> list[Path]:
    jobs = [
        partial(_print, r, paper_path(reports_dir, r.force_id, r.month, suffix, r.edition), content)
        for r in rendered
    ]
    return on_every_core(jobs)


def _pdf(rendered: Rendered) -> bytes:
    return pdf_from_html(rendered.page)


def print_pdfs(rendered: Sequence[Rendered], reports_dir: Path) -> list[Path]:
    """Each rendered edition printed as PDF beside its HTML under `reports_dir`."""
    return _printed(rendered, reports_dir, "pdf", _pdf)


def print_words(rendered: Sequence[Rendered], reports_dir: Path, marking: str) -> list[Path]:
    """Each rendered edition written as a Word file under `reports_dir`."""
    return _printed(rendered, reports_dir, "docx", lambda r: docx_from_paper(r.paper, marking))


class PaperOptions(TypedDict, total=False):
    """What `render_html_editions` takes beside the month (reports/render.py)."""

    commentary_dir: Path | None
    peer_forces: tuple[str, ...]
    paper_date: date | None
    force_name: str | None
    small_count_threshold: int
    marking: str
    provenance: Provenance


def render_board_paper(
    con: duckdb.DuckDBPyConnection,
    variant: PaperVariant,
    force_id: str,
    reporting_month: date,
    reports_dir: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    **options: Unpack[PaperOptions],
) -> list[Path]:
    """Both editions of a month's paper in each of `formats`, beside each other in
    `reports_dir/<force_id>/<YYYY-MM>/`, the board's HTML first: rendered, then printed, as a
    run's steps do one after another."""
    rendered = render_html_editions(con, variant, force_id, reporting_month, reports_dir, **options)
    paths = [
        paper_path(reports_dir, force_id, reporting_month, "html", r.edition) for r in rendered
    ]
    if "pdf" in formats:
        paths += print_pdfs(rendered, reports_dir)
    if "docx" in formats:
        paths += print_words(rendered, reports_dir, options.get("marking", DEFAULT_MARKING))
    return paths
