"""A force's months checked together (`check_deliveries`: one query judges every file, the month a
column of its rows) are checked as each alone: a rule of the month judges each file by its own
month, a reference is unique within its file and not across files, a file's broken rows stay its
own, and a file that cannot be loaded at all leaves the others as they are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_contracts.delivery import RULE_FIELD_COUNT
from pcp_assets.checking import CheckedDelivery, DeliveryError, check_deliveries, check_delivery
from pcp_assets.sources.force_extracts.synthetic import generate

FORCE = "midshire"
MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11")


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five months of crimes: July another force's, August sharing a reference with September,
    September with a duplicate, a crime of August and a row of too many fields, October clean,
    November never delivered."""
    root = tmp_path_factory.mktemp("together") / "landing"
    generate(root, end_month=MONTHS[-2], months=4)
    crimes = root / "crimes"
    july, august, september = (read(crimes / f"{m}.csv") for m in MONTHS[:3])
    july.assign(force_id="northshire").to_csv(crimes / "2026-07.csv", index=False)
    august.loc[0, "crime_ref"] = september.loc[0, "crime_ref"]
    august.to_csv(crimes / "2026-08.csv", index=False)
    september.loc[3, "crime_ref"] = september.loc[2, "crime_ref"]
    september.loc[5, "recorded_at"] = "2026-08-31 23:59:59"
    september.to_csv(crimes / "2026-09.csv", index=False)
    with (crimes / "2026-09.csv").open("a") as file:
        file.write(",".join(september.iloc[7]) + ",one field too many\n")
    return crimes


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def month_of(name: str) -> date:
    return date.fromisoformat(f"{name}-01")


def together(crimes: Path) -> dict[str, CheckedDelivery | DeliveryError]:
    asked = [(month_of(m), crimes / f"{m}.csv") for m in MONTHS]
    return dict(zip(MONTHS, check_deliveries("crimes", FORCE, asked), strict=True))


def as_values(frame: pd.DataFrame) -> list[tuple]:
    """Rows as plain values (a blank is None however the frame's column holds it)."""
    return list(frame.astype(object).where(frame.notna(), None).itertuples(index=False))


def test_each_file_is_judged_by_its_own_month_and_its_own_rows(delivered: Path) -> None:
    checked = together(delivered)
    # the row of too many fields is the file's last
    rows = len((delivered / "2026-09.csv").read_text().splitlines()) - 1

    rejects = checked["2026-09"].rejects
    assert set(zip(rejects["row_number"], rejects["rule"], strict=True)) == {
        (4, "crime_ref unique in file"),
        (6, "recorded_at within 2026-09"),
        (rows, RULE_FIELD_COUNT),
    }
    assert len(checked["2026-09"].good) == rows - 3
    # August's reference also in September is no duplicate: each file is its own
    for month in ("2026-08", "2026-10"):
        assert checked[month].rejects.empty
        assert checked[month].text == {}
        assert len(checked[month].good) == len(read(delivered / f"{month}.csv"))
    assert checked["2026-09"].text[rows].endswith(",one field too many")


def test_a_file_that_cannot_be_loaded_leaves_the_others(delivered: Path) -> None:
    checked = together(delivered)
    july, november = checked["2026-07"], checked["2026-11"]
    assert isinstance(july, DeliveryError)
    assert "holds no rows of midshire" in str(july)
    assert isinstance(november, DeliveryError)
    assert str(november).endswith("no crimes delivery for 2026-11 (file not found)")
    assert all(isinstance(checked[m], CheckedDelivery) for m in MONTHS[1:4])


def test_months_checked_together_are_checked_as_each_alone(delivered: Path) -> None:
    checked = together(delivered)
    for month in MONTHS[1:4]:
        alone = check_delivery("crimes", month_of(month), delivered / f"{month}.csv", FORCE)
        both = checked[month]
        assert isinstance(both, CheckedDelivery)
        assert both.file == alone.file
        assert as_values(both.good) == as_values(alone.good)
        assert as_values(both.rejects) == as_values(alone.rejects)
        assert (both.text, both.examples) == (alone.text, alone.examples)
