"""The marts' Great Expectations suites, derived from the dbt project rather than restated.

Every model in schema `marts` gets a suite, read from the dbt manifest (convention in docs/dbt.md):
- key: the model's `unique_combination_of_columns` data test (present in every row, unique);
- ranges: the columns' `accepted_range` data tests;
- `meta: {ge: {at_least: <column>}}` on a column: it is >= that column wherever both are present;
- `meta: {ge: {sum_of_12_months: <column>}}` on a column: it equals the sum of that column over
  months m-11..m of the mart itself, wherever all twelve are there;
- `meta: {ge: {optional_extract: <extract>}}` on the model: an extract only some sources deliver;
- `meta: {ge: {may_be_empty: true}}` on the model: no rows is a good month (no rejected rows).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pcp_assets.dbt_manifest import data_tests, declared_key, read_manifest

MARTS_SCHEMA = "marts"
MONTH_COLUMN = "reporting_month"
FORCE_COLUMN = "force_id"


@dataclass(frozen=True)
class Bounds:
    column: str
    min_value: float | None = None
    max_value: float | None = None


@dataclass(frozen=True)
class MartSuite:
    mart: str
    keys: tuple[str, ...]
    ranges: tuple[Bounds, ...] = ()
    # (a, b): a >= b wherever both are present.
    at_least: tuple[tuple[str, str], ...] = ()
    # (rolling, discrete): `rolling` is the sum of `discrete` over the twelve months m-11..m.
    sums_of_12_months: tuple[tuple[str, str], ...] = ()
    # With no rows and no delivery of this extract in the run's months, the mart is empty by design
    # (data.police.uk publishes no incidents) and the suite does not run.
    optional_extract: str | None = None
    # No rows at all is a good month (marts.delivery_rejects when nothing was rejected).
    may_be_empty: bool = False


def recomputed_column(rolling: str) -> str:
    """The frame column holding `rolling` recomputed from the mart's discrete months."""
    return f"{rolling}_from_discrete_months"


def _ge_meta(node_or_column: Mapping[str, Any]) -> Mapping[str, Any]:
    return node_or_column.get("meta", {}).get("ge", {})


def suite_for(manifest: Mapping[str, Any], model_id: str) -> MartSuite:
    model = manifest["nodes"][model_id]
    keys = declared_key(manifest, model_id)
    if keys is None:
        raise ValueError(
            f"marts.{model['name']} needs one unique_combination_of_columns data test (its key)"
        )
    if MONTH_COLUMN not in keys:
        raise ValueError(f"marts.{model['name']}: the key must include {MONTH_COLUMN}")
    range_tests = {
        test["column_name"]: test["test_metadata"]["kwargs"]
        for test in data_tests(manifest, model_id, "accepted_range")
    }
    # Contracts declare every column of a mart, so the columns give the order.
    columns = model["columns"].values()
    return MartSuite(
        mart=model["name"],
        keys=keys,
        ranges=tuple(
            Bounds(name, bounds.get("min_value"), bounds.get("max_value"))
            for name in model["columns"]
            if (bounds := range_tests.get(name)) is not None
        ),
        at_least=tuple(
            (column["name"], _ge_meta(column)["at_least"])
            for column in columns
            if "at_least" in _ge_meta(column)
        ),
        sums_of_12_months=tuple(
            (column["name"], _ge_meta(column)["sum_of_12_months"])
            for column in columns
            if "sum_of_12_months" in _ge_meta(column)
        ),
        optional_extract=_ge_meta(model).get("optional_extract"),
        may_be_empty=bool(_ge_meta(model).get("may_be_empty", False)),
    )


def suites_from_manifest(manifest: Mapping[str, Any]) -> tuple[MartSuite, ...]:
    """One suite per model in schema `marts`, in name order."""
    marts = sorted(
        (node["name"], model_id)
        for model_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["schema"] == MARTS_SCHEMA
    )
    return tuple(suite_for(manifest, model_id) for _, model_id in marts)


def load_suites() -> tuple[MartSuite, ...]:
    return suites_from_manifest(read_manifest())


def mart_frame_query(
    suite: MartSuite, months: list[date], forces: list[str]
) -> tuple[str, list[object]]:
    """The query and its parameters for the mart's rows of `months` and, in a mart kept by force,
    of `forces` (the run's: other forces' rows are checked by their own runs), with each
    12-month sum recomputed from the discrete months (null unless all twelve are present), so the
    check never depends on the model's windowing code."""
    partition = ", ".join(key for key in suite.keys if key != MONTH_COLUMN)
    recomputed = "".join(
        f", CASE WHEN count({discrete}) OVER last_12 = 12 THEN sum({discrete}) OVER last_12 END"
        f" AS {recomputed_column(rolling)}"
        for rolling, discrete in suite.sums_of_12_months
    )
    window = (
        f" WINDOW last_12 AS (PARTITION BY {partition} ORDER BY {MONTH_COLUMN}"
        " RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)"
        if suite.sums_of_12_months
        else ""
    )
    sql = (
        f"SELECT * FROM (SELECT *{recomputed} FROM {MARTS_SCHEMA}.{suite.mart}{window})"
        f" WHERE {MONTH_COLUMN} BETWEEN ? AND ?"
    )
    if FORCE_COLUMN not in suite.keys:
        return sql, [months[0], months[-1]]
    return f"{sql} AND {FORCE_COLUMN} IN (SELECT unnest(?))", [months[0], months[-1], forces]


def expectations(suite: MartSuite) -> list[Any]:
    import great_expectations as gx

    found: list[Any] = [gx.expectations.ExpectTableRowCountToBeBetween(min_value=1)]
    found += [gx.expectations.ExpectColumnValuesToNotBeNull(column=key) for key in suite.keys]
    found.append(gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=list(suite.keys)))
    found += [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column=bounds.column, min_value=bounds.min_value, max_value=bounds.max_value
        )
        for bounds in suite.ranges
    ]
    found += [
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=a, column_B=b, or_equal=True, ignore_row_if="either_value_is_missing"
        )
        for a, b in suite.at_least
    ]
    found += [
        gx.expectations.ExpectColumnPairValuesToBeEqual(
            column_A=rolling,
            column_B=recomputed_column(rolling),
            ignore_row_if="either_value_is_missing",
        )
        for rolling, _ in suite.sums_of_12_months
    ]
    return found
