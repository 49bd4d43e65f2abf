"""Where a paper is linked from the Dagster UI: over http, beside the Data Docs
(`PCP_DATA_DOCS_URL`), because a browser will not follow a `file://` link from a web page. The
server `pcp ui` and `pcp docs` start (orchestration/data_docs_server.py) serves the reports folder
under `papers/`."""

from __future__ import annotations

from pathlib import Path

from pcp_assets.settings import Settings

PAPERS = "papers"


def paper_url(settings: Settings, paper: Path) -> str:
    """The address of `paper`, a file under the reports folder."""
    return f"{settings.data_docs_url}{PAPERS}/{paper.relative_to(settings.reports_dir).as_posix()}"
