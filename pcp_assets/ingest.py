"""One monthly-partitioned asset per extract of every source: the month's delivery into
`raw.<extract>`.

A delivery with more than PCP_MAX_REJECTED_SHARE of its rows rejected is refused whole
(pcp_assets/refusal.py). Each asset has a blocking contract check: downstream models do not build
on a month whose rejected share is past the threshold, or whose rows do not add up.
"""

from datetime import date
from functools import partial

import dagster as dg

from data_contracts.registry import extract as extract_spec
from pcp_assets.forked import on_every_core
from pcp_assets.loading import CheckedDelivery, DeliveryError, LoadReport, RefusedDelivery
from pcp_assets.partitions import months_in
from pcp_assets.pseudonym_keys import PseudonymKeyChanged, run_key, settle_key
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse


def _refused_metadata(refused: list[RefusedDelivery]) -> dict[str, dg.MetadataValue]:
    """What a file refused for its rejected share broke, as nothing of it is stored: the rows
    themselves are read in the file, which stays in the landing folder (docs/data-quality.md)."""
    table = "\n".join(
        f"| `{error.file.path.name}` | {error.file.month:%Y-%m} | {rule} | {count} |"
        for error in refused
        for rule, count in sorted(error.rejects_by_rule.items(), key=lambda item: -item[1])
    )
    return {
        "refused_rejects_by_rule": dg.MetadataValue.md(
            f"| file | month | rule | rows |\n|---|---|---|---|\n{table}"
        )
    }


def _report_metadata(reports: list[LoadReport]) -> dict[str, dg.MetadataValue]:
    rejects: dict[str, int] = {}
    for report in reports:
        for rule, count in report.rejects_by_rule.items():
            rejects[rule] = rejects.get(rule, 0) + count
    table = "\n".join(f"| {rule} | {count} |" for rule, count in sorted(rejects.items()))
    return {
        "files": dg.MetadataValue.md(
            "\n".join(f"- `{r.file.path.name}` sha256 `{r.file.sha256}`" for r in reports)
        ),
        "rows_delivered": dg.MetadataValue.int(sum(r.file.rows_delivered for r in reports)),
        "rows_loaded": dg.MetadataValue.int(sum(r.rows_loaded for r in reports)),
        "rows_rejected": dg.MetadataValue.int(sum(r.rows_rejected for r in reports)),
        "rejects_by_rule": dg.MetadataValue.md(
            f"| rule | rows |\n|---|---|\n{table}" if table else "no rejected rows"
        ),
    }


# A year of a run's months is checked before it is stored: a long backfill's checked deliveries
# are not all held in memory at once.
MONTHS_CHECKED_AT_ONCE = 12


def checked_months(
    source: Source, settings: Settings, extract: str, months: list[date]
) -> list[CheckedDelivery | DeliveryError]:
    """Each month's delivery read and checked against its contract, or why it cannot be loaded,
    in month order. The months are shared among the machine's cores (pcp_assets/forked.py):
    checking is most of a load's time, and needs no warehouse."""

    check_month = source.month_checker(settings, extract)

    def check(month: date) -> CheckedDelivery | DeliveryError:
        try:
            return check_month(month)
        except DeliveryError as error:
            return error

    return on_every_core([partial(check, month) for month in months])


def build_raw_asset(extract: str, partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    spec = extract_spec(extract)
    source = source_named(spec.source)

    @dg.asset(
        key=["raw", extract],
        group_name="raw",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=[dg.AssetKey(["raw", name]) for name in spec.loads_after],
        pool=DUCKDB_POOL,
        kinds={"duckdb", "csv"},
        description=f"{spec.label} ({source.label}), validated by its contract "
        f"(data_contracts/{extract}.py); broken rows go to raw.rejects with their rule.",
    )
    def raw_extract(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            try:
                settle_key(
                    con, settings, run_key(settings, source.extracts, source.folder(settings))
                )
            except PseudonymKeyChanged as error:
                raise dg.Failure(description=str(error)) from error
        reports = []
        refused: list[str] = []
        mostly_rejected: list[RefusedDelivery] = []
        missing: list[str] = []
        counted: dict[str, int] = {}
        months = months_in(context)
        delivered = []
        for month in months:
            if month != months[-1] and not source.delivery_path(settings, extract, month).exists():
                # a gap in the history: recorded as missing (no raw.loads row), never as zero,
                # and the figures whose window holds it say so; the reporting month is needed
                context.log.warning(f"no {extract} delivery for {month:%Y-%m}: missing")
                missing.append(f"{month:%Y-%m}")
            else:
                delivered.append(month)
        for first in range(0, len(delivered), MONTHS_CHECKED_AT_ONCE):
            batch = delivered[first : first + MONTHS_CHECKED_AT_ONCE]
            checked = checked_months(source, settings, extract, batch)
            with warehouse.connect() as con:
                for delivery in checked:
                    if isinstance(delivery, DeliveryError):
                        # the other months still load; the asset fails once all were tried
                        context.log.error(str(delivery))
                        refused.append(str(delivery))
                        continue
                    try:
                        report, counts = source.store_month(
                            con, delivery, settings.max_rejected_share
                        )
                    except RefusedDelivery as error:
                        context.log.error(str(error))
                        refused.append(str(error))
                        mostly_rejected.append(error)
                        continue
                    for name, count in counts.items():
                        counted[name] = counted.get(name, 0) + count
                    context.log.info(
                        f"{report.file.path.name}: {report.rows_loaded} rows loaded, "
                        f"{report.rows_rejected} rejected"
                    )
                    reports.append(report)
        with warehouse.connect() as con:
            counted.update(source.describe_loaded(con, extract, months, settings.force_id))
        metadata = _report_metadata(reports)
        metadata.update({name: dg.MetadataValue.int(n) for name, n in counted.items()})
        if missing:
            metadata["missing_months"] = dg.MetadataValue.text(", ".join(missing))
        if mostly_rejected:
            metadata.update(_refused_metadata(mostly_rejected))
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
        context: dg.AssetCheckExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        months = months_in(context)
        max_share = settings.max_rejected_share
        with warehouse.connect(read_only=True) as con:
            delivered, recorded_loaded, rejected, loaded = con.execute(
                f"""
                SELECT
                    coalesce(sum(rows_delivered), 0),
                    coalesce(sum(rows_loaded), 0),
                    coalesce(sum(rows_rejected), 0),
                    (SELECT count(*) FROM raw.{extract}
                     WHERE month IN (SELECT unnest(?)) AND force_id = ?)
                FROM raw.loads WHERE extract = ? AND month IN (SELECT unnest(?)) AND force_id = ?
                """,
                [months, settings.force_id, extract, months, settings.force_id],
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
