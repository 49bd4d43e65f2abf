"""Great Expectations suites for the marts, run as blocking Dagster asset checks.

`dagster-ge` only supports Great Expectations < 1.0, so the checks call GE 1.x directly on the
rows of the run's months, read from DuckDB.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from pcp_assets.partitions import months_in
from pcp_assets.settings import Settings
from pcp_assets.warehouse import Warehouse

# Rolling 12-month total recomputed from the mart's own discrete months; compared only where all
# twelve months are present, so the check never depends on the model's windowing code.
DOCS_SITE = "run"

CRIME_VOLUME_FRAME = """
    SELECT *,
        sum(crimes) OVER w AS r12_from_discrete_months,
        count(crimes) OVER w AS discrete_months_present
    FROM marts.crime_volume
    WINDOW w AS (
        PARTITION BY force_id, area, offence_group, offence_subgroup
        ORDER BY reporting_month RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW
    )
"""


@dataclass(frozen=True)
class MartSuite:
    mart: str
    keys: tuple[str, ...]
    rates: tuple[str, ...] = ()  # shares: within [0, 1]
    # Ratios that may exceed 1 (the in-period basis counts outcomes of crimes recorded earlier).
    non_negative: tuple[str, ...] = ()
    # (a, b): a >= b wherever both are present.
    at_least: tuple[tuple[str, str], ...] = ()
    # crimes_r12 equals the sum of the twelve discrete months held in the mart.
    r12_sums_discrete_months: bool = False
    # An extract only some sources deliver (data.police.uk has no incidents): with no rows and no
    # delivery of it in the run's months, the mart is empty by design and the suite does not run.
    optional_extract: str | None = None


def _expectations(suite: MartSuite) -> list[Any]:
    import great_expectations as gx

    expectations: list[Any] = [gx.expectations.ExpectTableRowCountToBeBetween(min_value=1)]
    expectations += [
        gx.expectations.ExpectColumnValuesToNotBeNull(column=key) for key in suite.keys
    ]
    expectations.append(
        gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=list(suite.keys))
    )
    expectations += [
        gx.expectations.ExpectColumnValuesToBeBetween(column=rate, min_value=0, max_value=1)
        for rate in suite.rates
    ]
    expectations += [
        gx.expectations.ExpectColumnValuesToBeBetween(column=column, min_value=0)
        for column in suite.non_negative
    ]
    expectations += [
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=a, column_B=b, or_equal=True, ignore_row_if="either_value_is_missing"
        )
        for a, b in suite.at_least
    ]
    if suite.r12_sums_discrete_months:
        expectations.append(
            gx.expectations.ExpectColumnPairValuesToBeEqual(
                column_A="crimes_r12",
                column_B="r12_from_discrete_months",
                ignore_row_if="either_value_is_missing",
            )
        )
    return expectations


SUITES = (
    MartSuite(
        mart="crime_volume",
        keys=("force_id", "reporting_month", "area", "offence_group", "offence_subgroup"),
        at_least=(("crimes_r12", "crimes"),),
        r12_sums_discrete_months=True,
    ),
    MartSuite(
        mart="outcome_rates",
        keys=(
            "force_id",
            "reporting_month",
            "area",
            "offence_group",
            "offence_subgroup",
            "domestic_abuse",
        ),
        rates=(
            "pp_rate_cohort",
            "outcome16_share",
            "outcome16_share_year_earlier",
        ),
        non_negative=("pp_rate_in_period",),
        at_least=(
            ("assigned_outcomes_r12", "outcome16_r12"),
            ("tic_r12", "tic_month"),
            ("oocd_r12", "oocd_month"),
        ),
    ),
    MartSuite(
        mart="outcome_counts",
        keys=("force_id", "reporting_month", "area", "offence_group", "outcome_type"),
        at_least=(("outcomes_r12", "outcomes_month"),),
    ),
    MartSuite(
        mart="response_times",
        keys=("force_id", "reporting_month", "area", "grade", "offence_subgroup"),
        optional_extract="incidents",
        at_least=(
            ("p90_minutes_month", "median_minutes_month"),
            ("p90_minutes_r12", "median_minutes_r12"),
            ("incidents_r12", "incidents_month"),
        ),
    ),
)


def mart_rows(warehouse: Warehouse, suite: MartSuite, months: list[date]) -> pd.DataFrame:
    source = (
        CRIME_VOLUME_FRAME
        if suite.r12_sums_discrete_months
        else f"SELECT * FROM marts.{suite.mart}"
    )
    with warehouse.connect(read_only=True) as con:
        frame = con.execute(
            f"SELECT * FROM ({source}) WHERE reporting_month BETWEEN ? AND ?",
            [months[0], months[-1]],
        ).df()
    if suite.r12_sums_discrete_months:
        incomplete = frame["discrete_months_present"] < 12
        frame.loc[incomplete, "r12_from_discrete_months"] = None
    return frame


def validate_mart(suite: MartSuite, frame: pd.DataFrame, docs_dir: Path) -> Any:
    """Validate the rows and render the result as a Great Expectations Data Docs site."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    batch_definition = (
        context.data_sources.add_pandas(name="warehouse")
        .add_dataframe_asset(name=suite.mart)
        .add_batch_definition_whole_dataframe(name="run_months")
    )
    gx_suite = context.suites.add(
        gx.ExpectationSuite(name=f"{suite.mart}_suite", expectations=_expectations(suite))
    )
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.mart, data=batch_definition, suite=gx_suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"{suite.mart}_checkpoint",
            validation_definitions=[validation],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE])],
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    return next(iter(result.run_results.values()))


def _failures(validation: Any) -> list[str]:
    failures = []
    for result in validation.results:
        if not result.success:
            config = result.expectation_config
            column = config.kwargs.get("column") or config.kwargs.get("column_list") or ""
            failures.append(f"{config.type} {column}".strip())
    return failures


def _delivered(warehouse: Warehouse, extract: str | None, months: list[date]) -> bool:
    """Whether `extract` was delivered in any of the months (True when no extract is named)."""
    if extract is None:
        return True
    with warehouse.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT count(*) FROM raw.loads WHERE extract = ? AND month BETWEEN ? AND ?",
            [extract, months[0], months[-1]],
        ).fetchall()
    return rows[0][0] > 0


def build_mart_check(suite: MartSuite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["marts", suite.mart]),
        name="great_expectations",
        blocking=True,
        description=f"Great Expectations suite for marts.{suite.mart}: keys present and unique, "
        "rates within [0, 1], totals consistent.",
    )
    def mart_check(
        context: dg.AssetCheckExecutionContext, warehouse: Warehouse
    ) -> dg.AssetCheckResult:
        months = months_in(context)
        frame = mart_rows(warehouse, suite, months)
        if frame.empty and not _delivered(warehouse, suite.optional_extract, months):
            return dg.AssetCheckResult(
                passed=True,
                metadata={
                    "rows_checked": 0,
                    "not_run": f"no {suite.optional_extract} delivered in the run's months "
                    "(the source does not publish them)",
                },
            )
        docs_dir = Settings.from_env().data_docs_dir / context.run.run_id / suite.mart
        validation = validate_mart(suite, frame, docs_dir)
        failures = _failures(validation)
        return dg.AssetCheckResult(
            passed=bool(validation.success),
            metadata={
                "data_docs": dg.MetadataValue.url((docs_dir / "index.html").as_uri()),
                "rows_checked": len(frame),
                "expectations": validation.statistics["evaluated_expectations"],
                "failed": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures) or "none"),
            },
        )

    return mart_check


mart_checks = [build_mart_check(suite) for suite in SUITES]
