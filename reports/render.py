"""Write the board paper: build the context, render the template, replace the file atomically."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reports.context import DEFAULT_COMMENTARY_DIR, PaperContext, build_context

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


def render_html(paper: PaperContext) -> str:
    return _environment().get_template(TEMPLATE).render(paper=paper)


def _paper_date() -> date | None:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the header date when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch else None


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


def render_board_paper(
    con: duckdb.DuckDBPyConnection,
    force_id: str,
    reporting_month: date,
    out_dir: Path,
    force_name: str | None = None,
) -> Path:
    """Render section 1-2 of the board paper to `out_dir/<YYYY-MM>/board_paper.html`.

    Reads the marts through `con` (read-only). Commentary comes from
    `reports/commentary/<force_id>/<YYYY-MM>.md|.yaml`, or `$PCP_COMMENTARY_DIR` when set.
    Raises `ReportingMonthMissing` when the marts hold no row for the reporting month.
    """
    commentary_dir = Path(os.environ.get("PCP_COMMENTARY_DIR") or DEFAULT_COMMENTARY_DIR)
    paper = build_context(
        con,
        force_id,
        reporting_month,
        force_name=force_name,
        commentary_dir=commentary_dir,
        paper_date=_paper_date(),
        # the national comparison's peer group (PFA names, comma-separated)
        peer_forces=tuple(
            name.strip()
            for name in (os.environ.get("PCP_PEER_FORCES") or "").split(",")
            if name.strip()
        ),
    )
    path = Path(out_dir) / f"{reporting_month:%Y-%m}" / "board_paper.html"
    write_atomically(path, render_html(paper))
    return path
