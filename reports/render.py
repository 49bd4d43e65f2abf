"""Render the board paper: build its sections, write each edition's HTML atomically.

Two editions beside each other in the month's folder: `board_paper.html` for the board (exact
counts, all commentary) and `board_paper_published.html` for circulation outside the force (counts
about people rounded, small ones hidden: pcp_assets/small_counts.py; restricted commentary left
out), with the department's commentary template for the month (`board_paper_commentary.md`,
reports/commentary_template.py). Each is printed as PDF and Word by reports/printing.py.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pcp_assets.file_modes import PUBLIC_FILE
from reports.commentary_loader import Commentary, load_commentary
from reports.commentary_template import TEMPLATE_STEM, commentary_template
from reports.paper import (
    MonthWork,
    Paper,
    PaperContext,
    PaperVariant,
    build_paper,
    commentary_sections,
)
from reports.provenance import NO_RUN, Provenance
from reports.traces import TraceIndex

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "board_paper.html.j2"
DEFAULT_MARKING = "OFFICIAL"
FORMATS = ("html", "pdf", "docx")


@dataclass(frozen=True)
class Edition:
    stem: str  # the file name without its suffix
    published: bool  # counts about people rounded, restricted commentary left out


BOARD = Edition("board_paper", published=False)
PUBLISHED = Edition("board_paper_published", published=True)
EDITIONS = (BOARD, PUBLISHED)


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(paper: Paper, marking: str = DEFAULT_MARKING) -> str:
    """The paper as one self-contained HTML page, each traced figure a link to the appendix (the
    board's edition; the published one has no appendix)."""
    index = TraceIndex(paper.force_id, linked=paper.has_appendix)
    return _environment().get_template(TEMPLATE).render(paper=paper, index=index, marking=marking)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, content: str | bytes, public: bool = False) -> None:
    """Write through a temporary file renamed over `path`. mkstemp creates it owner-only (0600);
    the paper gets the mode a plain `open` would (0640 under PCP_FILE_MODE=group), or, `public`,
    the published edition's 0644 (pcp_assets/file_modes.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, PUBLIC_FILE if public else 0o666 & ~_umask())
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def paper_path(
    reports_dir: Path,
    force_id: str,
    reporting_month: date,
    suffix: str = "html",
    edition: Edition = BOARD,
) -> Path:
    return reports_dir / force_id / f"{reporting_month:%Y-%m}" / f"{edition.stem}.{suffix}"


def build_board_paper(
    con: duckdb.DuckDBPyConnection,
    variant: PaperVariant,
    force_id: str,
    reporting_month: date,
    *,
    commentary_dir: Path | None = None,
    peer_forces: tuple[str, ...] = (),
    paper_date: date | None = None,
    force_name: str | None = None,
    small_count_threshold: int = 5,
    edition: Edition = BOARD,
    provenance: Provenance = NO_RUN,
    shared: MonthWork | None = None,
) -> Paper:
    """The paper's parts, in the variant's order. Commentary comes from
    `<commentary_dir>/<force_id>/<YYYY-MM>.md|.yaml`; `paper_date` (else today) dates the memo.
    `shared` carries what the month's other editions have loaded and drawn (for the same
    warehouse, force and month). Raises `ReportingMonthMissing` when the marts hold no row for
    the reporting month."""
    commentary = (
        load_commentary(commentary_dir, force_id, reporting_month, commentary_sections(variant))
        if commentary_dir is not None
        else Commentary()
    )
    context = PaperContext(
        con,
        force_id,
        reporting_month,
        commentary.unrestricted() if edition.published else commentary,
        peer_forces,
        paper_date,
        force_name,
        small_count_threshold,
        published=edition.published,
        provenance=provenance,
        shared=shared or MonthWork(),
        restricted_paragraphs_left_out=(
            sum(len(commentary.for_section(n)) for n in commentary.restricted)
            if edition.published
            else 0
        ),
    )
    return build_paper(variant, context)


@dataclass(frozen=True)
class Rendered:
    """An edition of a month's paper with its HTML written: what printing needs."""

    force_id: str
    month: date
    edition: Edition
    paper: Paper
    page: str  # the HTML as written


def render_html_editions(
    con: duckdb.DuckDBPyConnection,
    variant: PaperVariant,
    force_id: str,
    reporting_month: date,
    reports_dir: Path,
    *,
    commentary_dir: Path | None = None,
    peer_forces: tuple[str, ...] = (),
    paper_date: date | None = None,
    force_name: str | None = None,
    small_count_threshold: int = 5,
    marking: str = DEFAULT_MARKING,
    provenance: Provenance = NO_RUN,
) -> list[Rendered]:
    """Build both editions, reading the marts through `con` (read-only), and write their HTML to
    `reports_dir/<force_id>/<YYYY-MM>/<edition>.html`, the board's first, with the department's
    commentary template for the month beside them. The editions share the month's figures and
    charts, loaded and drawn once."""
    shared = MonthWork()
    rendered = []
    for edition in EDITIONS:
        paper = build_board_paper(
            con,
            variant,
            force_id,
            reporting_month,
            commentary_dir=commentary_dir,
            peer_forces=peer_forces,
            paper_date=paper_date,
            force_name=force_name,
            small_count_threshold=small_count_threshold,
            edition=edition,
            provenance=provenance,
            shared=shared,
        )
        page = render_html(paper, marking)
        path = paper_path(reports_dir, force_id, reporting_month, "html", edition)
        write_atomically(path, page, public=edition.published)
        rendered.append(Rendered(force_id, reporting_month, edition, paper, page))
    # the department's template for the month, with the board edition's figures (exact counts)
    template = paper_path(reports_dir, force_id, reporting_month, "md").with_stem(TEMPLATE_STEM)
    write_atomically(template, commentary_template(rendered[0].paper, commentary_sections(variant)))
    return rendered
