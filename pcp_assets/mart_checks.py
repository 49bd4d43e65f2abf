"""Great Expectations suites for the marts (pcp_assets/mart_suites.py), run as blocking Dagster
asset checks: one per model in schema `marts`.

`dagster-ge` only supports Great Expectations < 1.0, so the checks call GE 1.x directly on the
rows of the run's months and force (other forces' rows are checked by their own runs), read from
DuckDB.
"""

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from pcp_assets.check_lines import EXAMPLE_ROWS, listed, row_key, rows_found
from pcp_assets.data_docs_index import MartSummary, now_utc, record_check
from pcp_assets.data_docs_site import drop_static_copy, site_config
from pcp_assets.mart_suites import (
    FORCE_COLUMN,
    MartSuite,
    expectations,
    load_suites,
    mart_frame_query,
)
from pcp_assets.partitions import months_in
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.warehouse import Warehouse

DOCS_SITE = "run"


def mart_rows(
    warehouse: Warehouse, suite: MartSuite, months: list[date], forces: list[str]
) -> pd.DataFrame:
    sql, params = mart_frame_query(suite, months, forces)
    with warehouse.connect(read_only=True) as con:
        return con.execute(sql, params).df()


def validate_mart(suite: MartSuite, frame: pd.DataFrame, site_dir: Path) -> Any:
    """Validate the rows and render the result as a Great Expectations Data Docs site that
    opens offline (pcp_assets/data_docs_site.py)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(site_name=DOCS_SITE, site_config=site_config(site_dir))
    batch_definition = (
        context.data_sources.add_pandas(name="warehouse")
        .add_dataframe_asset(name=suite.mart)
        .add_batch_definition_whole_dataframe(name="run_months")
    )
    gx_suite = context.suites.add(
        gx.ExpectationSuite(name=f"{suite.mart}_suite", expectations=expectations(suite))
    )
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.mart, data=batch_definition, suite=gx_suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"{suite.mart}_checkpoint",
            validation_definitions=[validation],
            result_format=_result_format(suite),
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE])],
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    drop_static_copy(site_dir)
    return next(iter(result.run_results.values()))


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _result_format(suite: MartSuite) -> dict[str, Any]:
    """Failing rows reported by the mart's key, so a failure names the rows, not bare values."""
    return {
        "result_format": "SUMMARY",
        "unexpected_index_column_names": list(suite.keys),
        "partial_unexpected_count": EXAMPLE_ROWS,
    }


def _failures(validation: Any, keys: tuple[str, ...]) -> list[str]:
    """Each failed expectation as `<type> <its columns>: <n> rows, e.g. <their keys>`."""
    failures = []
    for result in validation.results:
        if result.success:
            continue
        config = result.expectation_config
        columns = [
            column
            for name in ("column", "column_list", "column_A", "column_B")
            for column in _as_list(config.kwargs.get(name))
        ]
        line = f"{config.type} {', '.join(columns)}".strip()
        found = result.result or {}
        if "unexpected_count" in found:
            examples = [
                row_key(row, keys, hidden=(FORCE_COLUMN,))
                for row in found.get("partial_unexpected_index_list") or []
            ]
            line += f": {rows_found(int(found['unexpected_count']), examples)}"
        elif "observed_value" in found:
            line += f": observed {found['observed_value']}"
        failures.append(line)
    return failures


def _months_label(months: list[date]) -> str:
    first, last = f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}"
    return first if first == last else f"{first}..{last}"


def _delivered(
    warehouse: Warehouse, extract: str | None, months: list[date], forces: list[str]
) -> bool:
    """Whether any of the forces delivered `extract` in any of the months (True when no extract
    is named)."""
    if extract is None:
        return True
    with warehouse.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT count(*) FROM raw.loads "
            "WHERE extract = ? AND month BETWEEN ? AND ? AND force_id IN (SELECT unnest(?))",
            [extract, months[0], months[-1], forces],
        ).fetchall()
    return rows[0][0] > 0


def _why_not_run(
    warehouse: Warehouse,
    suite: MartSuite,
    frame: pd.DataFrame,
    months: list[date],
    forces: list[str],
) -> str:
    """Why a mart with no rows is not checked (a good month), or "" when it is to be checked."""
    if frame.empty and suite.may_be_empty:
        return "no rows: a good month"
    if frame.empty and not _delivered(warehouse, suite.optional_extract, months, forces):
        return (
            f"no {suite.optional_extract} delivered in the run's months "
            "(the source does not publish them)"
        )
    return ""


def build_mart_check(suite: MartSuite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["marts", suite.mart]),
        name="great_expectations",
        blocking=True,
        description=f"Great Expectations suite for marts.{suite.mart}, derived from its dbt "
        "tests and `meta.ge`: key present and unique, ranges, totals consistent.",
    )
    def mart_check(
        context: dg.AssetCheckExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        months = months_in(context)
        run_id = context.run.run_id
        with warehouse.connect(read_only=True) as con:
            forces = [each.force_id for each in forces_going_on(con, settings, run_id)]
        summary = partial(
            MartSummary,
            mart=suite.mart,
            force_id=", ".join(forces),
            first_month=months[0].strftime("%Y-%m"),
            last_month=months[-1].strftime("%Y-%m"),
            checked_at=now_utc(),
        )
        frame = mart_rows(warehouse, suite, months, forces)
        not_run = _why_not_run(warehouse, suite, frame, months, forces)
        if not_run:
            record_check(
                settings.data_docs_dir,
                run_id,
                summary(status="not run", note=not_run),
                settings.data_docs_keep,
            )
            metadata = {"rows_checked": 0, "not_run": not_run}
            return dg.AssetCheckResult(passed=True, metadata=metadata)
        validation = validate_mart(suite, frame, settings.data_docs_dir / run_id / suite.mart)
        failures = _failures(validation, suite.keys)
        where = f"{', '.join(forces)} {_months_label(months)}"
        expectations = validation.statistics["evaluated_expectations"]
        missing = record_check(
            settings.data_docs_dir,
            run_id,
            summary(
                status="passed" if validation.success else "failed",
                expectations=expectations,
                failed=tuple(failures),
            ),
            settings.data_docs_keep,
        )
        if missing:
            context.log.warning(
                "Data Docs pages will show unstyled: run `make assets` (missing "
                + ", ".join(missing)
                + ")"
            )
        return dg.AssetCheckResult(
            passed=bool(validation.success),
            metadata={
                "data_docs": dg.MetadataValue.url(
                    f"{settings.data_docs_url}{run_id}/{suite.mart}/index.html"
                ),
                "rows_checked": len(frame),
                "expectations": expectations,
                "failed": listed(f"{where}: {f}" for f in failures),
            },
        )

    return mart_check


def build_mart_checks() -> list[dg.AssetChecksDefinition]:
    """One blocking check per mart of the dbt manifest (parse the project first)."""
    return [build_mart_check(suite) for suite in load_suites()]
