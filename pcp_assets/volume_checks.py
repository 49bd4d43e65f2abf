"""The `volume` check of every raw asset: each month of the run against the extract's history
(pcp_assets/volume.py), its row count and the shares its contract declares.

Far outside the blocking limits fails the check with severity ERROR, which holds back everything
downstream (nothing is published), one line per measure naming the file, the count and the
expected range. Outside the warning limits fails it with severity WARN: said in `pcp run`'s
summary and in the paper's data-quality section (from `quality.volume_checks`, which the check
writes). A month an analyst accepted (pcp_assets/acceptances.py) passes, and the table records
the reason.
"""

from collections import defaultdict
from datetime import date

import dagster as dg
import duckdb
import pandas as pd

from data_contracts.calendar import add_months
from data_contracts.registry import extract as extract_spec
from data_contracts.volume import Share
from pcp_assets.acceptances import Acceptance, read_acceptances
from pcp_assets.check_lines import listed
from pcp_assets.partitions import months_in
from pcp_assets.run_forces import forces_going_on
from pcp_assets.settings import Settings
from pcp_assets.volume import HISTORY_MONTHS, Judged, judge_month
from pcp_assets.warehouse import DUCKDB_POOL, Warehouse

CHECK_NAME = "volume"
TABLE = "quality.volume_checks"
COLUMNS = {
    "force_id": "VARCHAR NOT NULL",
    "reporting_month": "DATE NOT NULL",
    "extract": "VARCHAR NOT NULL",
    "measure": "VARCHAR NOT NULL",
    "source_file": "VARCHAR NOT NULL",
    "observed": "BIGINT NOT NULL",
    "expected": "DOUBLE",
    "warn_low": "BIGINT",
    "warn_high": "BIGINT",
    "block_low": "BIGINT",
    "block_high": "BIGINT",
    "history_months": "INTEGER NOT NULL",
    "outcome": "VARCHAR NOT NULL",  # not checked, within, warn or block
    "accepted_reason": "VARCHAR",  # the analyst's reason, when the month was accepted
}
# The columns of a frame of rows, cast to the table's types (a column all blank has none).
TYPED_COLUMNS = ", ".join(f"CAST({name} AS {kind.split()[0]})" for name, kind in COLUMNS.items())


def _loads(con: duckdb.DuckDBPyConnection, extract: str, force_id: str) -> dict[date, tuple]:
    """Every delivered month of the extract: (rows delivered, file, sha256)."""
    rows = con.execute(
        "SELECT month, rows_delivered, source_file, sha256 FROM raw.loads "
        "WHERE extract = ? AND force_id = ?",
        [extract, force_id],
    ).fetchall()
    return {month: (delivered, file, sha) for month, delivered, file, sha in rows}


def _groups(
    con: duckdb.DuckDBPyConnection, extract: str, share: Share, force_id: str, since: date
) -> dict[date, dict[str, int]]:
    """Loaded rows by month and group of `share.column` (blank as "(blank)"), from `since`."""
    rows = con.execute(
        f"SELECT month, coalesce(CAST({share.column} AS VARCHAR), ''), count(*) "
        f"FROM raw.{extract} WHERE force_id = ? AND month >= ? GROUP BY ALL",
        [force_id, since],
    ).fetchall()
    named = share.groups() if share.groups else {}
    found: dict[date, dict[str, int]] = defaultdict(dict)
    for month, value, count in rows:
        name = named.get(value, value) or "(blank)"
        found[month][name] = found[month].get(name, 0) + count
    return dict(found)


def judge_months(
    con: duckdb.DuckDBPyConnection, extract: str, force_id: str, months: list[date]
) -> dict[date, tuple[str, str, list[Judged]]]:
    """Each delivered month of `months`: its file, sha256 and measures judged."""
    if not months:
        return {}
    spec = extract_spec(extract)
    loads = _loads(con, extract, force_id)
    rows = {month: delivered for month, (delivered, _, _) in loads.items()}
    since = add_months(min(months), -HISTORY_MONTHS)
    groups, label, per = None, "", None
    for share in spec.shares:
        if share.column is not None:
            groups, label = _groups(con, extract, share, force_id, since), share.label
        elif share.per is not None:
            other = {m: n for m, (n, _, _) in _loads(con, share.per, force_id).items()}
            per = (other, extract_spec(share.per).label.lower(), share.label)
    return {
        month: (loads[month][1], loads[month][2], judge_month(month, rows, groups, label, per))
        for month in months
        if month in loads
    }


def _record(
    con: duckdb.DuckDBPyConnection,
    extract: str,
    force_id: str,
    judged: dict[date, tuple[str, str, list[Judged]]],
    accepted: dict[date, Acceptance],
) -> None:
    """Replace the force's rows of the months judged in quality.volume_checks."""
    con.execute("CREATE SCHEMA IF NOT EXISTS quality")
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")
    records = [
        (
            force_id,
            month,
            extract,
            j.measure,
            file,
            j.observed,
            j.expected,
            *(j.warn or (None, None)),
            *(j.block or (None, None)),
            j.history_months,
            j.outcome,
            accepted[month].reason if month in accepted else None,
        )
        for month, (file, _, measures) in judged.items()
        for j in measures
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"DELETE FROM {TABLE} WHERE force_id = ? AND extract = ? AND reporting_month IN "
            "(SELECT unnest(?))",
            [force_id, extract, list(judged)],
        )
        if records:
            # one statement over the rows as a frame: DuckDB's executemany runs an INSERT a row
            # (1.6 ms each; a national build judges some 40,000 measures of crimes alone)
            con.register("volume_rows", pd.DataFrame.from_records(records, columns=list(COLUMNS)))
            con.execute(f"INSERT INTO {TABLE} SELECT {TYPED_COLUMNS} FROM volume_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("volume_rows")


def _judge_force(
    con: duckdb.DuckDBPyConnection, extract: str, settings: Settings, months: list[date]
) -> tuple[dict, dict]:
    """A force's months judged and recorded, and its acceptances that name the delivery judged
    (an acceptance is of the file it names: another file of the month is judged)."""
    judged = judge_months(con, extract, settings.force_id, months)
    accepted = {
        month: a
        for (name, _), a in read_acceptances(settings).items()
        if name == extract
        and (month := date.fromisoformat(f"{a.month}-01")) in judged
        and judged[month][1] == a.sha256
    }
    _record(con, extract, settings.force_id, judged, accepted)
    return judged, accepted


def build_volume_check(extract: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", extract]),
        name=CHECK_NAME,
        blocking=True,
        pool=DUCKDB_POOL,
        description=f"Each month's {extract} rows (and declared shares) against the median of "
        "the 12 months before: far outside blocks the run, outside warns; `pcp accept` accepts "
        "a genuine change (docs/data-quality.md).",
    )
    def volume(
        context: dg.AssetCheckExecutionContext,
        warehouse: Warehouse,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            going_on = forces_going_on(con, settings, context.run.run_id)
            judged_forces = [
                _judge_force(con, extract, each, months_in(context)) for each in going_on
            ]
        many = len(going_on) > 1
        lines: dict[str, list[str]] = {"block": [], "warn": []}
        hint, months_judged, accepted_said = [], 0, []
        for each, (judged, accepted) in zip(going_on, judged_forces, strict=True):
            named = f"{each.force_id}: " if many else ""
            for month, (file, _, measures) in judged.items():
                for j in measures:
                    if j.outcome in lines and month not in accepted:
                        lines[j.outcome].append(named + j.line(file))
            blocked = sorted(
                {m for m, (_, _, ms) in judged.items() for j in ms if j.outcome == "block"}
            )
            hint += [
                f"if the change is genuine: pcp accept{f' --force {each.force_id}' if many else ''}"
                f' --extract {extract} --month {m:%Y-%m} --reason "..."'
                for m in blocked
                if m not in accepted
            ]
            months_judged += len(judged)
            accepted_said += [f"{named}{m:%Y-%m}: {a.reason}" for m, a in sorted(accepted.items())]
        metadata: dict[str, dg.MetadataValue] = {
            "months_judged": dg.MetadataValue.int(months_judged),
            "months_accepted": dg.MetadataValue.text(", ".join(accepted_said) or "none"),
        }
        if lines["block"]:
            metadata["failed"] = dg.MetadataValue.text("\n".join(lines["block"] + hint))
        if lines["warn"]:
            metadata["warning"] = listed(lines["warn"])
        return dg.AssetCheckResult(
            passed=not lines["block"] and not lines["warn"],
            severity=dg.AssetCheckSeverity.ERROR if lines["block"] else dg.AssetCheckSeverity.WARN,
            metadata=metadata,
        )

    return volume
