"""What a failed dbt data test found, in the lines every other check writes under `failed`
(pcp_assets/check_lines.py): `<force> <months>: <test> <column>: <n> rows, e.g. <keys>`.

The test's compiled SQL (the build's run_results.json) gives its failing rows as dbt reads them:
the run's force's rows only (macros/tests_by_force.sql), often just the failing values. The tested
model's rows that hold those values give how many rows fail, the months they belong to and their
keys: a staged extract's key columns (`crime_ref`), else the model's declared grain. A column that
names a person (data_contracts: pseudonymised and personal columns, and any pseudonym) is never
shown; a row with no other key is named by its row in the delivered file.

Read once dbt has exited: it holds the warehouse file while it builds.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import dagster as dg
import duckdb

from data_contracts.registry import extracts, person_columns
from pcp_assets.check_lines import EXAMPLE_ROWS, listed, row_key, rows_found
from pcp_assets.dbt_manifest import declared_key

FORCE_COLUMN = "force_id"
# Where a model's row belongs: the month of the delivery that brought it (staging), the month a
# mart reports, or a month as such.
MONTH_COLUMNS = ("delivery_month", "reporting_month", "month")
FILE_ROW_COLUMN = "delivery_row_number"


def names_a_person(column: str) -> bool:
    return column in person_columns() or "pseudonym" in column


def rule_of(test: Mapping[str, Any]) -> str:
    """A test as its rule reads: `relationships outcome_type`; a singular test by its name."""
    generic = test.get("test_metadata", {}).get("name")
    return f"{generic} {test.get('column_name') or ''}".strip() if generic else test["name"]


def tested_model(manifest: Mapping[str, Any], test: Mapping[str, Any]) -> dict[str, Any] | None:
    """The model or seed a test is about: its attached node, else its one model dependency."""
    attached = test.get("attached_node")
    if attached is None:
        models = [n for n in test["depends_on"]["nodes"] if n.split(".")[0] in ("model", "seed")]
        attached = models[0] if len(models) == 1 else None
    return manifest["nodes"].get(attached) if attached else None


def key_columns(
    manifest: Mapping[str, Any], model: Mapping[str, Any], columns: list[str]
) -> tuple[str, ...]:
    """How a row of the model is named: the key of the extract staged in it where the model
    holds it, else the model's declared grain."""
    name = f"{model['schema']}.{model['name']}"
    staged = tuple(
        column
        for spec in extracts().values()
        if name in spec.staged_in
        for column in spec.key_columns
        if column in columns
    )
    return staged or declared_key(manifest, model["unique_id"]) or ()


def _columns(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [column[0] for column in con.execute(f"SELECT * FROM ({sql}\n) LIMIT 0").description]


def _months(found: list[date]) -> str:
    months = [f"{month:%Y-%m}" for month in found]
    if len(months) <= EXAMPLE_ROWS:
        return ", ".join(months)
    return f"{months[0]}..{months[-1]} ({len(months)} months)"


@dataclass(frozen=True)
class FailingRows:
    """The tested model's rows that hold a test's failing rows' values, as SQL selecting their
    month and the columns that name them (`shown`)."""

    sql: str
    of_force: bool  # `sql` takes the force as its parameter
    shown: tuple[str, ...]
    keys: tuple[str, ...]


def failing_rows(
    con: duckdb.DuckDBPyConnection,
    manifest: Mapping[str, Any],
    test: Mapping[str, Any],
    compiled_sql: str,
) -> FailingRows | None:
    """None when the test's failing rows cannot be matched to rows of its model."""
    model = tested_model(manifest, test)
    if model is None:
        return None
    relation = f'"{model["schema"]}"."{model.get("alias") or model["name"]}"'
    columns = _columns(con, f"SELECT * FROM {relation}")
    failing = _columns(con, compiled_sql)
    pairs = [(c, c) for c in failing if c in columns]
    if not pairs and test.get("column_name") in columns:
        pairs = [(failing[0], test["column_name"])]  # relationships' from_field, and the like
    if not pairs:
        return None
    month = next((c for c in MONTH_COLUMNS if c in columns), None)
    said = {FORCE_COLUMN, month}
    keys = [c for c in key_columns(manifest, model, columns) if c in columns and c not in said]
    keys = [c for c in keys if not names_a_person(c)]
    if not keys and FILE_ROW_COLUMN in columns:
        keys = [FILE_ROW_COLUMN]
    values = [m for _, m in pairs if m not in keys and m not in said and not names_a_person(m)]
    matches = " AND ".join(f'f."{f}" IS NOT DISTINCT FROM m."{m}"' for f, m in pairs)
    of_force = FORCE_COLUMN in columns
    shown = (*keys, *values)
    sql = f"""
        WITH failing AS ({compiled_sql}
        )
        SELECT {f'm."{month}"' if month else "NULL"} AS month
            {"".join(f', m."{c}"' for c in shown)}
        FROM {relation} m
        WHERE {f"m.{FORCE_COLUMN} = ? AND " if of_force else ""}
            EXISTS (SELECT 1 FROM failing f WHERE {matches})
    """
    return FailingRows(sql, of_force, shown, tuple(keys))


def finding_lines(
    con: duckdb.DuckDBPyConnection,
    manifest: Mapping[str, Any],
    test_id: str,
    compiled_sql: str,
    forces: list[str],
    failures: int,
) -> list[str]:
    """The lines saying what the test found: the tested model's rows that fail it, by force,
    month and key; `failures` (dbt's count) where its failing rows cannot be placed in the
    model."""
    test = manifest["nodes"][test_id]
    rule = rule_of(test)
    unplaced = [f"{', '.join(forces)}: {rule}: {rows_found(failures, [])} (as dbt counts them)"]
    try:
        rows = compiled_sql and failing_rows(con, manifest, test, compiled_sql)
    except duckdb.Error:  # SQL of a test this cannot read: dbt's count still says what failed
        rows = None
    if not rows:
        return unplaced
    found = [_found_line(con, rows, rule, force) for force in forces] if rows.of_force else []
    lines = [line for line in found if line] or [_found_line(con, rows, rule, ", ".join(forces))]
    return [line for line in lines if line] or unplaced


def _found_line(con: duckdb.DuckDBPyConnection, rows: FailingRows, rule: str, force: str) -> str:
    """The line of the failing rows of `force` (the run's forces, for a model without one), or
    "" when it has none."""
    params = [force] if rows.of_force else []
    count, months = con.execute(
        "SELECT count(*), coalesce(list(DISTINCT month ORDER BY month) "
        f"FILTER (WHERE month IS NOT NULL), []) FROM ({rows.sql})",
        params,
    ).fetchone() or (0, [])
    if not count:
        return ""
    order = ", ".join(["month", *(f'"{c}"' for c in rows.keys)])
    found = con.execute(
        f"SELECT DISTINCT * FROM ({rows.sql}) ORDER BY {order} LIMIT {EXAMPLE_ROWS}", params
    )
    names = [column[0] for column in found.description]
    hidden = () if len(months) > 1 else ("month",)  # one month: the line names it
    examples = [
        row_key(dict(zip(names, row, strict=True)), ["month", *rows.keys], hidden=hidden)
        for row in found.fetchall()
    ]
    where = f"{force} {_months(months)}".strip()
    return f"{where}: {rule}: {rows_found(count, examples if rows.shown else [])}"


def with_findings(
    results: list[dg.AssetCheckResult],
    run_results: Mapping[str, Any],
    manifest: Mapping[str, Any],
    con: duckdb.DuckDBPyConnection,
    forces: list[str],
) -> list[dg.AssetCheckResult]:
    """The failed tests' check results with what each found under `failed`, by force."""
    compiled = {result["unique_id"]: result for result in run_results["results"]}
    described = []
    for result in results:
        test_id = str(getattr(result.metadata.get("unique_id"), "value", ""))
        ran = compiled.get(test_id, {})
        lines = finding_lines(
            con, manifest, test_id, ran.get("compiled_code", ""), forces, ran.get("failures", 0)
        )
        described.append(
            dg.AssetCheckResult(
                asset_key=result.asset_key,
                check_name=result.check_name,
                passed=result.passed,
                severity=result.severity,
                description=result.description,
                metadata={**result.metadata, "failed": listed(lines)},
            )
        )
    return described
