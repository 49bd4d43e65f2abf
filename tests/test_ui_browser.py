"""The Dagster UI in a real browser: `pcp ui` on loopback, headless Chromium (Debian's, installed by
scripts/install-chromium, which `make test` runs first) driven by Playwright. It opens the default
job's asset graph, launches one month, waits for the run, and finds every check passed, no
"Are you sure?" and no "Upstream data missing"; screenshots are kept in tests/artifacts/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import dagster as dg
import pytest
from playwright.sync_api import expect, sync_playwright

from orchestration.runner import dagster_instance
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts
from tests.browser import ARTIFACTS, open_browser, open_page, running_ui
from tests.conftest import HISTORY_MONTHS, REPORTING_MONTH

pytestmark = pytest.mark.minutes(8)

PARTITION = f"{REPORTING_MONTH}-01"
JOB = ForceExtracts.job_name


@pytest.fixture
def ui(pipeline_copy: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """`pcp ui` on a private copy of the completed pipeline (25 generated months built)."""
    with running_ui(monkeypatch) as address:
        yield address


def wait_for_run(instance: dg.DagsterInstance, timeout: float) -> dg.DagsterRun:
    """The run the UI launched for the month (`pcp run` tags a range), once it has finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"dagster/partition": PARTITION}))
        if runs and runs[0].is_finished:
            return runs[0]
        time.sleep(2)
    pytest.fail(f"the run launched from the UI did not finish within {timeout:.0f} s")


def checks_of(instance: dg.DagsterInstance, run_id: str) -> dict[str, bool]:
    """Every check the run evaluated, by asset and name: passed or not."""
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    evaluations = [record.event_log_entry.dagster_event.event_specific_data for record in records]
    return {f"{e.asset_key.to_user_string()}:{e.check_name}": e.passed for e in evaluations}


# Longer than the suite's 900 s when it is the first test to need the completed pipeline (set up
# inside it): then it builds 25 months, starts the UI and runs a month.
@pytest.mark.timeout(1800)
def test_a_month_launched_from_the_ui_runs_clean(ui: str, pipeline_copy: Settings) -> None:
    with sync_playwright() as playwright:
        browser = open_browser(playwright, pipeline_copy)
        page = open_page(browser, f"{ui}/locations/pcp/jobs/{JOB}")

        # the job's asset graph, every month built: its months are the history's (none before
        # the first landed month), none is missing, and there is nothing to confirm
        page.get_by_role("button", name="Materialize all").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text("Launch runs to materialize")
        dialog.get_by_text("Show all partitions").click()
        dialog.get_by_role("button", name="All", exact=True).click()
        expect(dialog).to_contain_text(f"{HISTORY_MONTHS} partitions")
        dialog.get_by_role("button", name="Missing", exact=True).click()
        expect(dialog).to_contain_text("0 partitions")
        dialog.get_by_role("button", name="Latest", exact=True).click()
        expect(dialog).to_contain_text("1 partition")
        page.screenshot(path=ARTIFACTS / "ui_launch_month.png")
        said = dialog.inner_text()
        assert "Upstream data missing" not in said and "Are you sure" not in said
        dialog.get_by_role("button", name="Launch 1 run").click()

        with dagster_instance(pipeline_copy) as instance:
            run = wait_for_run(instance, timeout=900)
            checks = checks_of(instance, run.run_id)
            # the completed pipeline's own run, from the command line: the oldest of the month
            # (other tests may have run the month again in the shared pipeline since)
            built = instance.get_runs(
                filters=dg.RunsFilter(
                    tags={"dagster/asset_partition_range_end": PARTITION},
                    statuses=[dg.DagsterRunStatus.SUCCESS],
                )
            )[-1]
            checks_of_cli_run = checks_of(instance, built.run_id)
        page.goto(f"{ui}/runs/{run.run_id}", wait_until="networkidle")
        expect(page.get_by_text("Success").first).to_be_visible(timeout=60_000)
        page.screenshot(path=ARTIFACTS / "ui_run_of_month.png")

        # the month's paper is a link on the paper's page that the browser opens (over http,
        # beside the Data Docs: a web page's file:// link would not open)
        settings = Settings.from_env()
        url = (
            f"{settings.data_docs_url}papers/{settings.force_id}/{REPORTING_MONTH}/board_paper.html"
        )
        page.goto(f"{ui}/assets/reports/board_paper", wait_until="networkidle")
        link = page.locator(f'a[href="{url}"]').first
        expect(link).to_be_visible(timeout=60_000)
        page.screenshot(path=ARTIFACTS / "ui_paper_link.png")
        paper = browser.new_page()
        opened = paper.goto(url)
        assert opened is not None and opened.ok
        expect(paper).to_have_title(re.compile(r"October 2026$"))
        browser.close()

    assert run.status == dg.DagsterRunStatus.SUCCESS
    assert run.job_name == JOB
    # the same checks as the command line's run (contracts, dbt tests, suites, rows conserved)
    assert checks.keys() == checks_of_cli_run.keys()
    assert [name for name, passed in checks.items() if not passed] == []
    paper = pipeline_copy.reports_dir / pipeline_copy.force_id / REPORTING_MONTH
    assert (paper / "board_paper.html").exists()
