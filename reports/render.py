"""Write the board paper: build its sections, render the template, replace the file atomically."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reports.commentary_loader import Commentary, load_commentary
from reports.paper import Paper, PaperContext, PaperVariant, build_paper, commentary_sections

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "board_paper.html.j2"


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(paper: Paper) -> str:
    return _environment().get_template(TEMPLATE).render(paper=paper)


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def paper_path(reports_dir: Path, force_id: str, reporting_month: date) -> Path:
    return reports_dir / force_id / f"{reporting_month:%Y-%m}" / "board_paper.html"


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
) -> Paper:
    """The paper's parts, in the variant's order. Commentary comes from
    `<commentary_dir>/<force_id>/<YYYY-MM>.md|.yaml`; `paper_date` (else today) dates the memo.
    Raises `ReportingMonthMissing` when the marts hold no row for the reporting month."""
    commentary = (
        load_commentary(commentary_dir, force_id, reporting_month, commentary_sections(variant))
        if commentary_dir is not None
        else Commentary()
    )
    context = PaperContext(
        con,
        force_id,
        reporting_month,
        commentary,
        peer_forces,
        paper_date,
        force_name,
        small_count_threshold,
    )
    return build_paper(variant, context)


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
) -> Path:
    """Render the paper to `reports_dir/<force_id>/<YYYY-MM>/board_paper.html`, reading the marts
    through `con` (read-only)."""
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
    )
    path = paper_path(reports_dir, force_id, reporting_month)
    write_atomically(path, render_html(paper))
    return path
