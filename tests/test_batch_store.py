"""Months stored together (`store_deliveries`, one transaction a batch) are stored as each would
be alone: a re-delivery's withdrawn keys, its correction, a refused month keeping its rows and an
unchanged month are each of their own month, and the raw tables hold what loading the same files
one at a time holds."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.checking import check_delivery
from pcp_assets.loading import LoadReport, RefusedDelivery, load_delivery, store_deliveries
from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.sources.force_extracts.synthetic import generate

FORCE = "midshire"
MONTHS = ("2026-08", "2026-09", "2026-10")
# what a load stamps (when it ran) is left out of the comparison
STAMPS = {"_loaded_at", "rejected_at", "withdrawn_at", "loaded_at"}


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch") / "landing"
    generate(root, end_month=MONTHS[-1], months=len(MONTHS))
    return root


def first_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def table(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple]:
    described = con.execute(f"SELECT * FROM {name} LIMIT 0").description
    listed = ", ".join(f'"{column}"' for column, *_ in described if column not in STAMPS)
    return con.execute(f"SELECT {listed} FROM {name} ORDER BY ALL").fetchall()


def test_months_stored_together_are_stored_as_each_alone(landing: Path, tmp_path: Path) -> None:
    delivered = tmp_path / "redelivered"
    shutil.copytree(landing / "crimes", delivered)
    august, september = (read(delivered / f"{m}.csv") for m in MONTHS[:2])
    kept = august.drop(august.index[::10])  # a tenth of August's crimes withdrawn
    kept.to_csv(delivered / "2026-08.csv", index=False)
    recorded = pd.to_datetime(september["recorded_at"], format="%Y-%m-%d %H:%M:%S")
    september.assign(recorded_at=recorded.dt.strftime("%d/%m/%Y %H:%M:%S")).to_csv(
        delivered / "2026-09.csv", index=False
    )

    warehouses = {}
    for way in ("one at a time", "together"):
        con = warehouses[way] = duckdb.connect(str(tmp_path / f"{way}.duckdb"))
        create_raw_tables(con)
        for month in MONTHS:
            load_delivery(
                con, "crimes", first_day(month), landing / "crimes" / f"{month}.csv", FORCE
            )
    checked = [
        check_delivery("crimes", first_day(m), delivered / f"{m}.csv", FORCE) for m in MONTHS
    ]

    stored = store_deliveries(warehouses["together"], checked, 0.01)
    for month in MONTHS:
        path = delivered / f"{month}.csv"
        if month == "2026-09":
            with pytest.raises(RefusedDelivery):
                load_delivery(warehouses["one at a time"], "crimes", first_day(month), path, FORCE)
        else:
            load_delivery(warehouses["one at a time"], "crimes", first_day(month), path, FORCE)

    assert [type(each) for each in stored] == [LoadReport, RefusedDelivery, LoadReport]
    con = warehouses["together"]
    withdrawn = con.execute(
        "SELECT month, key_value, source_file, withdrawn_by FROM raw.withdrawals ORDER BY ALL"
    ).fetchall()
    assert withdrawn == sorted(
        (
            first_day("2026-08"),
            ref,
            str(landing / "crimes" / "2026-08.csv"),
            str(delivered / "2026-08.csv"),
        )
        for ref in set(august["crime_ref"]) - set(kept["crime_ref"])
    )
    corrected = con.execute("SELECT month, rows_loaded_before, rows_loaded FROM raw.corrections")
    assert corrected.fetchall() == [(first_day("2026-08"), len(august), len(kept))]
    by_month = con.execute(
        "SELECT month, count(*), any_value(_source_file) FROM raw.crimes GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert by_month == [
        (first_day("2026-08"), len(kept), str(delivered / "2026-08.csv")),
        (first_day("2026-09"), len(september), str(landing / "crimes" / "2026-09.csv")),
        (
            first_day("2026-10"),
            len(read(landing / "crimes" / "2026-10.csv")),
            str(delivered / "2026-10.csv"),
        ),
    ]
    for name in ("raw.crimes", "raw.rejects", "raw.withdrawals", "raw.corrections", "raw.loads"):
        assert table(con, name) == table(warehouses["one at a time"], name), name
