"""One monthly-partitioned asset per extract of every source: the month's delivery of each of the
run's forces into `raw.<extract>`.

A delivery with more than PCP_MAX_REJECTED_SHARE of its rows rejected is refused whole
(pcp_assets/refusal.py), and with it the force for this run (pcp_assets/run_forces.py): the other
forces go on, and the step fails only when every force of the run is refused. Each asset has a
blocking contract check: downstream models do not build on a month whose rejected share is past
the threshold, or whose rows do not add up.
"""

import os
from dataclasses import dataclass
from datetime import date
from functools import partial
from math import ceil

import dagster as dg

from data_contracts.registry import extract as extract_spec
from pcp_assets.forked import on_every_core
from pcp_assets.loading import CheckedDelivery, DeliveryError, LoadReport, RefusedDelivery
from pcp_assets.partitions import months_in
from pcp_assets.pseudonym_keys import PseudonymKeyChanged, run_key, settle_key
from pcp_assets.run_forces import (
    DELIVERIES_REFUSED,
    FORCES_REFUSED,
    forces_going_on,
    record_left,
)
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


# Two years of a run's months (of its forces, in order) are checked, then stored in one
# transaction: storing costs about the same for one month as for a batch, and a long backfill's
# checked deliveries are not all held in memory at once.
MONTHS_CHECKED_AT_ONCE = 24


@dataclass(frozen=True)
class ForceMonth:
    """A month's delivery of one of the run's forces."""

    settings: Settings  # the force's own (Settings.of_force)
    month: date


def checked_months(
    source: Source, extract: str, deliveries: list[ForceMonth]
) -> list[CheckedDelivery | DeliveryError]:
    """Each delivery read and checked against its contract, or why it cannot be loaded, in the
    order given. The deliveries are shared among the machine's cores (pcp_assets/forked.py) in
    runs of one force's months, each run judged by one query: checking is most of a load's time,
    and needs no warehouse."""
    checkers = {
        each.settings.force_id: source.months_checker(each.settings, extract) for each in deliveries
    }
    most = ceil(len(deliveries) / max(1, os.cpu_count() or 1))
    runs: list[list[ForceMonth]] = []
    for delivery in deliveries:
        force = delivery.settings.force_id
        if runs and runs[-1][0].settings.force_id == force and len(runs[-1]) < most:
            runs[-1].append(delivery)
        else:
            runs.append([delivery])

    def check(run: list[ForceMonth]) -> list[CheckedDelivery | DeliveryError]:
        force = run[0].settings.force_id
        return checkers[force]([delivery.month for delivery in run])

    return [each for done in on_every_core([partial(check, run) for run in runs]) for each in done]


def not_delivered(source: Source, settings: Settings, month: date) -> list[str]:
    """The run's forces that have delivered nothing of `month` while another force has: not yet
    due to run (a run the schedule or the UI started before every force delivered); none when no
    force has delivered anything of it (the month is then refused, as for one force)."""
    delivered = {
        each.force_id: any(source.delivery_path(each, e, month).exists() for e in source.extracts)
        for each in settings.each_force()
    }
    if not any(delivered.values()):
        return []
    return [force for force, any_file in delivered.items() if not any_file]


def delivered_and_missing(
    source: Source, settings: Settings, extract: str, months: list[date], waiting: list[str]
) -> tuple[list[ForceMonth], list[str]]:
    """Every delivery of `months` to load of the forces not `waiting`, and the months missing
    from their history (`[<force> ]YYYY-MM`): a gap before the reporting month is recorded as
    missing (no raw.loads row), never as zero, and the figures whose window holds it say so; the
    reporting month is needed, so its absence is a refusal. A force's history begins where the
    run's does for one force (orchestration/months.py `first_month`): at PCP_FIRST_MONTH, else at
    its own first month delivered whole, so the months before a force whose history starts
    later than the others' are neither loaded nor missing."""
    delivered, missing = [], []
    forces = [each for each in settings.each_force() if each.force_id not in waiting]
    for each in forces:
        begins = settings.first_month or min(source.landed_months(each), default=months[0])
        for month in months:
            if month < begins:
                continue
            if month != months[-1] and not source.delivery_path(each, extract, month).exists():
                named = f"{each.force_id} " if len(forces) > 1 else ""
                missing.append(f"{named}{month:%Y-%m}")
            else:
                delivered.append(ForceMonth(each, month))
    return delivered, missing


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
        description=f"{spec.label} ({source.label}) of each of the run's forces, validated by "
        f"its contract (data_contracts/{extract}.py); broken rows go to raw.rejects with their "
        "rule.",
    )
    def raw_extract(
        context: dg.AssetExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            for each in settings.each_force():
                try:
                    settle_key(con, each, run_key(each, source.extracts, source.folder(each)))
                except PseudonymKeyChanged as error:
                    raise dg.Failure(description=str(error)) from error
        reports = []
        refused: dict[str, list[str]] = {}
        mostly_rejected: list[RefusedDelivery] = []
        counted: dict[str, int] = {}
        months = months_in(context)
        waiting = not_delivered(source, settings, months[-1])
        if waiting:
            context.log.info(
                f"not delivered {months[-1]:%Y-%m} yet, left as they were: {', '.join(waiting)}"
            )
        delivered, missing = delivered_and_missing(source, settings, extract, months, waiting)
        for gap in missing:
            context.log.warning(f"no {extract} delivery for {gap}: missing")
        for first in range(0, len(delivered), MONTHS_CHECKED_AT_ONCE):
            batch = delivered[first : first + MONTHS_CHECKED_AT_ONCE]
            checked = []
            for wanted, delivery in zip(batch, checked_months(source, extract, batch), strict=True):
                if isinstance(delivery, DeliveryError):
                    # the other months still load; the force is refused once all were tried
                    context.log.error(str(delivery))
                    refused.setdefault(wanted.settings.force_id, []).append(str(delivery))
                else:
                    checked.append(delivery)
            with warehouse.connect() as con:
                stored, counts = source.store_months(con, checked, settings.max_rejected_share)
            for name, count in counts.items():
                counted[name] = counted.get(name, 0) + count
            for report in stored:
                if isinstance(report, RefusedDelivery):
                    context.log.error(str(report))
                    refused.setdefault(report.file.force_id, []).append(str(report))
                    mostly_rejected.append(report)
                    continue
                context.log.info(
                    f"{report.file.path.name}: {report.rows_loaded} rows loaded, "
                    f"{report.rows_rejected} rejected"
                )
                reports.append(report)
        with warehouse.connect() as con:
            for each in settings.each_force():
                for name, count in source.describe_loaded(
                    con, extract, months, each.force_id
                ).items():
                    counted[name] = counted.get(name, 0) + count
            for force in waiting:
                said = [f"nothing of {months[-1]:%Y-%m} delivered"]
                record_left(con, context.run.run_id, force, extract, "not delivered", said)
            for force, reasons in refused.items():
                record_left(con, context.run.run_id, force, extract, "refused", reasons)
            going_on = forces_going_on(con, settings, context.run.run_id)
        metadata = _report_metadata(reports)
        metadata.update({name: dg.MetadataValue.int(n) for name, n in counted.items()})
        if missing:
            metadata["missing_months"] = dg.MetadataValue.text(", ".join(missing))
        if mostly_rejected:
            metadata.update(_refused_metadata(mostly_rejected))
        if refused:
            lines = [line for reasons in refused.values() for line in reasons]
            metadata["files_refused"] = dg.MetadataValue.int(len(lines))
            if not going_on:  # every force of the run refused: nothing goes on
                raise dg.Failure(description="\n".join(lines), metadata=metadata)
            metadata[FORCES_REFUSED] = dg.MetadataValue.text(", ".join(refused))
            metadata[DELIVERIES_REFUSED] = dg.MetadataValue.text("\n".join(lines))
            context.log.error(
                f"left as they were: {', '.join(refused)}; going on: "
                + ", ".join(each.force_id for each in going_on)
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
            forces = [each.force_id for each in forces_going_on(con, settings, context.run.run_id)]
            delivered, recorded_loaded, rejected, loaded = con.execute(
                f"""
                SELECT
                    coalesce(sum(rows_delivered), 0),
                    coalesce(sum(rows_loaded), 0),
                    coalesce(sum(rows_rejected), 0),
                    (SELECT count(*) FROM raw.{extract}
                     WHERE month IN (SELECT unnest(?)) AND force_id IN (SELECT unnest(?)))
                FROM raw.loads WHERE extract = ? AND month IN (SELECT unnest(?))
                    AND force_id IN (SELECT unnest(?))
                """,
                [months, forces, extract, months, forces],
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
