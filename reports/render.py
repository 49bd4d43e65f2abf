"""Write the board paper: build its sections, render each format, replace each file atomically.

Two editions, each in three formats, beside each other in the month's folder:
`board_paper.{html,pdf,docx}` for the board (exact counts, all commentary) and
`board_paper_published.{html,pdf,docx}` for circulation outside the force (counts about people
rounded, small ones hidden: pcp_assets/small_counts.py; restricted commentary left out). The
PDF is the HTML printed by WeasyPrint (reports/pdf.py); the Word file is written from the same
parts (reports/word.py). Beside them, the department's commentary template for the month
(`board_paper_commentary.md`, reports/commentary_template.py).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pcp_assets.file_modes import PUBLIC_FILE
from pcp_assets.forked import side_by_side
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
from reports.pdf import pdf_from_html
from reports.provenance import NO_RUN, Provenance
from reports.traces import TraceIndex
from reports.word import docx_from_paper

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


@dataclass(frozen=True)
class Written:
    path: Path
    seconds: float  # the time to render this format (the paper's parts are built once per edition)


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


def _timed(render: Callable[[], str | bytes]) -> tuple[str | bytes, float]:
    started = time.perf_counter()
    content = render()
    return content, time.perf_counter() - started


def render_board_paper(
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
    formats: tuple[str, ...] = FORMATS,
) -> list[Written]:
    """Render both editions, in each of `formats`, to
    `reports_dir/<force_id>/<YYYY-MM>/<edition>.<format>`, reading the marts through `con`
    (read-only); the board edition's HTML comes first. The editions share the month's figures
    and charts, loaded and drawn once."""
    shared = MonthWork()
    papers = [
        (
            edition,
            build_board_paper(
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
            ),
        )
        for edition in EDITIONS
    ]

    def write(edition: Edition, paper: Paper) -> list[Written]:
        page, html_seconds = _timed(lambda: render_html(paper, marking))
        written = []
        for suffix in formats:
            if suffix == "html":
                content, seconds = page, html_seconds
            elif suffix == "pdf":  # printed from the HTML: its time adds the HTML's
                content, seconds = _timed(lambda: pdf_from_html(str(page)))
                seconds += html_seconds
            else:
                content, seconds = _timed(lambda: docx_from_paper(paper, marking))
            path = paper_path(reports_dir, force_id, reporting_month, suffix, edition)
            write_atomically(path, content, public=edition.published)
            written.append(Written(path, seconds))
        return written

    # the department's template for the month, with the board edition's figures (exact counts)
    template = paper_path(reports_dir, force_id, reporting_month, "md").with_stem(TEMPLATE_STEM)
    write_atomically(template, commentary_template(papers[0][1], commentary_sections(variant)))
    jobs = [partial(write, edition, paper) for edition, paper in papers]
    # Printing takes most of the time: the editions are printed side by side when there is more
    # than the HTML to write (a backfill's earlier months are HTML only).
    printing = set(formats) != {"html"}
    done = side_by_side(jobs) if printing else [job() for job in jobs]
    return [w for edition_written in done for w in edition_written]
