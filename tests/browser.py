"""`pcp ui` started for a browser test, and headless Chromium (Debian's, installed by
scripts/install-chromium, which `make test` runs first) driven by Playwright; screenshots are kept
in tests/artifacts/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pcp_assets.settings import PROJECT_ROOT, Settings
from tests.processes import Lines, free_port

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
# Headless, and nothing that reaches beyond loopback: no QUIC, updates, sync or first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def running_ui(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """`pcp ui` with the environment as it is now (the pipeline's settings), its Data Docs and
    papers on a free port of their own; its address. The webserver and its daemon are a process
    group of their own, ended afterwards."""
    port = free_port()
    monkeypatch.setenv("PCP_DATA_DOCS_URL", f"http://127.0.0.1:{free_port()}/")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("pcp")), "ui", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        Lines(process).wait_for(lambda line: "Serving dagster-webserver" in line, timeout=300)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as `pcp ui` says
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a shell that started the tests in the background
            os.killpg(process.pid, signal.SIGKILL)  # has them ignore Ctrl-C
            process.wait()


def open_browser(playwright: Playwright, settings: Settings) -> BrowserContext:
    """Headless Chromium with a fresh profile beside the pipeline's folders."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-chromium (make test does)")
    ARTIFACTS.mkdir(exist_ok=True)
    return playwright.chromium.launch_persistent_context(
        str(settings.duckdb_path.parent.parent / "chromium-profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1600, "height": 1000},
    )


def open_page(browser: BrowserContext, url: str) -> Page:
    """A new tab at `url`, once the network is quiet, past the welcome form."""
    page = browser.new_page()
    page.set_default_timeout(120_000)
    page.goto(url, wait_until="networkidle")
    skip_welcome(page)
    return page


def skip_welcome(page: Page) -> None:
    """A fresh profile is greeted once with a newsletter form; it is not part of the test."""
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.click(timeout=10_000)
    except PlaywrightTimeout:
        return
