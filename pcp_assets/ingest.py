"""One monthly-partitioned asset per extract: the month's landing file into `raw.<extract>`.

Each asset has a blocking contract check: downstream models do not build on a month whose
rejected share is past the threshold, or whose rows do not add up.
"""

import dagster as dg

from data_contracts.extracts import extract as extract_spec
from pcp_assets import police_uk
from pcp_assets.loading import DeliveryError, LoadReport, load_delivery
from pcp_assets.partitions import monthly_partitions, months_in
from pcp_assets.raw_tables import EXTRACT_COLUMNS
from pcp_assets.settings import Settings
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

EXTRACTS = tuple(EXTRACT_COLUMNS)


def _report_metadata(reports: list[LoadReport]) -> dict[str, dg.MetadataValue]:
    rejects: dict[str, int] = {}
    for report in reports:
        for rule, count in report.rejects_by_rule.items():
            rejects[rule] = rejects.get(rule, 0) + count
    table = "\n".join(f"| {rule} | {count} |" for rule, count in sorted(rejects.items()))
    return {
        "files": dg.MetadataValue.md(
            "\n".join(f"- `{r.path.name}` sha256 `{r.sha256}`" for r in reports)
        ),
        "rows_delivered": dg.MetadataValue.int(sum(r.rows_delivered for r in reports)),
        "rows_loaded": dg.MetadataValue.int(sum(r.rows_loaded for r in reports)),
        "rows_rejected": dg.MetadataValue.int(sum(r.rows_rejected for r in reports)),
        "rejects_by_rule": dg.MetadataValue.md(
            f"| rule | rows |\n|---|---|\n{table}" if table else "no rejected rows"
        ),
    }


def build_raw_asset(extract: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=["raw", extract],
        group_name="raw",
        partitions_def=monthly_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        # Outcomes are checked against their crimes' recorded dates: crimes load first.
        deps=[dg.AssetKey(["raw", "crimes"])] if extract == "outcomes" else [],
        pool=DUCKDB_POOL,
        kinds={"duckdb", "csv"},
        description=f"The month's `{extract}` extract, validated by its Pandera contract "
        f"(data_contracts/{extract.split('_')[0]}.py); broken rows go to raw.rejects with their "
        "rule.",
    )
    def raw_extract(
        context: dg.AssetExecutionContext, warehouse: Warehouse
    ) -> dg.MaterializeResult:
        settings = Settings.from_env()
        reports = []
        refused: list[str] = []
        revised = 0
        with warehouse.connect() as con:
            for month in months_in(context):
                path = police_uk.delivery_path(settings, extract, month)
                if extract == "policeuk_street":
                    before = police_uk.last_outcomes(con, month, settings.force_id)
                try:
                    report = load_delivery(con, extract, month, path, settings.force_id)
                except DeliveryError as error:
                    # the other months still load; the asset fails once all were tried
                    context.log.error(str(error))
                    refused.append(str(error))
                    continue
                if extract == "policeuk_street":
                    # a re-delivered month: "Last outcome category" revised since the last one
                    revised += police_uk.revised_last_outcomes(
                        before, police_uk.last_outcomes(con, month, settings.force_id)
                    )
                context.log.info(
                    f"{path.name}: {report.rows_loaded} rows loaded, "
                    f"{report.rows_rejected} rejected"
                )
                reports.append(report)
            metadata = _report_metadata(reports)
            if extract_spec(extract).source == police_uk.SOURCE:
                # the published files' quirks, counted (docs/police-uk.md)
                counts = police_uk.quality_counts(
                    con, extract, months_in(context), settings.force_id
                )
                metadata.update({k: dg.MetadataValue.int(v) for k, v in counts.items()})
                if extract == "policeuk_street":
                    metadata["last_outcome_revised_since_previous_delivery"] = dg.MetadataValue.int(
                        revised
                    )
        if refused:
            raise dg.Failure(
                description="\n".join(refused),
                metadata={**metadata, "files_refused": dg.MetadataValue.int(len(refused))},
            )
        return dg.MaterializeResult(metadata=metadata)

    return raw_extract


def build_contract_check(extract: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", extract]),
        name="contract",
        blocking=True,
        description=f"Every delivered {extract} row is loaded or quarantined, and at most "
        "PCP_MAX_REJECTED_SHARE (default 1%) of the month's rows were rejected.",
    )
    def contract_check(
        context: dg.AssetCheckExecutionContext, warehouse: Warehouse
    ) -> dg.AssetCheckResult:
        months = months_in(context)
        max_share = Settings.from_env().max_rejected_share
        with warehouse.connect(read_only=True) as con:
            delivered, recorded_loaded, rejected, loaded = con.execute(
                f"""
                SELECT
                    coalesce(sum(rows_delivered), 0),
                    coalesce(sum(rows_loaded), 0),
                    coalesce(sum(rows_rejected), 0),
                    (SELECT count(*) FROM raw.{extract} WHERE month IN (SELECT unnest(?)))
                FROM raw.loads WHERE extract = ? AND month IN (SELECT unnest(?))
                """,
                [months, extract, months],
            ).fetchone()
        share = rejected / delivered if delivered else 0.0
        conserved = delivered == loaded + rejected and recorded_loaded == loaded
        return dg.AssetCheckResult(
            passed=bool(conserved and share <= max_share),
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "rows_delivered": delivered,
                "rows_loaded": loaded,
                "rows_rejected": rejected,
                "rejected_share": float(share),
                "rows_conserved": bool(conserved),
                "max_rejected_share": max_share,
            },
        )

    return contract_check


raw_assets = [build_raw_asset(extract) for extract in EXTRACTS]
raw_contract_checks = [build_contract_check(extract) for extract in EXTRACTS]
