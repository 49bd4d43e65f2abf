"""The Data Docs folder over http on this machine, where the links in the Dagster UI point
(`PCP_DATA_DOCS_URL`): browsers will not open a `file://` link from a web page."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from orchestration.runner import say
from pcp_assets.settings import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class QuietHandler(SimpleHTTPRequestHandler):
    """No line per request on the console the Dagster UI shares."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_data_docs(settings: Settings) -> ThreadingHTTPServer | None:
    """Serve the Data Docs folder at the root of `settings.data_docs_url` from a daemon thread, when
    that address is this machine's; None when it is not (another server serves it) or its port
    is taken (another `pcp ui` serves it already)."""
    url = urlsplit(settings.data_docs_url)
    if url.hostname not in LOOPBACK:
        return None
    settings.data_docs_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(settings.data_docs_dir))
    try:
        server = ThreadingHTTPServer((url.hostname, url.port or 80), handler)
    except OSError as error:
        say(f"Data Docs not served from here ({error.strerror}): {settings.data_docs_url}")
        return None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"Data Docs of the last {settings.data_docs_keep} runs on {settings.data_docs_url}")
    return server
