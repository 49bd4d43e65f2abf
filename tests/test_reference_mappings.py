"""The seeds the marts are built on, checked against the tests' own references (tests/reference):
a wrong mapping in a seed fails here, whatever the models do with it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd

from pcp_assets.settings import SEEDS_DIR
from tests.reference.home_office import OFFENCES, OUTCOME_TYPES, RETIRED_2017
from tests.reference.places import DISTRICTS, ONS_OFFENCES
from tests.reference.police_uk import CRIME_TYPES, OUTCOME_CATEGORIES

FIXTURES = Path(__file__).parent / "fixtures"


def seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def flag(value: str) -> bool:
    assert value in {"true", "false"}, value
    return value == "true"


def test_offence_classification() -> None:
    rows = seed("offence_classification")
    assert rows["offence_code"].is_unique
    assert {r.offence_code: (r.offence_subgroup, r.offence_group) for r in rows.itertuples()} == {
        code: tuple(offence) for code, offence in OFFENCES.items()
    }
    retired = rows[rows["valid_to"] != ""]
    assert set(retired["offence_code"]) == RETIRED_2017
    assert (retired["valid_to"] == "2017-03-31").all()
    replacements = rows[rows["valid_from"] == "2017-04-01"]
    assert set(replacements["offence_group"]) == {"Theft offences"}


def test_outcome_types_and_prosecution_possible() -> None:
    rows = seed("outcome_type").set_index("outcome_type")
    assert rows.index.tolist() == [str(n) for n in range(23)]
    assert flag(rows.loc["0", "is_pending"]) and not flag(rows.loc["0", "is_prosecution_possible"])
    for number, reference in OUTCOME_TYPES.items():
        row = rows.loc[str(number)]
        assert flag(row["is_prosecution_possible"]) == reference.prosecution_possible, number
        assert not flag(row["is_pending"]), number
    # the groups the paper's outcome mix reads by prefix
    assert rows.loc["1", "outcome_group"].startswith("Charged/summonsed")
    assert {rows.loc[str(n), "outcome_group"][:12] for n in (2, 3, 6, 7, 8)} == {"Out-of-court"}
    assert {rows.loc[str(n), "outcome_group"][:23] for n in (14, 15, 16)} == {
        "Evidential difficulties"
    }
    assert rows.loc["18", "outcome_group"] == "Investigation complete - no suspect identified"


def test_police_uk_crime_types() -> None:
    rows = seed("police_uk_crime_type_map")
    assert {r.crime_type: r.offence_group or None for r in rows.itertuples()} == CRIME_TYPES
    assert {r.crime_type: flag(r.is_crime) for r in rows.itertuples()} == {
        crime_type: group is not None for crime_type, group in CRIME_TYPES.items()
    }


def test_police_uk_outcome_categories() -> None:
    rows = seed("police_uk_outcome_map")
    assert {r.outcome_category: int(r.outcome_type) for r in rows.itertuples()} == (
        OUTCOME_CATEGORIES
    )


def test_the_published_files_use_only_known_types_and_categories() -> None:
    crime_types: set[str] = set()
    categories: set[str] = set()
    for path in (FIXTURES / "police_uk").rglob("*.csv.gz"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if path.name.endswith("-street.csv.gz"):
            crime_types |= set(frame["Crime type"])
            categories |= set(frame["Last outcome category"]) - {""}
        else:
            categories |= set(frame["Outcome type"])
    assert crime_types == set(CRIME_TYPES)
    assert categories <= set(OUTCOME_CATEGORIES)


def test_area_lookup() -> None:
    rows = seed("area_lookup")
    assert rows["lsoa_code"].is_unique
    for row in rows.itertuples():
        assert (row.district, row.area) == DISTRICTS[row.beat_code[:2]], row.lsoa_code
    assert set(rows["district"]) == {district for district, _ in DISTRICTS.values()}


def test_ons_offence_map() -> None:
    rows = seed("ons_offence_map")
    assert {r.ons_offence: r.offence_group or None for r in rows.itertuples()} == ONS_OFFENCES
    assert {r.ons_offence: flag(r.is_crime) for r in rows.itertuples()} == {
        offence: group is not None for offence, group in ONS_OFFENCES.items()
    }
    with gzip.open(FIXTURES / "ons" / "rec-crime-pfa-slice.csv.gz", "rt") as table:
        offences = set(pd.read_csv(table, dtype=str)["Offence"])
    assert offences <= set(ONS_OFFENCES)
