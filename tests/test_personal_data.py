"""Personal data stays out: after a real run on generated data, no name, date of birth or raw
nominal ID is in any warehouse table beyond `raw`, the published release, the Data Docs or the
paper, and no pseudonym is in the paper (docs/personal-data.md).

What to look for is read from the generated CSVs themselves, by the extracts' declared columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_contracts.registry import extracts
from pcp_assets.settings import Settings

pytestmark = pytest.mark.minutes(3)

PSEUDONYM = re.compile(r"\bP[0-9a-f]{20}\b")
BIRTHDAYS_BY_CHANCE = 10


@dataclass(frozen=True)
class Delivered:
    ids: frozenset[str]
    names: frozenset[str]  # "forename surname", as one would write it
    births: frozenset[str]  # YYYY-MM-DD


@pytest.fixture(scope="module")
def delivered(completed_run: Settings) -> Delivered:
    ids: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    births: set[str] = set()
    for spec in extracts().values():
        if not (spec.pseudonymised or spec.personal):
            continue
        for path in sorted((completed_run.landing_dir / spec.name).glob("*.csv")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            for column in spec.pseudonymised:
                ids.update(v for v in frame[column] if v)
            if {"forename", "surname"} <= set(spec.personal):
                pairs.update(zip(frame["forename"], frame["surname"], strict=True))
            if "date_of_birth" in spec.personal:
                births.update(v for v in frame["date_of_birth"] if v)
    assert ids and pairs and births, "no extract delivers personal data: nothing to scan"
    names = frozenset(f"{f} {s}" for f, s in pairs)
    return Delivered(frozenset(ids), names, frozenset(births))


def _leaks_in_text(text: str, found: Delivered) -> list[str]:
    tokens = set(re.findall(r"[A-Za-z0-9/_\-]+", text))
    pairs = {f"{a} {b}" for a, b in re.findall(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b", text)}
    return sorted((tokens & (found.ids | found.births)) | (pairs & found.names))


def _leaks_in_database(con: duckdb.DuckDBPyConnection, found: Delivered) -> list[str]:
    """Every value of every table and view outside `raw`, as text, against the delivered ids,
    names and dates of birth; and no column named like personal data."""
    personal = {c for spec in extracts().values() for c in spec.personal}
    leaks = []
    tables = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema NOT IN ('raw', 'information_schema', 'pg_catalog', 'main')"
    ).fetchall()
    assert tables
    for schema, table in tables:
        columns = [
            name
            for (name,) in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ?",
                [schema, table],
            ).fetchall()
        ]
        leaks += [f"{schema}.{table}.{c}" for c in columns if c in personal]
        for column in columns:
            values = {
                v
                for (v,) in con.execute(
                    f'SELECT DISTINCT CAST("{column}" AS VARCHAR) FROM {schema}."{table}"'
                ).fetchall()
                if v is not None
            }
            bad = (values & found.ids) | (values & found.names)
            # a date can fall on someone's birthday by chance; a column of birthdays holds many
            births = values & found.births
            if len(births) >= BIRTHDAYS_BY_CHANCE:
                bad |= births
            leaks += [f"{schema}.{table}.{column}: {v}" for v in sorted(bad)[:3]]
    return leaks


def test_the_warehouse_beyond_raw_holds_no_personal_data(
    completed_run: Settings, delivered: Delivered
) -> None:
    with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
        assert _leaks_in_database(con, delivered) == []
        # and raw holds pseudonyms, not the delivered IDs
        for spec in extracts().values():
            for column in spec.pseudonymised:
                query = f"SELECT DISTINCT {column} FROM raw.{spec.name}"
                raw = {v for (v,) in con.execute(query).fetchall()}
                assert raw and not raw & delivered.ids, spec.name
                assert all(v is None or PSEUDONYM.fullmatch(v) for v in raw), spec.name


def test_the_published_release_holds_no_personal_data(
    completed_run: Settings, delivered: Delivered
) -> None:
    current = completed_run.published_dir / "current"
    with duckdb.connect(str(current / "pcp.duckdb"), read_only=True) as con:
        assert _leaks_in_database(con, delivered) == []
    for parquet in sorted((current / "marts").glob("*.parquet")):
        with duckdb.connect() as con:
            con.execute(f"CREATE VIEW marts_copy AS SELECT * FROM '{parquet}'")
            text = con.execute(
                "SELECT string_agg(CAST(COLUMNS(*) AS VARCHAR), '|') FROM marts_copy"
            )
            assert _leaks_in_text(str(text.fetchall()), delivered) == [], parquet.name


def _text_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".md"}]


def test_data_docs_and_the_paper_hold_no_personal_data_nor_pseudonyms(
    completed_run: Settings, delivered: Delivered
) -> None:
    docs = _text_files(completed_run.data_docs_dir)
    papers = _text_files(completed_run.reports_dir)
    assert docs and papers
    for path in docs + papers:
        assert _leaks_in_text(path.read_text(encoding="utf-8"), delivered) == [], path
    for path in papers:
        assert not PSEUDONYM.search(path.read_text(encoding="utf-8")), path
