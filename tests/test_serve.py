"""`pcp ui` and `pcp docs` as long-running commands: `pcp ui` stops on SIGTERM and Ctrl-C with no
process left behind and no traceback; the Data Docs server of one is reused by the other."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from orchestration.data_docs_server import serve_data_docs
from pcp_assets.paper_links import paper_url
from pcp_assets.settings import PROJECT_ROOT, Settings
from tests.processes import Lines, children_of, free_port, living_in_sessions, session_of

pytestmark = pytest.mark.minutes(1.6)

PCP = Path(sys.executable).with_name("pcp")


def wait_until_answers(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(1)


def wait_until_gone(sessions: set[int], timeout: float) -> set[int]:
    """The processes of `sessions` still running after `timeout` seconds (none, once all ended)."""
    deadline = time.monotonic() + timeout
    while (left := living_in_sessions(sessions)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


@pytest.mark.timeout(900)
@pytest.mark.parametrize("stop", ["SIGTERM", "Ctrl-C"], ids=["sigterm", "ctrl_c"])
def test_pcp_ui_stops_with_every_process_it_started(pipeline_settings: Settings, stop: str) -> None:
    port = free_port()
    environment = {**os.environ, "PCP_DATA_DOCS_URL": f"http://127.0.0.1:{free_port()}"}
    process = subprocess.Popen(
        [str(PCP), "ui", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a session of its own, as a terminal gives it
    )
    sessions = {process.pid}
    try:
        lines = Lines(process)
        lines.wait_for(lambda line: "Serving dagster-webserver" in line, timeout=600)
        wait_until_answers(f"http://127.0.0.1:{port}/server_info", timeout=60)
        sessions |= {session_of(child) for child in children_of(process.pid)}
        running = living_in_sessions(sessions)
        # pcp, dagster dev, its webserver, daemon and code server (at least)
        assert len(running) >= 5, running
        if stop == "SIGTERM":
            process.send_signal(signal.SIGTERM)  # `kill <pid>`, a service manager
        else:
            os.killpg(process.pid, signal.SIGINT)  # the terminal signals its foreground group
        said = lines.rest(timeout=300)
        status = process.wait(timeout=30)
        left = wait_until_gone(sessions, timeout=10)
    finally:
        for session in sessions:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(session, signal.SIGKILL)
    assert left == set()
    assert status == 0
    assert [line for line in said if "Traceback" in line] == []
    assert "pcp: stopping (Ctrl-C again kills it at once)" in said


def test_a_second_command_reuses_the_data_docs_server_of_the_first(
    pipeline_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    settings = replace(pipeline_settings, data_docs_url=url)
    first = serve_data_docs(settings)
    assert first is not None
    try:
        capsys.readouterr()
        assert serve_data_docs(settings) is None
        assert capsys.readouterr().out.strip() == (
            f"pcp: Data Docs on {url} (served by another pcp ui or pcp docs of this project)"
        )
        # another project's Data Docs on that port are not taken for this one's
        other = replace(settings, data_docs_dir=settings.data_docs_dir.parent / "other_docs")
        assert serve_data_docs(other) is None
        assert capsys.readouterr().out.strip() == (
            f"pcp: Data Docs not served: {url} serves those of "
            f"{settings.data_docs_dir.resolve()}; set PCP_DATA_DOCS_URL to another port"
        )
    finally:
        first.shutdown()
        first.server_close()


def test_the_papers_are_served_beside_the_data_docs(
    pipeline_settings: Settings, tmp_path: Path
) -> None:
    settings = replace(
        pipeline_settings,
        data_docs_url=f"http://127.0.0.1:{free_port()}/",
        reports_dir=tmp_path / "reports",
    )
    paper = settings.reports_dir / "midshire" / "2026-10" / "board_paper.html"
    paper.parent.mkdir(parents=True)
    paper.write_text("<p>October</p>")
    (tmp_path / "outside.txt").write_text("not a paper")
    server = serve_data_docs(settings)
    assert server is not None
    try:
        url = paper_url(settings, paper)
        assert url == f"{settings.data_docs_url}papers/midshire/2026-10/board_paper.html"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read() == b"<p>October</p>"
        # nothing outside the reports folder is reached through it
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(f"{settings.data_docs_url}papers/../outside.txt", timeout=10)
    finally:
        server.shutdown()
        server.server_close()


def test_a_port_held_by_something_else_is_named(
    pipeline_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        url = f"http://127.0.0.1:{holder.getsockname()[1]}/"
        assert serve_data_docs(replace(pipeline_settings, data_docs_url=url)) is None
    assert capsys.readouterr().out.strip() == (
        f"pcp: Data Docs not served (Address already in use: something else listens on {url}); "
        "set PCP_DATA_DOCS_URL to another port"
    )
