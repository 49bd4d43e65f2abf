"""The `freshness` check of every raw asset: whether the run's reporting month of the extract
landed by the day it was due (pcp_assets/punctuality.py). A late file warns; it never blocks the
month's figures. Between runs, the `freshness_<source>` sensor (orchestration/sensors.py) fails the
same check for a month now due whose file has not landed at all.
"""

import dagster as dg

from data_contracts.registry import extract as extract_spec
from pcp_assets.partitions import months_in
from pcp_assets.punctuality import Punctuality, as_of, from_loads
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.warehouse import Warehouse

CHECK_NAME = "freshness"


def evaluation_metadata(punctuality: Punctuality) -> dict[str, dg.MetadataValue]:
    return {
        "summary": dg.MetadataValue.text(punctuality.describe()),
        **{name: dg.MetadataValue.text(str(v)) for name, v in punctuality.metadata().items()},
    }


def build_freshness_check(extract: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", extract]),
        name=CHECK_NAME,
        blocking=False,
        description=f"The month's file landed by {extract_spec(extract).due.describe()} "
        "(England and Wales working days); a late or missing file warns.",
    )
    def freshness(
        context: dg.AssetCheckExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        month = months_in(context)[-1]
        with warehouse.connect(read_only=True) as con:
            judged = {
                each.force_id: from_loads(con, each.force_id, extract, month, as_of(settings))
                for each in forces_going_on(con, settings, context.run.run_id)
            }
        if len(judged) == 1:
            metadata = evaluation_metadata(*judged.values())
        else:
            said = "\n".join(f"{force}: {p.describe()}" for force, p in judged.items())
            metadata = {"summary": dg.MetadataValue.text(said)}
        return dg.AssetCheckResult(
            passed=not any(p.is_late for p in judged.values()),
            severity=dg.AssetCheckSeverity.WARN,
            metadata=metadata,
        )

    return freshness
