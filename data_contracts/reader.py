"""A delivered file into a DuckDB table, row by row as the structure rules of delivery.py read it.

The table `delivery` holds `_position` (the row's place, from 0), `_row_number`, `_text` (the row
exactly as delivered, without its line end) and the file's fields as text, `c0`, `c1`, ... in the
header's order. Rows the structure rules quarantine are not in it: they are returned as
`Malformed`, with their rule.

A plain file, the usual delivery, is read by DuckDB's own CSV reader (`read_csv`, every column
VARCHAR, broken rows kept in its rejects tables): no quote anywhere, so a row is a line and its
fields are the text between commas; no blank line; no carriage return but in CRLF line ends. Rows
with too many or too few fields are DuckDB's rejects; too long a field or a control character
is found by SQL over the whole file. Any other file (quotes, blank lines, anything DuckDB cannot
read or rejects otherwise) is read by delivery.py's Python reader, whose rules are the definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data_contracts.delivery import (
    MAX_FIELD_CHARS,
    RULE_CONTROL,
    RULE_FIELD_COUNT,
    RULE_FIELD_SIZE,
    Malformed,
    decode,
    parse_delivery,
)
from data_contracts.sql import lit

TABLE = "delivery"
# DuckDB's rejects of a row with too many or too few fields (`reject_errors.error_type`).
FIELD_COUNT_ERRORS = ("TOO MANY COLUMNS", "MISSING COLUMNS")
CONTROL_PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # as delivery.CONTROL_CHARACTERS, in RE2


@dataclass(frozen=True)
class ReadFile:
    header: list[str]  # the header's names, trimmed
    rows_delivered: int
    malformed: list[Malformed]  # rows quarantined before the contract sees them
    by_duckdb: bool  # read by DuckDB's CSV reader (a plain file), not the Python reader


def field(i: int) -> str:
    """The table's column of the header's `i`th field (from 0)."""
    return f"c{i}"


def read_into(con: duckdb.DuckDBPyConnection, path: Path, data: bytes) -> ReadFile:
    """Read the delivered file (`data`, its bytes, decompressed; `path`, where it lies) into the
    table `delivery`. Raises delivery.FileError when the whole file is refused."""
    text, _ = decode(data)
    header = _plain_header(text)
    if header is not None:
        read = _read_plain(con, path, text, header)
        if read is not None:
            return read
    return _read_parsed(con, data)


def _plain_header(text: str) -> list[str] | None:
    """The header of a plain file of more than one column; None for any other file."""
    plain = (
        '"' not in text
        and "\n\n" not in text
        and "\n\r\n" not in text
        and text.count("\r") == text.count("\r\n")
    )
    header = text.split("\n", 1)[0].removesuffix("\r").split(",")
    return [name.strip() for name in header] if plain and len(header) > 1 else None


def _read_plain(
    con: duckdb.DuckDBPyConnection, path: Path, text: str, header: list[str]
) -> ReadFile | None:
    """DuckDB's read of a plain file, or None where it rejects a row for more than its number of
    fields (the Python reader then reads the file)."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1) - 1
    names = [field(i) for i in range(len(header))]
    columns = "{" + ", ".join(f"{lit(name)}: 'VARCHAR'" for name in names) + "}"
    compression = "gzip" if path.suffix == ".gz" else "none"
    as_delivered = "concat_ws(',', " + ", ".join(f"coalesce({n}, '')" for n in names) + ")"
    # the rejects tables gather every read of the connection: each file's are its own
    con.execute("DROP TABLE IF EXISTS read_rejects; DROP TABLE IF EXISTS read_scans")
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {TABLE} AS
            SELECT row_number() OVER () - 1 AS _position, row_number() OVER () AS _row_number,
                {as_delivered} AS _text, *
            FROM read_csv({lit(str(path))}, columns = {columns}, header = false, skip = 1,
                delim = ',', quote = '"', escape = '"', strict_mode = true, auto_detect = false,
                null_padding = false, parallel = false, compression = {lit(compression)},
                store_rejects = true, rejects_table = 'read_rejects', rejects_scan = 'read_scans')
            """
        )
    except duckdb.Error:
        return None
    found = con.execute(
        "SELECT DISTINCT line - 1 AS row_number, error_type FROM read_rejects ORDER BY row_number"
    ).fetchall()
    if any(not 1 <= row <= lines for row, _ in found):
        return None
    # a rejected row's text is its line's (split only when DuckDB rejected a row)
    file_lines = text.split("\n") if found else []
    rejected = [(row, kind, file_lines[row].removesuffix("\r")) for row, kind in found]
    [(kept,)] = con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()
    # Every line read (DuckDB lets trailing empty fields of a row go): each kept row has exactly
    # the header's commas, so the file's commas are the header's, the kept rows' and the rejects'.
    commas = (len(header) - 1) * (1 + kept) + sum(line.count(",") for _, _, line in rejected)
    counted = kept + len(rejected) == lines and text.count(",") == commas
    if not counted or any(kind not in FIELD_COUNT_ERRORS for _, kind, _ in rejected):
        return None
    if rejected:
        # a row's number is its line's: the kept rows fill, in order, the lines not rejected
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {TABLE} AS
            WITH numbered AS (
                SELECT n AS line_row, row_number() OVER (ORDER BY n) AS _row_number
                FROM range(1, {lines} + 1) AS t(n)
                WHERE n NOT IN (SELECT line - 1 FROM read_rejects)
            )
            SELECT * EXCLUDE (_position, _row_number, line_row), line_row - 1 AS _position,
                line_row AS _row_number
            FROM {TABLE} JOIN numbered USING (_row_number)
            """
        )
    malformed = [Malformed(row, row + 1, line, [], RULE_FIELD_COUNT) for row, _, line in rejected]
    by_sql = _malformed_by_sql(con, names)
    if by_sql:
        con.execute(
            f"DELETE FROM {TABLE} WHERE _row_number IN (SELECT unnest(?::INTEGER[]))",
            [[m.row_number for m in by_sql]],
        )
    malformed = sorted([*malformed, *by_sql], key=lambda m: m.row_number)
    return ReadFile(header, kept + len(rejected), malformed, by_duckdb=True)


def _malformed_by_sql(con: duckdb.DuckDBPyConnection, names: list[str]) -> list[Malformed]:
    """Rows with a field longer than the limit, or a control character (such as NUL)."""
    longest = "greatest(" + ", ".join(f"length(coalesce({n}, ''))" for n in names) + ")"
    found = con.execute(
        f"""
        SELECT _row_number, _text,
            CASE WHEN {longest} > {MAX_FIELD_CHARS} THEN {lit(RULE_FIELD_SIZE)}
                 ELSE {lit(RULE_CONTROL)} END
        FROM {TABLE}
        WHERE {longest} > {MAX_FIELD_CHARS} OR regexp_matches(_text, {lit(CONTROL_PATTERN)})
        """
    ).fetchall()
    return [Malformed(row, row + 1, text, [], rule) for row, text, rule in found]


def _read_parsed(con: duckdb.DuckDBPyConnection, data: bytes) -> ReadFile:
    """The Python reader's rows (delivery.parse_delivery) in the table."""
    parsed = parse_delivery(data)
    names = [field(i) for i in range(len(parsed.header))]
    rows = pd.DataFrame([r.fields for r in parsed.rows], columns=names, dtype=object)
    rows.insert(0, "_text", [r.text for r in parsed.rows])
    rows.insert(0, "_row_number", [r.row_number for r in parsed.rows])
    rows.insert(0, "_position", range(len(parsed.rows)))
    con.register("parsed_rows", rows)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE} AS SELECT * FROM parsed_rows")
    finally:
        con.unregister("parsed_rows")
    return ReadFile(parsed.header, parsed.rows_delivered, parsed.malformed, by_duckdb=False)
