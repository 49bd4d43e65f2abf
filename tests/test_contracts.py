"""The extract contracts: good files load whole and typed; each broken rule is reported by name
against the right row; every delivered row is either good or rejected, never both."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_contracts.validate import HeaderError, check_header, validate
from pcp_assets.raw_tables import RAW_TABLES
from pcp_assets.sources.force_extracts.synthetic import generate

MONTH = "2026-10"
FORCE = "midshire"
LOAD_COLUMNS = {"month", "_source_file", "_loaded_at"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The generated 2026-10 file of each extract, read as text with a 1-based _row_number."""
    landing = tmp_path_factory.mktemp("landing")
    generate(landing, end_month=MONTH, months=2, seed=5)
    frames = {}
    for extract in ("crimes", "outcomes", "incidents"):
        frame = pd.read_csv(landing / extract / f"{MONTH}.csv", dtype=str, keep_default_na=False)
        frame["_row_number"] = np.arange(1, len(frame) + 1)
        frames[extract] = frame
    return frames


@pytest.fixture
def good(files: dict[str, pd.DataFrame]):
    """A fresh copy of a good file, to mutate."""
    return lambda extract: files[extract].copy()


def raw_columns(extract: str) -> list[str]:
    """Columns of the raw table but those the loader adds (it keeps `_row_number`)."""
    return [name for name in RAW_TABLES[extract] if name not in LOAD_COLUMNS]


def assert_partition(frame: pd.DataFrame, result) -> None:
    """Every delivered row is good or rejected, never both, never neither."""
    good_rows = set(result.good["_row_number"])
    rejected_rows = set(result.rejects["row_number"])
    assert good_rows.isdisjoint(rejected_rows)
    assert good_rows | rejected_rows == set(frame["_row_number"])
    assert result.rows_delivered == len(frame)
    assert result.rows_loaded + result.rows_rejected == len(frame)


def rejects_of(result) -> list[tuple[int, str, str]]:
    return list(result.rejects.itertuples(index=False, name=None))


# --- good files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("extract", ["crimes", "outcomes", "incidents"])
def test_generated_file_is_all_good(good, extract: str) -> None:
    frame = good(extract)
    result = validate(extract, MONTH, frame, FORCE)
    assert result.rejects.empty
    assert list(result.rejects.columns) == ["row_number", "rule", "column_name"]
    assert result.rows_loaded == len(frame) > 100
    assert list(result.good.columns) == raw_columns(extract)
    assert list(result.good["_row_number"]) == list(frame["_row_number"])


def test_crimes_are_typed(good) -> None:
    frame = good("crimes")
    typed = validate("crimes", MONTH, frame, FORCE).good
    assert typed["domestic_abuse"].dtype == bool
    assert typed["domestic_abuse"].sum() == (frame["domestic_abuse"] == "Y").sum()
    assert pd.api.types.is_datetime64_any_dtype(typed["recorded_at"])
    assert typed["recorded_at"].iloc[0] == pd.Timestamp(frame["recorded_at"].iloc[0])
    assert typed["crime_ref"].tolist() == frame["crime_ref"].tolist()


def test_outcomes_are_typed(good) -> None:
    frame = good("outcomes")
    typed = validate("outcomes", MONTH, frame, FORCE).good
    assert pd.api.types.is_integer_dtype(typed["outcome_type"])
    assert typed["outcome_type"].tolist() == [int(v) for v in frame["outcome_type"]]
    assert pd.api.types.is_datetime64_any_dtype(typed["outcome_date"])
    assert (typed["outcome_date"] == typed["outcome_date"].dt.normalize()).all()
    assert typed["outcome_date"].iloc[0] == pd.Timestamp(frame["outcome_date"].iloc[0])


def test_incident_blanks_become_null(good) -> None:
    frame = good("incidents")
    typed = validate("incidents", MONTH, frame, FORCE).good
    assert pd.api.types.is_datetime64_any_dtype(typed["arrived_at"])
    assert typed["arrived_at"].isna().sum() == (frame["arrived_at"] == "").sum() > 0
    unlinked = (frame["linked_crime_ref"] == "").sum()
    assert typed["linked_crime_ref"].isna().sum() == unlinked > 0


def test_na_and_empty_string_are_both_blank(good) -> None:
    frame = good("incidents")
    blank = frame.index[frame["arrived_at"] == ""]
    frame.loc[blank[:3], "arrived_at"] = None
    frame.loc[blank[3:6], "arrived_at"] = np.nan
    frame.loc[blank[6:9], "arrived_at"] = "   "
    result = validate("incidents", MONTH, frame, FORCE)
    assert result.rejects.empty
    assert result.good["arrived_at"].isna().sum() == len(blank)


def test_object_columns_and_a_shifted_index_are_fine(good) -> None:
    frame = good("outcomes").astype(object)
    frame.index = frame.index + 1000
    frame.loc[frame.index[4], "outcome_type"] = "23"
    result = validate("outcomes", MONTH, frame, FORCE)
    assert rejects_of(result) == [(5, "outcome_type is an integer 1..22", "outcome_type")]
    assert_partition(frame, result)


# --- one test per rule ----------------------------------------------------------------------------

# (extract, column, bad value, rule reported). The value is written into the sixth data row
# (row_number 6); the generated files are clean, so that row must be the only one rejected.
RULES = [
    ("crimes", "force_id", "", "force_id not blank"),
    ("crimes", "crime_ref", "", "crime_ref not blank"),
    ("crimes", "recorded_at", "2026-10-05", "recorded_at parses as YYYY-MM-DD HH:MM:SS"),
    ("crimes", "recorded_at", "2026-10-5 10:00:00", "recorded_at parses as YYYY-MM-DD HH:MM:SS"),
    ("crimes", "recorded_at", "05/10/2026 10:00:00", "recorded_at parses as YYYY-MM-DD HH:MM:SS"),
    ("crimes", "recorded_at", "2026-10-32 10:00:00", "recorded_at parses as YYYY-MM-DD HH:MM:SS"),
    ("crimes", "recorded_at", "", "recorded_at parses as YYYY-MM-DD HH:MM:SS"),
    ("crimes", "recorded_at", "2026-11-01 00:00:00", "recorded_at within 2026-10"),
    ("crimes", "recorded_at", "2026-09-30 23:59:59", "recorded_at within 2026-10"),
    ("crimes", "offence_code", "ZZ9", "offence_code is a known Home Office code"),
    ("crimes", "offence_code", "", "offence_code is a known Home Office code"),
    ("crimes", "offence_code", "28A", "offence_code in force on recorded_at"),
    ("crimes", "domestic_abuse", "y", "domestic_abuse is Y or N"),
    ("crimes", "domestic_abuse", "", "domestic_abuse is Y or N"),
    ("crimes", "status", "open", "status in {recorded, cancelled, transferred}"),
    ("outcomes", "force_id", " ", "force_id not blank"),
    ("outcomes", "crime_ref", "", "crime_ref not blank"),
    ("outcomes", "outcome_type", "0", "outcome_type is an integer 1..22"),
    ("outcomes", "outcome_type", "23", "outcome_type is an integer 1..22"),
    ("outcomes", "outcome_type", "1.0", "outcome_type is an integer 1..22"),
    ("outcomes", "outcome_type", "16a", "outcome_type is an integer 1..22"),
    ("outcomes", "outcome_type", "", "outcome_type is an integer 1..22"),
    ("outcomes", "outcome_date", "2026-10-05 00:00:00", "outcome_date parses as YYYY-MM-DD"),
    ("outcomes", "outcome_date", "2026-02-29", "outcome_date parses as YYYY-MM-DD"),
    ("outcomes", "outcome_date", "2026-09-30", "outcome_date within 2026-10"),
    ("incidents", "force_id", "", "force_id not blank"),
    ("incidents", "incident_ref", "", "incident_ref not blank"),
    ("incidents", "grade", "urgent", "grade in {immediate, prompt, scheduled}"),
    ("incidents", "grade", "Prompt", "grade in {immediate, prompt, scheduled}"),
    ("incidents", "call_at", "2026-10-05T10:00:00", "call_at parses as YYYY-MM-DD HH:MM:SS"),
    ("incidents", "call_at", "2026-11-02 10:00:00", "call_at within 2026-10"),
    (
        "incidents",
        "arrived_at",
        "2026-10-05 25:00:00",
        "arrived_at parses as YYYY-MM-DD HH:MM:SS or is blank",
    ),
]


@pytest.mark.parametrize(("extract", "column", "value", "rule"), RULES)
def test_rule(good, extract: str, column: str, value: str, rule: str) -> None:
    frame = good(extract)
    if extract == "incidents" and column == "call_at":
        frame.loc[5, "arrived_at"] = ""  # keep the attendance rules out of it
    frame.loc[5, column] = value
    result = validate(extract, MONTH, frame, FORCE)
    assert rejects_of(result) == [(6, rule, column)]
    assert 6 not in set(result.good["_row_number"])
    assert_partition(frame, result)


@pytest.mark.parametrize(
    ("extract", "column"),
    [("crimes", "crime_ref"), ("outcomes", "crime_ref"), ("incidents", "incident_ref")],
)
def test_duplicates_keep_the_first_and_reject_the_later(good, extract: str, column: str) -> None:
    frame = good(extract)
    frame.loc[[9, 14], column] = frame.loc[2, column]  # rows 10 and 15 repeat row 3
    result = validate(extract, MONTH, frame, FORCE)
    rule = f"{column} unique in file"
    assert rejects_of(result) == [(10, rule, column), (15, rule, column)]
    assert 3 in set(result.good["_row_number"])
    assert_partition(frame, result)


def test_blank_refs_are_not_duplicates_of_each_other(good) -> None:
    frame = good("crimes")
    frame.loc[[3, 4], "crime_ref"] = ""
    result = validate("crimes", MONTH, frame, FORCE)
    rule = "crime_ref not blank"
    assert rejects_of(result) == [(4, rule, "crime_ref"), (5, rule, "crime_ref")]


def attended(frame: pd.DataFrame) -> int:
    """Position of an attended incident."""
    return int(frame.index[frame["arrived_at"] != ""][0])


def test_arrived_at_not_before_call_at(good) -> None:
    frame = good("incidents")
    row = attended(frame)
    call = pd.Timestamp(frame.loc[row, "call_at"])
    frame.loc[row, "arrived_at"] = (call - pd.Timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")
    result = validate("incidents", MONTH, frame, FORCE)
    assert rejects_of(result) == [(row + 1, "arrived_at not before call_at", "arrived_at")]
    assert_partition(frame, result)


def test_arrival_at_the_moment_of_the_call_is_fine(good) -> None:
    frame = good("incidents")
    row = attended(frame)
    frame.loc[row, "arrived_at"] = frame.loc[row, "call_at"]
    assert validate("incidents", MONTH, frame, FORCE).rejects.empty


def test_attendance_under_7_days(good) -> None:
    frame = good("incidents")
    row = attended(frame)
    call = pd.Timestamp(frame.loc[row, "call_at"])
    frame.loc[row, "arrived_at"] = (call + pd.Timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S")
    frame.loc[row + 1, "arrived_at"] = (call + pd.Timedelta(days=6, hours=23)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    frame.loc[row + 1, "call_at"] = frame.loc[row, "call_at"]
    result = validate("incidents", MONTH, frame, FORCE)
    assert rejects_of(result) == [(row + 1, "attendance under 7 days", "arrived_at")]
    assert_partition(frame, result)


def test_a_code_retired_in_2017_is_in_force_earlier(good) -> None:
    frame = good("crimes")
    frame.loc[0, "recorded_at"] = "2016-06-01 10:00:00"
    frame.loc[0, "offence_code"] = "28A"
    result = validate("crimes", "2016-06", frame.loc[[0]], FORCE)
    assert result.rejects.empty


def test_a_row_breaking_two_rules_is_reported_twice_and_counted_once(good) -> None:
    frame = good("crimes")
    frame.loc[7, "status"] = "closed"
    frame.loc[7, "domestic_abuse"] = "maybe"
    frame.loc[8, "force_id"] = ""
    result = validate("crimes", MONTH, frame, FORCE)
    assert rejects_of(result) == [
        (8, "domestic_abuse is Y or N", "domestic_abuse"),
        (8, "status in {recorded, cancelled, transferred}", "status"),
        (9, "force_id not blank", "force_id"),
    ]
    assert result.rows_rejected == 2
    assert result.rows_loaded == len(frame) - 2
    assert_partition(frame, result)


def test_many_broken_rows_partition_exactly(good) -> None:
    frame = good("incidents")
    rng = np.random.default_rng(0)
    broken = rng.choice(len(frame), size=len(frame) // 5, replace=False)
    frame.loc[broken[0::3], "grade"] = "urgent"
    frame.loc[broken[1::3], "call_at"] = "2026-12-01 00:00:00"
    frame.loc[broken[2::3], "force_id"] = ""
    result = validate("incidents", MONTH, frame, FORCE)
    # Moving a call into December also breaks "not before call_at" where the unit had arrived.
    assert set(result.rejects["row_number"]) == set(frame["_row_number"].iloc[broken])
    assert result.rows_rejected == len(broken)
    assert_partition(frame, result)


# --- header and arguments -------------------------------------------------------------------------


def test_check_header() -> None:
    columns = ["force_id", "crime_ref", "outcome_type", "outcome_date"]
    assert check_header("outcomes", columns) == []
    assert check_header("outcomes", list(reversed(columns))) == []  # files are read by name
    assert check_header("outcomes", ["force_id", "crime_ref", "outcome_date"]) == [
        "missing column 'outcome_type'"
    ]
    assert check_header("outcomes", [*columns, "foo"]) == ["unexpected column 'foo'"]
    assert check_header("outcomes", ["force_id", "crime_ref", "outcome", "outcome_date"]) == [
        "missing column 'outcome_type'",
        "unexpected column 'outcome'",
    ]
    assert check_header("outcomes", [*columns, "crime_ref"]) == ["duplicate column 'crime_ref'"]


def test_a_wrong_header_refuses_the_whole_file(good) -> None:
    frame = good("incidents").rename(columns={"grade": "priority"})
    with pytest.raises(HeaderError) as error:
        validate("incidents", MONTH, frame, FORCE)
    assert error.value.problems == ["missing column 'grade'", "unexpected column 'priority'"]


def test_arguments_are_checked(good) -> None:
    with pytest.raises(ValueError, match="unknown extract"):
        validate("arrests", MONTH, good("crimes"), FORCE)
    with pytest.raises(ValueError, match="YYYY-MM"):
        validate("crimes", "October", good("crimes"), FORCE)
    with pytest.raises(ValueError, match="_row_number"):
        validate("crimes", MONTH, good("crimes").drop(columns="_row_number"), FORCE)


def test_an_empty_file_is_valid(good) -> None:
    frame = good("outcomes").iloc[0:0]
    result = validate("outcomes", MONTH, frame, FORCE)
    assert result.rows_delivered == 0 and result.good.empty and result.rejects.empty
    assert list(result.good.columns) == raw_columns("outcomes")


def test_contract_works_on_a_file_path_read_back(tmp_path: Path, good) -> None:
    """Round trip through CSV with pandas' default NA handling (blanks arrive as NaN)."""
    path = tmp_path / "incidents.csv"
    good("incidents").drop(columns="_row_number").to_csv(path, index=False)
    frame = pd.read_csv(path, dtype=str)
    frame["_row_number"] = np.arange(1, len(frame) + 1)
    result = validate("incidents", MONTH, frame, FORCE)
    assert result.rejects.empty and result.rows_loaded == len(frame)
