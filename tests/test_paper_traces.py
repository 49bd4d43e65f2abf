"""Every figure of the 2026-10 board paper is a link to the mart cell it shows, and shows it
(tests/paper_traces.py): the appendix entry of each link is read back from the warehouse with the
test's own query."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from pcp_assets.settings import Settings
from tests.conftest import REPORTING_MONTH
from tests.paper_html import FORCE, Month
from tests.paper_traces import mismatched_figures, unlinked_numbers


@pytest.fixture(scope="module")
def page(completed_run: Settings) -> str:
    return Month(completed_run.reports_dir / FORCE / REPORTING_MONTH).html()


@pytest.fixture(scope="module")
def con(completed_run: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(completed_run.duckdb_path), read_only=True)
    yield connection
    connection.close()


def test_every_figure_shows_the_mart_cell_it_links_to(
    page: str, con: duckdb.DuckDBPyConnection
) -> None:
    links, wrong = mismatched_figures(page, con, FORCE)
    assert links > 300
    assert not wrong, wrong


def test_no_figure_in_the_sections_is_left_without_its_link(page: str) -> None:
    left = unlinked_numbers(page)
    assert not left, left
