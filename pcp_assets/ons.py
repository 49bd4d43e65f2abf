"""The ONS "Police recorded crime by police force area" table as reference data for the paper's
national and peer comparison (docs/police-uk.md).

The file: `12 months ending,PFA,Region,Offence,Rolling year total number of offences`, rolling
12-month totals at quarter ends, year ending March 2003 to December 2018. Its quirks, handled here:
dates are DD-MM-YYYY; one quarter is dated 30-12-2017 rather than 31-12-2017 (each date is read as
its month, so both mean the 12 months to December); the burglary categories were renamed in
April 2017 (domestic/non-domestic -> residential/non-residential), so offences are mapped to offence
groups through seed `ons_offence_map`, never compared by name; fraud rows (Action Fraud, CIFAS,
UK Finance) are out of scope. England and Wales is the sum of the territorial forces (British
Transport Police and the fraud bodies excluded).
"""

from pathlib import Path

import dagster as dg
import duckdb

from pcp_assets.settings import SEEDS_DIR, Settings
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

TABLE = "reference.ons_pfa_rolling"
ENGLAND_AND_WALES = "England and Wales"
NOT_TERRITORIAL = ("British Transport Police", "Action Fraud", "CIFAS", "UK Finance")

_LOAD_SQL = f"""
CREATE OR REPLACE TABLE {TABLE} AS
WITH published AS (
    SELECT
        "12 months ending" AS period_end_as_published,
        "PFA" AS pfa,
        "Region" AS region,
        "Offence" AS offence,
        "Rolling year total number of offences" AS offences_text
    FROM read_csv(?, all_varchar = true, header = true, delim = ',', quote = '"')
),
typed AS (
    SELECT
        *,
        cast(date_trunc('month', strptime(period_end_as_published, '%d-%m-%Y')) AS date)
            AS period_end_month,
        cast(offences_text AS bigint) AS offences
    FROM published
),
forces AS (
    SELECT
        typed.period_end_month,
        typed.period_end_as_published,
        typed.pfa,
        typed.region,
        typed.offence,
        map.offence_group,
        map.police_uk_offence_group,
        typed.offences
    FROM typed
    INNER JOIN read_csv(?, all_varchar = true, header = true) AS map
        ON map.ons_offence = typed.offence AND map.is_crime = 'true'
    WHERE typed.pfa NOT IN (SELECT unnest(?))
)
SELECT * FROM forces
UNION ALL
SELECT
    period_end_month,
    min(period_end_as_published),
    '{ENGLAND_AND_WALES}',
    '{ENGLAND_AND_WALES}',
    offence,
    any_value(offence_group),
    any_value(police_uk_offence_group),
    sum(offences)
FROM forces
GROUP BY period_end_month, offence
"""


def load_ons_table(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, int]:
    """Replace `reference.ons_pfa_rolling` with the table at `path`; counts of what was read."""
    con.execute("CREATE SCHEMA IF NOT EXISTS reference")
    con.execute(
        _LOAD_SQL, [str(path), str(SEEDS_DIR / "ons_offence_map.csv"), list(NOT_TERRITORIAL)]
    )
    rows, odd_dates, forces = con.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE period_end_as_published NOT LIKE '31-03-%'
                   AND period_end_as_published NOT LIKE '30-06-%'
                   AND period_end_as_published NOT LIKE '30-09-%'
                   AND period_end_as_published NOT LIKE '31-12-%'),
               count(DISTINCT pfa)
        FROM {TABLE} WHERE pfa <> '{ENGLAND_AND_WALES}'
        """
    ).fetchall()[0]
    return {"rows": int(rows), "rows_with_odd_quarter_end_date": int(odd_dates), "forces": forces}


def create_empty_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS reference")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (period_end_month DATE, period_end_as_published "
        "VARCHAR, pfa VARCHAR, region VARCHAR, offence VARCHAR, offence_group VARCHAR, "
        "police_uk_offence_group VARCHAR, offences BIGINT)"
    )


def build_ons_pfa_rolling(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    """The ONS table as an asset of the data.police.uk location (its national comparison)."""

    @dg.asset(
        key=["reference", "ons_pfa_rolling"],
        group_name="reference_data",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool=DUCKDB_POOL,
        kinds={"duckdb", "csv"},
        description="ONS police recorded crime by police force area (rolling 12 months at quarter "
        "ends), mapped to offence groups, with England and Wales summed: the paper's national and "
        "peer comparison (PCP_ONS_PATH).",
    )
    def ons_pfa_rolling(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            if not settings.ons_path.exists():
                # Reference data, not the force's: the paper says the comparison is unavailable.
                create_empty_table(con)
                con.execute(f"DELETE FROM {TABLE}")
                context.log.warning(f"{settings.ons_path}: not found; no national comparison")
                return dg.MaterializeResult(metadata={"rows": 0, "path": str(settings.ons_path)})
            counts = load_ons_table(con, settings.ons_path)
        return dg.MaterializeResult(metadata={**counts, "path": str(settings.ons_path)})

    return ons_pfa_rolling
