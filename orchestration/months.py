"""Which months a run must build: the landed months whose deliveries the warehouse has not loaded
as they are now, from the first of them to the reporting month; and the first and last month of
all, where the partitions begin and end."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from data_contracts.calendar import add_months
from pcp_assets.checking import sha256_of
from pcp_assets.punctuality import as_of
from pcp_assets.settings import Settings
from pcp_assets.sources import source_named
from pcp_assets.sources.base import Source
from pcp_assets.warehouse import open_warehouse


def settled(settings: Settings) -> Settings:
    """The settings with the force the source's folder names (as they are when it cannot tell:
    the run then says why)."""
    try:
        return source_named(settings.source).settle_force(settings)
    except ValueError:
        return settings


def first_month(settings: Settings) -> date:
    """Where the partitions begin: PCP_FIRST_MONTH, else the source's first landed month (no
    phantom missing months before the history), else the month just ended (nothing landed yet).
    `settings` are settled (the force its folder names), as at every entry point."""
    if settings.first_month is not None:
        return settings.first_month
    landed = source_named(settings.source).landed_months(settings)
    return landed[0] if landed else add_months(as_of(settings), -1)


def last_month(settings: Settings) -> date | None:
    """Where the partitions end: the month ended before PCP_TODAY, or the latest landed month when
    it is later (landed early, or a month end rehearsed on a past day), so that every month a run
    or a freshness check may be asked for has its partition; None without PCP_TODAY and nothing
    landed ahead: the partitions then grow as months end. `settings` are settled."""
    ended = add_months(as_of(settings).replace(day=1), -1)
    landed = source_named(settings.source).landed_months(settings)
    if landed and landed[-1] > ended:
        return landed[-1]
    return ended if settings.today else None


def awaited_extracts(source: Source, settings: Settings, month: date) -> list[str]:
    """The source's extracts whose delivery of `month` has not landed (`<force> <extract>` in a
    landing folder of many forces): none once some force has delivered the month whole, whose
    run leaves the forces yet to deliver as they were (pcp_assets/run_forces.py)."""
    forces = settings.each_force()
    awaited = {
        each.force_id: [
            extract
            for extract in source.extracts
            if not source.delivery_path(each, extract, month).is_file()
        ]
        for each in forces
    }
    if any(not extracts for extracts in awaited.values()):
        return []
    if len(forces) == 1:
        return next(iter(awaited.values()))
    return [f"{force} {extract}" for force, extracts in awaited.items() for extract in extracts]


@dataclass(frozen=True)
class StaleDelivery:
    """A landed file the warehouse has not loaded as it is now: its digest now (None when it
    cannot be read) and the digest of what the warehouse loaded for it (None: never loaded); its
    force, in a landing folder of many forces."""

    extract: str
    month: date
    path: Path
    sha256: str | None
    loaded_sha256: str | None
    force: str | None = None

    @property
    def name(self) -> str:
        """`[<force>/]<extract>/<YYYY-MM>`."""
        return "/".join(
            [*([self.force] if self.force else []), self.extract, f"{self.month:%Y-%m}"]
        )


def forces_that_delivered(settings: Settings, month: date) -> Settings:
    """The settings with the run's forces narrowed to those that have delivered `month` whole
    (every extract): a force yet to deliver is left as it was."""
    source = source_named(settings.source)
    forces = tuple(
        each.force_id for each in settings.each_force() if month in source.landed_months(each)
    )
    return replace(settings, forces=forces, force_id=forces[0] if forces else settings.force_id)


def stale_deliveries(settings: Settings, up_to: date) -> list[StaleDelivery]:
    """Every delivery of the run's forces' landed months from the first month of the history up
    to `up_to` that the warehouse has not loaded as it is now (new, or corrected since): compared
    by the files' SHA-256 with raw.loads. In month order, then extract."""
    forces = settings.each_force()
    return sorted(
        (
            replace(stale, force=each.force_id) if len(forces) > 1 else stale
            for each in forces
            for stale in _stale_of_force(each, up_to)
        ),
        key=lambda stale: (stale.month, stale.extract, stale.force or ""),
    )


def _stale_of_force(settings: Settings, up_to: date) -> list[StaleDelivery]:
    source = source_named(settings.source)
    start = first_month(settings)
    landed = [m for m in source.landed_months(settings) if start <= m <= up_to]
    loaded: dict[tuple[str, date], str] = {}
    if settings.duckdb_path.exists():
        with open_warehouse(settings.duckdb_path, read_only=True) as con:
            has_loads = con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND table_name = 'loads'"
            ).fetchone()[0]
            if has_loads:
                rows = con.execute(
                    "SELECT DISTINCT extract, month, sha256 FROM raw.loads WHERE force_id = ?",
                    [settings.force_id],
                ).fetchall()
                loaded = {(extract, m): sha for extract, m, sha in rows}
    stale = []
    for month in landed:
        for extract in source.extracts:
            path = source.delivery_path(settings, extract, month)
            digest = _sha256(path)
            if loaded.get((extract, month)) != digest:
                stale.append(
                    StaleDelivery(extract, month, path, digest, loaded.get((extract, month)))
                )
    return stale


def stale_months(settings: Settings, up_to: date) -> list[date]:
    """Landed months up to `up_to` with a delivery the warehouse has not loaded as it is now."""
    return sorted({delivery.month for delivery in stale_deliveries(settings, up_to)})


def months_to_rebuild(settings: Settings, month: date) -> list[date]:
    """The reporting month plus every earlier landed month whose files are new or changed.

    A fresh warehouse loads the whole history in one run; a month-end run touches one month.
    """
    landed = [m for m in source_named(settings.source).landed_months(settings) if m <= month]
    first = min([*stale_months(settings, month), month])
    return [m for m in landed if first <= m <= month] or [month]


def _sha256(path: Path) -> str | None:
    """The file's digest; None when it cannot be read (the run then names the file and why)."""
    try:
        return sha256_of(path)
    except OSError:
        return None
