"""The Data Docs folder over http on this machine, where the links in the Dagster UI point
(`PCP_DATA_DOCS_URL`), and the papers under `papers/`: browsers will not open a `file://` link
from a web page."""

import functools
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

from orchestration.runner import say
from pcp_assets.paper_links import PAPERS
from pcp_assets.settings import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Each response names the folder served, so a second `pcp ui` or `pcp docs` can tell its own
# project's Data Docs (served already: reused) from anything else holding the port.
FOLDER_HEADER = "X-PCP-Data-Docs"


class QuietHandler(SimpleHTTPRequestHandler):
    """The Data Docs folder, and the papers under `papers/` (pcp_assets/paper_links.py); no line
    per request on the console the Dagster UI shares."""

    def __init__(self, *args: Any, papers: Path, **kwargs: Any) -> None:
        self.papers = papers
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        prefix = f"/{PAPERS}/"
        if not path.startswith(prefix):
            return super().translate_path(path)
        data_docs, self.directory = self.directory, str(self.papers)
        try:  # the standard mapping of a path into a folder, into the papers' folder
            return super().translate_path(path.removeprefix(prefix[:-1]))
        finally:
            self.directory = data_docs

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header(FOLDER_HEADER, str(Path(self.directory).resolve()))
        super().end_headers()


def folder_served_at(url: str) -> str | None:
    """The Data Docs folder a server of this project answers with at `url`; None when nothing
    answers there or it is not such a server."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=5) as r:
            return r.headers.get(FOLDER_HEADER)
    except (URLError, OSError):
        return None


def serve_data_docs(settings: Settings) -> ThreadingHTTPServer | None:
    """Serve the Data Docs folder at the root of `settings.data_docs_url` from a daemon thread, when
    that address is this machine's; None when it is not (another server serves it) or its port
    is taken (by another `pcp ui` or `pcp docs` serving them already, which is then said)."""
    url = urlsplit(settings.data_docs_url)
    if url.hostname not in LOOPBACK:
        return None
    settings.data_docs_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(
        QuietHandler, directory=str(settings.data_docs_dir), papers=settings.reports_dir
    )
    try:
        server = ThreadingHTTPServer((url.hostname, url.port or 80), handler)
    except OSError as error:
        say(_port_taken(settings, error))
        return None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"Data Docs of the last {settings.data_docs_keep} runs on {settings.data_docs_url}")
    return server


def _port_taken(settings: Settings, error: OSError) -> str:
    url = settings.data_docs_url
    folder = folder_served_at(url)
    if folder == str(settings.data_docs_dir.resolve()):
        return f"Data Docs on {url} (served by another pcp ui or pcp docs of this project)"
    if folder is not None:
        return (
            f"Data Docs not served: {url} serves those of {folder}; "
            "set PCP_DATA_DOCS_URL to another port"
        )
    return (
        f"Data Docs not served ({error.strerror}: something else listens on {url}); "
        "set PCP_DATA_DOCS_URL to another port"
    )
