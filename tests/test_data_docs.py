"""Great Expectations Data Docs of real runs: pages that load nothing from the web, one index across
runs, the newest PCP_DATA_DOCS_KEEP runs kept, served over http; and the published data dictionary,
checked against the marts' yml read here independently."""

from __future__ import annotations

import re
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

import dagster as dg
import duckdb
import lxml.html
import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from orchestration.cli import main
from orchestration.data_docs_server import serve_data_docs
from orchestration.runner import dagster_instance
from pcp_assets.data_docs_views import OfflinePageView
from pcp_assets.settings import DBT_PROJECT_DIR, Settings
from tests.conftest import REPORTING_MONTH
from tests.processes import free_port

pytestmark = pytest.mark.minutes(15)

WEB = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
LOADED_LINKS = {"stylesheet", "icon", "shortcut", "preload", "manifest"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)", re.IGNORECASE)


def pages(docs_dir: Path) -> list[Path]:
    return sorted(p for p in docs_dir.rglob("*.html") if "assets" not in p.parts)


def loaded_files(page: Path) -> list[str]:
    """Every address the page loads by itself: scripts, stylesheets, icons, fonts, images, frames
    and the url()s of its styles (links a reader follows are not loaded)."""
    tree = lxml.html.parse(str(page))
    found = tree.xpath("//script/@src | //img/@src | //source/@src | //iframe/@src")
    found += [
        link.get("href")
        for link in tree.xpath("//link[@href]")
        if LOADED_LINKS & set(link.get("rel", "").split())
    ]
    styles = tree.xpath("//style/text() | //@style")
    found += [url for style in styles for url in CSS_URL.findall(style)]
    return [url for url in found if not url.startswith("data:")]


def test_every_data_docs_page_loads_only_files_beside_it(completed_run: Settings) -> None:
    docs = completed_run.data_docs_dir
    all_pages = pages(docs)
    assert len(all_pages) > 30  # the index, and per checked mart its site, suite and validation
    for page in all_pages:
        addresses = loaded_files(page)
        assert [a for a in addresses if WEB.match(a)] == [], page
        for address in addresses:
            assert (page.parent / address.split("?")[0]).resolve().is_file(), (page, address)
        # Vega (left out of the assets) would only be needed by a chart.
        assert "vegaEmbed" not in page.read_text(encoding="utf-8"), page
    sites = [p.parent for p in docs.glob("*/*/index.html")]
    assert sites and not [site for site in sites if (site / "static").exists()]


def check_results(settings: Settings, run_id: str) -> dict[str, str]:
    """Each mart's Great Expectations check in the run, from Dagster's event log."""
    results = {}
    with dagster_instance(settings) as instance:
        for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
            evaluation = record.dagster_event.event_specific_data
            if evaluation.check_name != "great_expectations":
                continue
            mart = evaluation.asset_key.path[-1]
            not_run = "not_run" in evaluation.metadata
            results[mart] = "not run" if not_run else ("passed" if evaluation.passed else "failed")
    return results


def checked_runs(settings: Settings) -> list[dg.DagsterRun]:
    """The runs that checked marts (other tests of the session run the pipeline too), newest
    first."""
    with dagster_instance(settings) as instance:
        runs = list(instance.get_runs())
    return [run for run in runs if check_results(settings, run.run_id)]


def index_rows(docs_dir: Path) -> list[dict]:
    tree = lxml.html.parse(str(docs_dir / "index.html"))
    rows = []
    for row in tree.xpath("//tr[@class='run']"):
        marts = {
            element.get("data-mart"): (element.get("class"), element.get("href"))
            for element in row.xpath(".//*[@data-mart]")
        }
        months = row.xpath(".//td[@class='months']")[0].text_content().strip()
        rows.append(
            {"run_id": row.get("id").removeprefix("run-"), "months": months, "marts": marts}
        )
    return rows


def months_of(run: dg.DagsterRun) -> str:
    first = run.tags["dagster/asset_partition_range_start"][:7]
    last = run.tags["dagster/asset_partition_range_end"][:7]
    return first if first == last else f"{first} to {last}"


def assert_index_matches(settings: Settings, row: dict, run: dg.DagsterRun) -> None:
    assert row["run_id"] == run.run_id
    assert row["months"] == months_of(run)
    results = check_results(settings, run.run_id)
    assert {mart: status for mart, (status, _) in row["marts"].items()} == {
        mart: status.replace(" ", "-") for mart, status in results.items()
    }
    for status, href in row["marts"].values():
        if status != "not-run":
            assert (settings.data_docs_dir / href).is_file(), href


def test_the_index_lists_the_runs_and_each_marts_result(completed_run: Settings) -> None:
    runs = checked_runs(completed_run)
    rows = index_rows(completed_run.data_docs_dir)
    assert [row["run_id"] for row in rows] == [run.run_id for run in runs][: len(rows)]
    assert 1 <= len(rows) <= completed_run.data_docs_keep
    for row, run in zip(rows, runs, strict=False):
        assert_index_matches(completed_run, row, run)
    # the fixture's run: the history's months, every mart passed or had nothing to check
    fixture_row = rows[-1] if len(runs) == len(rows) else None
    if fixture_row is not None:
        assert fixture_row["months"] == f"2024-10 to {REPORTING_MONTH}"
        assert {status for status, _ in fixture_row["marts"].values()} <= {"passed", "not-run"}


def fetched(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read()


def test_the_links_in_dagster_open_over_http(completed_run: Settings) -> None:
    run = checked_runs(completed_run)[0]
    with dagster_instance(completed_run) as instance:
        links = [
            record.dagster_event.event_specific_data.metadata["data_docs"].value
            for record in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
            if "data_docs" in record.dagster_event.event_specific_data.metadata
        ]
    assert links and all(link.startswith(completed_run.data_docs_url) for link in links)
    base = f"http://127.0.0.1:{free_port()}/"
    server = serve_data_docs(replace(completed_run, data_docs_url=base))
    assert server is not None
    try:
        docs = completed_run.data_docs_dir
        for link in links:
            path = link.removeprefix(completed_run.data_docs_url)
            assert fetched(base + path) == (docs / path).read_bytes()
        assert fetched(base) == (docs / "index.html").read_bytes()
        assert (
            fetched(base + "assets/jquery.min.js") == (docs / "assets/jquery.min.js").read_bytes()
        )
    finally:
        server.shutdown()
        server.server_close()


def test_runs_are_indexed_newest_first_and_only_the_last_kept(
    pipeline_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCP_DATA_DOCS_KEEP", "2")
    docs = pipeline_copy.data_docs_dir
    first = checked_runs(pipeline_copy)[0]
    assert main(["run", "--month", REPORTING_MONTH]) == 0
    second = checked_runs(pipeline_copy)[0]
    rows = index_rows(docs)
    assert [row["run_id"] for row in rows[:2]] == [second.run_id, first.run_id]
    assert_index_matches(pipeline_copy, rows[0], second)
    assert rows[0]["months"] == REPORTING_MONTH  # only the reporting month was rebuilt
    assert_index_matches(pipeline_copy, rows[1], first)

    assert main(["run", "--month", REPORTING_MONTH]) == 0
    third = checked_runs(pipeline_copy)[0]
    assert [row["run_id"] for row in index_rows(docs)] == [third.run_id, second.run_id]
    assert sorted(p.name for p in docs.iterdir() if p.is_dir()) == sorted(
        ["assets", second.run_id, third.run_id]
    )


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def marts_yml() -> dict[str, dict]:
    models = {}
    for path in sorted((DBT_PROJECT_DIR / "models" / "marts").glob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            models[model["name"]] = model
    return models


def yml_key(model: dict) -> list[str]:
    (test,) = [t for t in model["data_tests"] if "unique_combination_of_columns" in t]
    arguments = test["unique_combination_of_columns"]
    return arguments.get("arguments", arguments)["combination_of_columns"]


def test_the_data_dictionary_says_what_the_marts_yml_says(completed_run: Settings) -> None:
    release = completed_run.published_dir / "current"
    tree = lxml.html.parse(str(release / "data_dictionary.html"))
    models = marts_yml()
    sections = {s.get("id"): s for s in tree.xpath("//section[@class='mart']")}
    assert set(sections) == set(models)
    with duckdb.connect(str(release / "pcp.duckdb"), read_only=True) as con:
        published = {
            (table, column): kind.lower()
            for table, column, kind in con.execute(
                "SELECT table_name, column_name, data_type FROM duckdb_columns() "
                "WHERE schema_name = 'marts'"
            ).fetchall()
        }
    for name, model in models.items():
        section = sections[name]
        description = section.xpath(".//p[@class='description']")[0].text_content()
        assert words(description) == words(model["description"]), name
        rows = {
            row.get("data-column"): [words(cell.text_content()) for cell in row.xpath("td")]
            for row in section.xpath(".//tr[@class='column']")
        }
        small = set(model.get("config", {}).get("meta", {}).get("small_counts", []))
        expected_columns = [c["name"] for c in model["columns"]]
        if small:
            expected_columns.append("small_counts_suppressed")
        assert list(rows) == expected_columns, name
        assert sorted(rows) == sorted(column for table, column in published if table == name)
        for column in model["columns"]:
            _, kind, flags, text = rows[column["name"]]
            assert kind == column["data_type"] == published[(name, column["name"])], column
            assert text == words(column["description"]), column
            assert ("key" in flags) == (column["name"] in yml_key(model)), column
            assert ("small count" in flags) == (column["name"] in small), column


def test_data_docs_templates_are_compiled_once_per_process_and_again_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GE builds a new Jinja environment for each page view; the views' templates are compiled
    once (pcp_assets/data_docs_views.py), and again only when their source changed."""
    page = OfflinePageView._template  # ours, including GE's own behind it
    OfflinePageView().env.get_template(page)

    def compiled_again(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", compiled_again)
    OfflinePageView().env.get_template(page)

    (tmp_path / page).write_text("{{ 6 * 7 }} checks")
    view = OfflinePageView()
    view.env.loader = FileSystemLoader(tmp_path)
    with pytest.raises(AssertionError, match="compiled again"):
        view.env.get_template(page)  # same name, another source
