"""Identity cannot drift silently (docs/personal-data.md, docs/data-quality.md): a run under
another pseudonym key is refused before loading, `pcp rekey` moves the history to a new key with
the same figures, nominal IDs out of their force's format are quarantined, and a month whose
people are not the earlier months' people fails a blocking check.

Expected fingerprints, pseudonyms and shares are worked out here from the keys and the landing
CSVs (hmac and pandas), not read from the pipeline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from datetime import date
from pathlib import Path
from statistics import median

import dagster as dg
import duckdb
import pandas as pd
import pytest

from data_contracts.reference import area_lookup
from orchestration.cli import main
from orchestration.months import first_month
from pcp_assets.ingest import build_contract_check, build_raw_asset
from pcp_assets.loading import DeliveryError, check_delivery
from pcp_assets.partitions import monthly_partitions
from pcp_assets.people_seen_before import MonthPeople, build_seen_before_check, judge
from pcp_assets.pseudonyms import DEVELOPMENT_KEY, PseudonymKey
from pcp_assets.settings import SEEDS_DIR, Settings
from pcp_assets.sources.force_extracts.synthetic.people import nominal_ids
from pcp_assets.warehouse import Warehouse
from tests.conftest import REPORTING_MONTH
from tests.landing import read_extract
from tests.test_failed_runs import published_state

pytestmark = pytest.mark.minutes(14)

NEW_KEY = "the force's new secret key"
OCTOBER = date(2026, 10, 1)


def hand_fingerprint(secret: bytes, force: str = "midshire") -> str:
    label = f"\x1epcp pseudonym key fingerprint\x1f{force}".encode()
    return hmac.new(secret, label, hashlib.sha256).hexdigest()[:12]


def hand_pseudonym(secret: bytes, nominal_id: str, force: str = "midshire") -> str:
    message = f"{force}\x1f{nominal_id}".encode()
    return "P" + hmac.new(secret, message, hashlib.sha256).hexdigest()[:20]


def query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


# --- the key's fingerprint -------------------------------------------------------------------


def test_a_run_under_another_key_is_refused_before_loading(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = "SELECT extract, month, loaded_at FROM raw.loads ORDER BY ALL"
    before, published = query(pipeline_copy, loads), published_state(pipeline_copy)
    assert query(pipeline_copy, "SELECT force_id, fingerprint FROM raw.pseudonym_keys") == [
        ("midshire", hand_fingerprint(DEVELOPMENT_KEY))
    ]
    monkeypatch.setenv("PCP_PSEUDONYM_KEY", NEW_KEY)
    capsys.readouterr()

    assert main(["run", "--month", REPORTING_MONTH]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == (
        "pcp: midshire's pseudonyms in the warehouse were made under the key with fingerprint "
        f"{hand_fingerprint(DEVELOPMENT_KEY)} (the development key of generated data), and this "
        f"run's key (PCP_PSEUDONYM_KEY) has fingerprint {hand_fingerprint(NEW_KEY.encode())}: "
        "nothing was loaded. To go on, unset PCP_PSEUDONYM_KEY, or re-pseudonymise the history "
        "under the new key with `pcp rekey` (docs/personal-data.md)"
    )
    assert query(pipeline_copy, loads) == before
    assert published_state(pipeline_copy) == published


def test_a_raw_asset_launched_from_the_ui_refuses_another_key(pipeline_copy: Settings) -> None:
    """The schedule and the UI launch the raw assets without `pcp run`: each refuses, even an
    extract naming nobody (crimes), so nothing of the month loads."""
    settings = dataclasses.replace(pipeline_copy, pseudonym_key=NEW_KEY)
    loads = "SELECT extract, month, loaded_at FROM raw.loads ORDER BY ALL"
    before = query(settings, loads)
    partitions = monthly_partitions(first_month(settings), settings.today)
    result = dg.materialize(
        [build_raw_asset("crimes", partitions), build_raw_asset("iom_cohort", partitions)],
        partition_key=f"{OCTOBER}",
        resources={"warehouse": Warehouse.from_settings(settings), "settings": settings},
        raise_on_error=False,
    )
    failures = [e for e in result.all_events if e.is_step_failure]
    assert len(failures) == 2
    for failure in failures:
        user = failure.step_failure_data.user_failure_data
        assert hand_fingerprint(NEW_KEY.encode()) in user.description
        assert "`pcp rekey`" in user.description
    assert query(settings, loads) == before


def iom_figures(settings: Settings) -> list[tuple]:
    return query(
        settings,
        "SELECT * FROM marts.iom_cohort_offending ORDER BY reporting_month, cohort_type",
    )


def test_rekey_moves_the_history_to_the_new_key_with_the_same_figures(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    under_a = iom_figures(pipeline_copy)
    entrants_a = query(pipeline_copy, "SELECT * FROM marts.first_time_entrants ORDER BY ALL")
    october = [row for row in under_a if row[1] == OCTOBER and row[2] == "All"]
    assert october and all(v is not None for v in october[0][4:8])  # before/since compared
    monkeypatch.setenv("PCP_PSEUDONYM_KEY", NEW_KEY)
    assert main(["run", "--month", REPORTING_MONTH]) == 2
    capsys.readouterr()

    assert main(["rekey"]) == 0
    said = capsys.readouterr().out
    assert (
        f"the warehouse records key {hand_fingerprint(NEW_KEY.encode())} "
        f"(was {hand_fingerprint(DEVELOPMENT_KEY)})" in said
    )
    assert main(["run", "--month", REPORTING_MONTH]) == 0

    assert iom_figures(pipeline_copy) == under_a
    assert query(pipeline_copy, "SELECT * FROM marts.first_time_entrants ORDER BY ALL") == (
        entrants_a
    )
    # every month's people now carry the new key's pseudonyms, in raw and in the marts
    cohort = read_extract(pipeline_copy.landing_dir, "iom_cohort")
    expected = {hand_pseudonym(NEW_KEY.encode(), i) for i in cohort["nominal_id"]}
    loaded = query(pipeline_copy, "SELECT DISTINCT nominal_id FROM raw.iom_cohort")
    assert {p for (p,) in loaded} == expected
    links = read_extract(pipeline_copy.landing_dir, "offender_links")
    linked = {hand_pseudonym(NEW_KEY.encode(), i) for i in links["nominal_id"]}
    ranked = query(
        pipeline_copy, "SELECT DISTINCT nominal_pseudonym FROM marts.harm_ranked_offenders"
    )
    assert ranked and {p for (p,) in ranked} <= linked


def test_rekey_without_a_loaded_file_changes_nothing(
    pipeline_copy: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = pipeline_copy.landing_dir / "custody" / "2025-06.csv"
    gone.unlink()
    keys = "SELECT force_id, fingerprint FROM raw.pseudonym_keys"
    before = query(pipeline_copy, keys), query(pipeline_copy, "SELECT * FROM raw.custody")
    monkeypatch.setenv("PCP_PSEUDONYM_KEY", NEW_KEY)
    capsys.readouterr()

    assert main(["rekey"]) == 2
    assert capsys.readouterr().out.splitlines()[-2:] == [
        f"pcp: cannot re-key: {gone}: it is not in the landing folder; put back the file loaded "
        "for 2025-06",
        "pcp: nothing was changed",
    ]
    assert (query(pipeline_copy, keys), query(pipeline_copy, "SELECT * FROM raw.custody")) == before


# --- the format of nominal IDs ---------------------------------------------------------------


def test_every_generated_forces_ids_match_its_declared_format() -> None:
    seed = pd.read_csv(SEEDS_DIR / "nominal_id_format.csv", dtype=str)
    formats = dict(zip(seed["force_id"], seed["pattern"], strict=True))
    for force in area_lookup()["force_id"].drop_duplicates():
        assert pd.Series(nominal_ids(force, 3)).str.fullmatch(formats[force]).all(), force


def test_ids_out_of_the_forces_format_are_quarantined(two_generated_months: Settings) -> None:
    path = two_generated_months.landing_dir / "iom_cohort" / f"{REPORTING_MONTH}.csv"
    cohort = pd.read_csv(path, dtype=str, keep_default_na=False)
    good_id = cohort.loc[2, "nominal_id"]
    assert good_id.startswith("MS-N00")
    # a spreadsheet's lost leading zeros, and a lower-case ID
    cohort.loc[0, "nominal_id"] = "MS-N" + str(int(cohort.loc[0, "nominal_id"][4:]))
    cohort.loc[1, "nominal_id"] = cohort.loc[1, "nominal_id"].lower()
    cohort.to_csv(path, index=False)

    checked = check_delivery("iom_cohort", OCTOBER, path, "midshire", PseudonymKey(b"k"))
    assert checked.rejects[["row_number", "rule"]].values.tolist() == [
        [1, "nominal_id matches MS-N and 7 digits"],
        [2, "nominal_id matches MS-N and 7 digits"],
    ]
    assert hand_pseudonym(b"k", good_id) in set(checked.good["nominal_id"])
    assert len(checked.good) == len(cohort) - 2


def test_a_force_without_a_declared_format_cannot_load_people(
    two_generated_months: Settings,
) -> None:
    path = two_generated_months.landing_dir / "custody" / f"{REPORTING_MONTH}.csv"
    custody = pd.read_csv(path, dtype=str, keep_default_na=False)
    custody["force_id"] = "northshire"
    custody.to_csv(path, index=False)
    with pytest.raises(DeliveryError) as refused:
        check_delivery("custody", OCTOBER, path, "northshire", PseudonymKey(b"k"))
    assert str(refused.value) == (
        f"{path}: custody names people and no format of northshire's nominal IDs is declared: "
        "add the force's row (pattern, described) to seed nominal_id_format "
        "(docs/personal-data.md)"
    )


# --- people seen before ----------------------------------------------------------------------


def months(shares: list[tuple[int, int]]) -> list[MonthPeople]:
    return [
        MonthPeople(date(2026, 1 + i, 1), people, seen) for i, (people, seen) in enumerate(shares)
    ]


def test_a_month_of_new_people_fails_against_the_usual_share() -> None:
    history = months([(100, 0), (100, 90), (100, 80), (100, 100), (100, 39)])
    # usual: median of 90%, 80%, 100% = 90%; the check fails below 45%
    assert judge(history, date(2026, 5, 1)).failed
    history[-1] = MonthPeople(date(2026, 5, 1), 100, 46)
    assert not judge(history, date(2026, 5, 1)).failed


def test_the_first_months_and_small_months_are_not_judged() -> None:
    history = months([(100, 0), (100, 90), (100, 80), (100, 0)])
    assert judge(history, date(2026, 4, 1)).usual is None  # two earlier months with a share
    assert judge(history, date(2026, 1, 1)).usual is None
    few = months([(100, 0), (40, 20), (40, 20), (40, 20), (40, 0)])
    # 40 people at the usual 50% is 20 expected: judged; 39 people is not
    assert judge(few, date(2026, 5, 1)).failed
    few[-1] = MonthPeople(date(2026, 5, 1), 39, 0)
    assert judge(few, date(2026, 5, 1)).usual is None
    assert judge(few, date(2026, 7, 1)) is None  # nobody loaded


def shares_from_landing(landing: Path, extract: str) -> dict[str, tuple[int, int]]:
    """(people, seen in an earlier month's file) per month, from the delivered IDs."""
    rows = read_extract(landing, extract)[["file_month", "nominal_id"]].drop_duplicates()
    first = rows.groupby("nominal_id")["file_month"].transform("min")
    rows = rows.assign(seen=first < rows["file_month"])
    counted = rows.groupby("file_month")["seen"].agg(["size", "sum"])
    return {m: (int(r["size"]), int(r["sum"])) for m, r in counted.iterrows()}


def test_the_good_history_passes_and_is_judged(completed_run: Settings) -> None:
    from pcp_assets.people_seen_before import people_by_month

    for extract in ("iom_cohort", "offender_links", "custody", "outstanding_suspects"):
        expected = shares_from_landing(completed_run.landing_dir, extract)
        with duckdb.connect(str(completed_run.duckdb_path), read_only=True) as con:
            history = people_by_month(con, extract, "midshire")
        assert {f"{m.month:%Y-%m}": (m.people, m.seen) for m in history} == expected
        judged = [judge(history, m.month) for m in history]
        assert not any(j.failed for j in judged), extract
        assert sum(j.usual is not None for j in judged) >= len(history) - 4, extract


def test_a_month_of_unseen_ids_fails_the_check(pipeline_copy: Settings) -> None:
    path = pipeline_copy.landing_dir / "iom_cohort" / f"{REPORTING_MONTH}.csv"
    cohort = pd.read_csv(path, dtype=str, keep_default_na=False)
    # well-formed IDs of nobody delivered before (the generator's people number 30,000)
    cohort["nominal_id"] = [f"MS-N9{i:06d}" for i in range(len(cohort))]
    cohort.to_csv(path, index=False)
    earlier = shares_from_landing(pipeline_copy.landing_dir, "iom_cohort")
    usual = median(
        seen / people for m, (people, seen) in earlier.items() if "2026-04" <= m < REPORTING_MONTH
    )

    settings = pipeline_copy
    partitions = monthly_partitions(first_month(settings), settings.today)
    result = dg.materialize(
        [
            build_raw_asset("iom_cohort", partitions),
            build_contract_check("iom_cohort"),
            build_seen_before_check("iom_cohort"),
        ],
        partition_key=f"{OCTOBER}",
        resources={"warehouse": Warehouse.from_settings(settings), "settings": settings},
        raise_on_error=False,
    )
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations["contract"].passed
    seen_before = evaluations["people_seen_before"]
    assert not seen_before.passed
    assert seen_before.metadata["failed"].value == (
        f"iom_cohort 2026-10: 0.0% of the month's {len(cohort):,} people were named in earlier "
        f"months, against a usual {usual:.1%} (the median of up to 6 months before); the check "
        f"fails below {usual / 2:.1%}"
    )
