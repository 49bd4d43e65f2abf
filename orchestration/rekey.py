"""`pcp rekey`: the history re-pseudonymised under the key now set, then rebuilt."""

from __future__ import annotations

from orchestration.months import first_month
from orchestration.runner import run_months, say
from pcp_assets.partitions import months_between
from pcp_assets.pseudonyms import PseudonymKeyMissing
from pcp_assets.rekey import RekeyRefused, rekey_history
from pcp_assets.settings import Settings
from pcp_assets.warehouse import WarehouseError


def rekey(settings: Settings) -> int:
    """Re-key the force's pseudonyms in the warehouse, then rebuild every loaded month in one run
    (the marts, the published release and the latest paper) so that nothing holds the old
    pseudonyms. Run again after a failed rebuild: re-keying under the same key changes nothing."""
    say(
        f"re-pseudonymising {settings.force_id}'s history in {settings.duckdb_path} under the key "
        "now set, from the landed deliveries"
    )
    try:
        done = rekey_history(settings)
    except (RekeyRefused, PseudonymKeyMissing, WarehouseError) as error:
        for line in str(error).splitlines():
            say(f"cannot re-key: {line}")
        say("nothing was changed")
        return 2
    if not done.months:
        say(f"nothing of {settings.force_id} is loaded; the warehouse records key {done.new}")
        return 0
    rows = ", ".join(f"{extract} {count:,}" for extract, count in done.rows.items())
    say(
        f"re-keyed the rows naming people ({rows}); the warehouse records key {done.new}"
        + (f" (was {done.old})" if done.old and done.old != done.new else "")
    )
    months = months_between(max(first_month(settings), done.months[0]), done.months[-1])
    say(
        "rebuilding the history so that the marts and the published release hold the new pseudonyms"
    )
    if run_months(settings, months, every_paper=False):
        return 0
    say(
        "the history is re-keyed but its rebuild failed (see above): fix it and run `pcp rekey` "
        "again; until then the marts hold the earlier pseudonyms"
    )
    return 1
