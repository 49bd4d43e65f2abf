"""Contracts as SQL: the Pandera schema and the compiled query judge alike, the DVPO hearing rule
in SQL keeps the deadline the generator draws by, and DuckDB's reading of a plain file is the
Python reader's, row for row."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
import pytest

from data_contracts.delivery import parse_delivery
from data_contracts.dvpn_dvpo import hearing_deadline, hearing_within_48_hours
from data_contracts.reader import TABLE, field, read_into
from data_contracts.reference import beat_codes
from data_contracts.sql import WHITESPACE
from data_contracts.validate import schema, validate

MONTH, FORCE = "2026-10", "midshire"


def incidents() -> pd.DataFrame:
    """Six incidents, the first good, each other breaking one rule or two."""
    beat = sorted(beat_codes(FORCE))[0]
    good = {
        "force_id": FORCE,
        "incident_ref": "INC/1",
        "grade": "prompt",
        "call_at": "2026-10-05 10:00:00",
        "arrived_at": "2026-10-05 10:20:00",
        "linked_crime_ref": "",
        "beat_code": beat,
    }
    changes = [
        {},
        {"grade": "urgent"},
        {"call_at": "2026-11-01 00:00:00", "arrived_at": ""},
        {"arrived_at": "2026-10-05 09:00:00"},
        {"incident_ref": "INC/1", "beat_code": "XX99"},
        {"arrived_at": "2026-10-12 10:00:00", "force_id": " "},
    ]
    rows = [good | {"incident_ref": f"INC/{i + 1}"} | change for i, change in enumerate(changes)]
    frame = pd.DataFrame(rows)
    frame["_row_number"] = range(1, len(frame) + 1)
    return frame


def test_the_pandera_schema_judges_as_the_compiled_query() -> None:
    frame = incidents()
    by_query = validate("incidents", MONTH, frame, FORCE).rejects
    text = frame.drop(columns="_row_number").apply(lambda s: s.str.strip())
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema("incidents", MONTH, FORCE).validate(text, lazy=True)
    cases = raised.value.failure_cases
    found = zip(cases["index"], cases["check"], strict=True)
    by_pandera = {(int(i) + 1, str(rule)) for i, rule in found}
    assert by_pandera == set(zip(by_query["row_number"], by_query["rule"], strict=True))
    assert set(by_query["row_number"]) == {2, 3, 4, 5, 6}


def test_values_are_trimmed_of_what_python_calls_whitespace() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


def hearing_kept(decided: pd.Timestamp, hearing: pd.Timestamp) -> bool:
    frame = pd.DataFrame(
        {
            "dvpn_decided_at": [decided.strftime("%Y-%m-%d %H:%M:%S")],
            "court_hearing_at": [hearing.strftime("%Y-%m-%d %H:%M:%S")],
        }
    )
    with duckdb.connect() as con:
        con.register("rows", frame)
        [(kept,)] = con.execute(
            f"SELECT coalesce(({hearing_within_48_hours(decided.year)}), true) FROM rows"
        ).fetchall()
    return kept


@pytest.mark.parametrize(
    "decided",
    [
        # around Christmas and New Year, Easter 2026 (Good Friday 3 April, Easter Monday 6 April),
        # a Saturday evening (the deadline falls on Monday) and a Saturday at midnight's edge
        *pd.date_range("2025-12-22 07:00", "2025-12-31 23:00", freq="13h"),
        *pd.date_range("2026-04-01 09:30", "2026-04-06 21:00", freq="11h"),
        pd.Timestamp("2026-10-10 18:00"),
        pd.Timestamp("2026-10-09 00:00"),
    ],
)
def test_the_hearing_rule_in_sql_keeps_the_deadline(decided: pd.Timestamp) -> None:
    deadline = hearing_deadline(decided)
    second = pd.Timedelta(seconds=1)
    assert hearing_kept(decided, deadline)
    assert hearing_kept(decided, deadline - second)
    assert not hearing_kept(decided, deadline + second)
    assert not hearing_kept(decided, deadline + pd.Timedelta(hours=20))


PLAIN = (
    "\ufeffa, b ,c\r\n"
    "1,x,3\r\n"
    "2,y\r\n"  # too few fields
    "3,\x00z,3\r\n"  # a control character
    f"4,{'L' * 10_001},4\r\n"  # too long a field
    "5, padded ,\r\n"
    "6,x,3,4\r\n"  # too many fields
    "7,last,7"  # no line end
)


def read(tmp_path: Path, text: str) -> tuple[bool, list, list]:
    path = tmp_path / "file.csv"
    data = text.encode("utf-8")
    path.write_bytes(data)
    with duckdb.connect() as con:
        got = read_into(con, path, data)
        columns = ", ".join(field(i) for i in range(len(got.header)))
        rows = con.execute(
            f"SELECT _row_number, _text, [{columns}] FROM {TABLE} ORDER BY _position"
        ).fetchall()
    malformed = [(m.row_number, m.line_number, m.rule, m.text) for m in got.malformed]
    return got.by_duckdb, rows, malformed


def test_duckdb_reads_a_plain_file_as_the_python_reader_does(tmp_path: Path) -> None:
    by_duckdb, rows, malformed = read(tmp_path, PLAIN)
    assert by_duckdb
    parsed = parse_delivery(PLAIN.encode("utf-8"))
    assert parsed.header == ["a", "b", "c"]
    assert rows == [
        (r.row_number, r.text, [value or None for value in r.fields]) for r in parsed.rows
    ]
    assert malformed == [(m.row_number, m.line_number, m.rule, m.text) for m in parsed.malformed]
    assert [row for row, *_ in malformed] == [2, 3, 4, 6]


def test_a_file_with_quotes_or_blank_lines_is_read_by_the_python_reader(tmp_path: Path) -> None:
    for text in ('a,b\n1,"x, y"\n', "a,b\n1,x\n\n2,y\n", "a,b\n1,x,,\n"):
        by_duckdb, rows, _ = read(tmp_path, text)
        assert not by_duckdb
        parsed = parse_delivery(text.encode("utf-8"))
        assert [(n, t) for n, t, _ in rows] == [(r.row_number, r.text) for r in parsed.rows]


def test_a_file_read_after_a_broken_one_is_read_by_duckdb_with_none_of_its_rows(
    tmp_path: Path,
) -> None:
    """Files checked together are read into one connection, where DuckDB's rejects tables would
    gather every read's: each read's are its own."""
    broken, clean = tmp_path / "broken.csv", tmp_path / "clean.csv"
    broken.write_text("a,b\n1,x\n2\n3,y\n")
    clean.write_text("a,b\n1,x\n2,y\n3,z\n")
    with duckdb.connect() as con:
        first = read_into(con, broken, broken.read_bytes())
        second = read_into(con, clean, clean.read_bytes())
    assert [m.row_number for m in first.malformed] == [2]
    assert second.by_duckdb
    assert second.malformed == []
