"""A month end rehearsed with `pcp ui` running (webserver and daemon, for real) on a copy of the
completed pipeline (October 2026 built): November lands file by file and the delivery sensor
starts one run, which publishes its paper; June's crimes delivered again, corrected, start one
rebuild, and the November paper names the correction with the figure it changed; a broken custody
file starts one run, which fails with one line naming the file and its rule in run_failures.log
and on the run's page in the browser; the file put back starts one run, which succeeds.

Expected values are worked out here: the files' digests, the rule the broken header breaks (a
column the custody contract requires), June's recorded crimes read from the mart before the
correction, less the 50 withdrawn."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.scheduler.instigation import TickStatus
from playwright.sync_api import expect, sync_playwright

from data_contracts.registry import extract, extracts_of
from orchestration.runner import dagster_instance
from pcp_assets.settings import PROJECT_ROOT, Settings
from pcp_assets.sources.force_extracts.synthetic.writer import write_text_atomically
from tests.browser import ARTIFACTS, open_browser, open_page, running_ui
from tests.landing import withdraw
from tests.paper_html import visible_text
from tests.processes import Lines
from tests.sensor_ticks import sensor_ticks
from tests.warehouse_state import warehouse_value

pytestmark = pytest.mark.minutes(13)

PCP = Path(sys.executable).with_name("pcp")
SENSOR = "deliveries_force_extracts"
NEW = "2026-11"
EXTRACTS = extracts_of("force_extracts")
INTERVAL = 3  # seconds between the sensor's looks (a minute by default)
DELAY = 6  # seconds between two files of November landing: the sensor looks in between
JUNE_CRIMES = (
    "SELECT crimes FROM marts.crime_volume WHERE breakdown = 'force' "
    "AND reporting_month = DATE '2026-06-01'"
)


@pytest.fixture
def month_end(pipeline_copy: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """`pcp ui` on the copy, as on 20 December 2026 (every November file due), its sensor looking
    every few seconds; its address."""
    monkeypatch.setenv("PCP_TODAY", "2026-12-20")
    monkeypatch.setenv("PCP_SENSOR_INTERVAL", str(INTERVAL))
    with running_ui(monkeypatch) as address:
        yield address


def sensor_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """The runs the delivery sensor started, oldest first."""
    runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/sensor_name": SENSOR}))
    return list(reversed(runs))


def next_run(
    instance: dg.DagsterInstance, started: int, timeout: float
) -> tuple[dg.DagsterRun, str]:
    """The sensor's run after the `started` it had started, once finished, and what the sensor
    said once it had looked again after it, having started no other."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = sensor_runs(instance)
        if len(runs) > started and runs[started].is_finished:
            after = settled_after(instance, time.time())
            assert len(sensor_runs(instance)) == started + 1, "a second run was started"
            return runs[started], after
        time.sleep(1)
    pytest.fail(f"the sensor started no run that finished within {timeout:.0f} s")


def settled_after(instance: dg.DagsterInstance, moment: float) -> str:
    """What the sensor said at the second of its ticks begun after `moment` (the first may have
    seen a run still ending)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        later = [
            t
            for t in sensor_ticks(instance, SENSOR)
            if t.timestamp > moment and t.status != TickStatus.STARTED
        ]
        if len(later) >= 2:
            return later[0].skip_reason or ""
        time.sleep(1)
    pytest.fail("the sensor did not look again within 120 s")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def loaded_digests(settings: Settings, month: str) -> dict[str, str]:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        rows = con.execute(
            "SELECT extract, sha256 FROM raw.loads WHERE month = ?", [f"{month}-01"]
        ).fetchall()
    return dict(rows)


def paper_text(settings: Settings) -> str:
    page = settings.reports_dir / settings.force_id / NEW / "board_paper.html"
    return re.sub(r" ([;.,)])", r"\1", visible_text(page.read_text(encoding="utf-8")))


# The completed pipeline (built inside it when it is the first test to need it), the UI's start,
# November landing over a minute, and four runs (one of six months).
@pytest.mark.timeout(2400)
def test_a_month_end_rehearsed_with_the_ui_running(
    month_end: str, pipeline_copy: Settings, capsys: pytest.CaptureFixture
) -> None:
    settings = pipeline_copy
    landing = settings.landing_dir
    said: dict[str, str | list[str]] = {}  # what the engineer sees at each step

    with dagster_instance(settings) as instance:
        # 1. November lands file by file; the sensor waits for the whole month, then runs it once
        assert sensor_runs(instance) == []
        generate = subprocess.Popen(
            [str(PCP), "generate", "--next", "--delay", str(DELAY)],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        said["landing"] = Lines(generate).rest(timeout=600)
        assert generate.wait() == 0
        files = {name: landing / name / f"{NEW}.csv" for name in EXTRACTS}
        last_landed = max(path.stat().st_mtime for path in files.values())
        november, said["settled"] = next_run(instance, started=0, timeout=900)
        ticks = sensor_ticks(instance, SENSOR)
        arriving = [t.skip_reason for t in ticks if f"{NEW} is arriving" in (t.skip_reason or "")]
        under_way = [t.skip_reason for t in ticks if november.run_id[:8] in (t.skip_reason or "")]
        said["arriving"] = list(dict.fromkeys(reversed(arriving)))
        said["under way"] = under_way[-1:]
        record = instance.get_run_record_by_id(november.run_id)
        assert record is not None and record.create_timestamp.timestamp() >= last_landed
        assert november.status == dg.DagsterRunStatus.SUCCESS
        assert november.tags["dagster/asset_partition_range_start"] == f"{NEW}-01"
        assert november.tags["dagster/asset_partition_range_end"] == f"{NEW}-01"
        assert loaded_digests(settings, NEW) == {n: digest(p) for n, p in files.items()}
        # while files were landing (in the contracts' order), the sensor said how many it had
        # and which it awaited
        assert arriving, "no tick said November was arriving"
        for reason in arriving:
            found = re.search(r"(\d+) of (\d+) extracts landed, awaiting ([a-z_, ]+);", reason)
            assert found and int(found[2]) == len(EXTRACTS), reason
            assert found[3] == ", ".join(EXTRACTS[int(found[1]) :]), reason
        assert under_way, "no tick said the run was under way"
        assert said["settled"] == "every landed delivery is loaded as it is"
        first_paper = paper_text(settings)
        assert "earlier months were delivered again" not in first_paper
        crimes_before = warehouse_value(settings.duckdb_path, JUNE_CRIMES)

        # 2. June's crimes delivered again without 50 recorded crimes: one rebuild, named in
        # the paper with the figure it changed since the October paper
        withdraw(landing / "crimes" / "2026-06.csv", 50, lambda f: f["status"] == "recorded")
        rebuild, said["rebuilt"] = next_run(instance, started=1, timeout=1200)
        assert rebuild.status == dg.DagsterRunStatus.SUCCESS
        assert rebuild.tags["dagster/asset_partition_range_start"] == "2026-06-01"
        assert rebuild.tags["dagster/asset_partition_range_end"] == f"{NEW}-01"
        assert warehouse_value(settings.duckdb_path, JUNE_CRIMES) == crimes_before - 50
        corrected = re.search(
            r"Since the last paper \(for October 2026, published on [^)]*\), earlier months were "
            r"delivered again, corrected: the recorded crimes file for June 2026 \(landed on "
            rf"[^)]*\), which changed the month's recorded crimes from {crimes_before:,} to "
            rf"{crimes_before - 50:,}\. Every figure in this paper follows the corrected "
            r"deliveries\.",
            paper_text(settings),
        )
        assert corrected, paper_text(settings)[paper_text(settings).find("Data quality") :]
        said["paper"] = corrected.group(0)

        # 3. a custody file without the column `suite` its contract requires: one run, which
        # fails, with one line naming the file and the rule in run_failures.log
        custody = files["custody"]
        good = custody.read_bytes()
        assert "suite" in extract("custody").columns
        header, rest = good.split(b"\n", 1)
        columns = header.decode().split(",")
        assert columns.count("suite") == 1
        columns[columns.index("suite")] = "custody_suite"
        write_text_atomically(",".join(columns) + "\n" + rest.decode(), custody)
        broken, said["failed skip"] = next_run(instance, started=2, timeout=900)
        assert broken.status == dg.DagsterRunStatus.FAILURE
        log = settings.logs_dir / "run_failures.log"
        deadline = time.monotonic() + 120  # the failure sensor writes on its next tick
        while broken.run_id[:8] not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "no failure was written to run_failures.log"
            time.sleep(1)
        named = [
            line
            for line in log.read_text(encoding="utf-8").splitlines()
            if f"custody/{NEW}.csv" in line and "missing column 'suite'" in line
        ]
        assert len(named) == 1, log.read_text(encoding="utf-8")
        written = log.read_text(encoding="utf-8")
        begins = written.rfind("\n", 0, written.index(f"run {broken.run_id[:8]}")) + 1
        said["log"] = written[begins:].splitlines()
        assert broken.run_id[:8] in said["failed skip"]
        assert "run_failures.log" in said["failed skip"]

        # the run's page in the browser says the same
        with sync_playwright() as playwright:
            browser = open_browser(playwright, settings)
            page = open_page(browser, f"{month_end}/runs/{broken.run_id}")
            reason = page.get_by_text(re.compile(r"missing column 'suite'")).first
            expect(reason).to_be_visible(timeout=60_000)
            said["run page"] = reason.inner_text()
            page.screenshot(path=ARTIFACTS / "month_end_failed_run.png")
            browser.close()

        # 4. the file put back as it was: one run, which succeeds
        write_text_atomically(good.decode(), custody)
        mended, said["mended"] = next_run(instance, started=3, timeout=900)
        assert mended.status == dg.DagsterRunStatus.SUCCESS
        assert mended.tags["dagster/asset_partition_range_start"] == f"{NEW}-01"
        assert loaded_digests(settings, NEW) == {n: digest(p) for n, p in files.items()}
        assert said["mended"] == "every landed delivery is loaded as it is"

    with capsys.disabled():
        for step, lines in said.items():
            print(f"\n[{step}]", *([lines] if isinstance(lines, str) else lines), sep="\n  ")
