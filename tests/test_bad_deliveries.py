"""Bad deliveries: each kind of bad input (tests/bad_deliveries.py) against the real loader.

Either the whole file is refused, with an error naming the file, the row or line and the rule, and
nothing is written; or the bad rows are quarantined in raw.rejects (row number, rule, the row as
delivered) and the good rows load. In every case delivered rows = loaded rows + rejected rows,
with "delivered" counted here by Python's csv module, apart from the loader.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from data_contracts.registry import extracts_of
from pcp_assets.loading import (
    RULE_OUTCOME_BEFORE_CRIME,
    DeliveryError,
    RefusedDelivery,
    load_delivery,
)
from pcp_assets.pseudonyms import DEVELOPMENT_KEY, PseudonymKey
from pcp_assets.raw_tables import create_raw_tables
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.synthetic import generate
from tests.bad_deliveries import CORPUS, Bad, Good, blank_key, replace, text, unknown_offence_code

pytestmark = pytest.mark.minutes(1.5)

MONTH = date(2026, 10, 1)
FORCE = "midshire"
EXTRACTS = extracts_of("force_extracts")
# Extracts naming people need a pseudonym key; generated people take the development key.
KEY = PseudonymKey(DEVELOPMENT_KEY)
# Loaded exactly as the good file is, row for row.
SAME_AS_GOOD = {
    "reordered_columns",
    "byte_order_mark",
    "crlf_line_ends",
    "blank_lines",
    "spaces_around_values",
    "spaces_around_header_names",
}


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    generate(root, end_month="2026-10", months=3)
    return root


@pytest.fixture(scope="module")
def goods(landing: Path) -> dict[str, Good]:
    return {
        e: Good(e, (landing / e / "2026-10.csv").read_text(encoding="utf-8").split("\n")[:-1])
        for e in EXTRACTS
    }


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    create_raw_tables(connection)
    yield connection
    connection.close()


def deliver(root: Path, extract: str, data: bytes, month: date = MONTH) -> Path:
    path = root / "delivered" / extract / f"{month:%Y-%m}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def delivered_rows(data: bytes) -> int:
    """Data rows in a file, counted with Python's csv module (lenient), not the loader."""
    saved = csv.field_size_limit(1 << 30)
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    finally:
        csv.field_size_limit(saved)
    return sum(1 for row in rows[1:] if row)


def counts(con: duckdb.DuckDBPyConnection, extract: str, month: date = MONTH) -> tuple[int, int]:
    """(rows in raw.<extract>, distinct rejected rows in raw.rejects) for the month."""
    loaded = con.execute(f"SELECT count(*) FROM raw.{extract} WHERE month = ?", [month])
    n_loaded = loaded.fetchone()[0]
    rejected = con.execute(
        "SELECT count(DISTINCT row_number) FROM raw.rejects WHERE extract = ? AND month = ?",
        [extract, month],
    )
    return n_loaded, rejected.fetchone()[0]


def rejects(con: duckdb.DuckDBPyConnection, extract: str) -> dict[int, dict[str, str]]:
    """row number -> {rule: raw_record}."""
    out: dict[int, dict[str, str]] = {}
    for row, rule, raw in con.execute(
        "SELECT row_number, rule, raw_record FROM raw.rejects WHERE extract = ? AND month = ?",
        [extract, MONTH],
    ).fetchall():
        out.setdefault(row, {})[rule] = raw
    return out


def rows_of(con: duckdb.DuckDBPyConnection, extract: str) -> list[tuple]:
    return con.execute(
        f"SELECT * EXCLUDE (_source_file, _loaded_at) FROM raw.{extract} "
        "WHERE month = ? ORDER BY _row_number",
        [MONTH],
    ).fetchall()


def assert_conserved(con: duckdb.DuckDBPyConnection, extract: str, data: bytes, report) -> None:
    """delivered (counted apart) = loaded + rejected, in the tables, the report and raw.loads."""
    delivered = delivered_rows(data)
    loaded, rejected = counts(con, extract)
    assert delivered == loaded + rejected, (delivered, loaded, rejected)
    assert (report.file.rows_delivered, report.rows_loaded, report.rows_rejected) == (
        delivered,
        loaded,
        rejected,
    )
    books = con.execute(
        "SELECT sum(rows_delivered), sum(rows_loaded), sum(rows_rejected) FROM raw.loads "
        "WHERE extract = ? AND month = ?",
        [extract, MONTH],
    ).fetchone()
    assert books == (delivered, loaded, rejected)


def assert_nothing_written(con: duckdb.DuckDBPyConnection) -> None:
    for table in (*EXTRACTS, "rejects", "loads"):
        assert con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0] == 0, table


# --- the corpus ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CORPUS), ids=lambda kind: kind.__name__)
def test_bad_delivery(kind, goods, con, tmp_path: Path) -> None:
    extract = CORPUS[kind]
    bad: Bad = kind(goods[extract])
    path = deliver(tmp_path, extract, bad.data)

    if bad.refused:
        with pytest.raises(DeliveryError) as raised:
            load_delivery(con, extract, MONTH, path, FORCE, KEY)
        message = str(raised.value)
        assert message.startswith(f"{path}: "), message
        for fragment in bad.refused:
            assert fragment in message, message
        assert_nothing_written(con)
        return

    max_share = Settings.from_env().max_rejected_share
    if len(bad.rejected) > max_share * delivered_rows(bad.data):
        # a small extract (five queues, a few operations): one bad row is past the share
        with pytest.raises(RefusedDelivery) as refused:
            load_delivery(con, extract, MONTH, path, FORCE, KEY, max_share)
        message = str(refused.value)
        assert message.startswith(f"{path}: ") and "so the file is refused" in message, message
        assert any(f"rule '{rule}'" in message for rule in bad.rejected.values()), message
        assert_nothing_written(con)
        # the rows it broke, seen with the share rule set aside
        max_share = 1.0
    report = load_delivery(con, extract, MONTH, path, FORCE, KEY, max_share)
    assert_conserved(con, extract, bad.data, report)
    found = rejects(con, extract)
    assert set(found) == set(bad.rejected)
    lines = bad.data.decode("utf-8").split("\n")
    for row, rule in bad.rejected.items():
        assert rule in found[row], (row, found[row])
        # The row exactly as delivered (these kinds have no line breaks inside fields).
        assert set(found[row].values()) == {lines[row].removesuffix("\r")}
    if kind.__name__ in SAME_AS_GOOD:
        good_path = deliver(tmp_path / "good", extract, text(goods[extract].lines))
        with duckdb.connect(str(tmp_path / "good.duckdb")) as other:
            create_raw_tables(other)
            load_delivery(other, extract, MONTH, good_path, FORCE, KEY)
            assert rows_of(con, extract) == rows_of(other, extract)


def test_the_corpus_covers_at_least_25_kinds_across_the_extracts() -> None:
    assert len(CORPUS) >= 25
    assert set(CORPUS.values()) == set(EXTRACTS)


# --- kinds that need more than one file ---------------------------------------------------------


def test_quotes_and_newlines_inside_a_field_load_exactly(goods, con, tmp_path: Path) -> None:
    from tests.bad_deliveries import quotes_and_newlines_in_a_field

    bad = quotes_and_newlines_in_a_field(goods["crimes"])
    load_delivery(con, "crimes", MONTH, deliver(tmp_path, "crimes", bad.data), FORCE)
    (description,) = con.execute(
        "SELECT offence_description FROM raw.crimes WHERE _row_number = 7"
    ).fetchone()
    assert description == 'Caller said "he\'s got a knife",\nthen the line went dead'
    # The row after it keeps its number although its line number moved on by one.
    (ref,) = con.execute("SELECT crime_ref FROM raw.crimes WHERE _row_number = 8").fetchone()
    assert ref == goods["crimes"].fields(8)["crime_ref"]


def test_header_only_file_is_a_delivered_empty_month(goods, con, tmp_path: Path) -> None:
    path = deliver(tmp_path, "outcomes", text(goods["outcomes"].lines[:1]))
    report = load_delivery(con, "outcomes", MONTH, path, FORCE)
    assert (report.file.rows_delivered, report.rows_loaded, report.rows_rejected) == (0, 0, 0)
    assert con.execute(
        "SELECT force_id, rows_delivered, rows_loaded, rows_rejected FROM raw.loads"
    ).fetchall() == [(FORCE, 0, 0, 0)]


def test_missing_month_is_an_error_not_an_empty_month(con, tmp_path: Path) -> None:
    path = tmp_path / "delivered" / "crimes" / "2026-10.csv"
    with pytest.raises(DeliveryError, match=r"no crimes delivery for 2026-10 \(file not found\)"):
        load_delivery(con, "crimes", MONTH, path, FORCE)
    assert_nothing_written(con)


def test_outcome_dated_before_its_crime_is_quarantined(
    goods, landing: Path, con, tmp_path: Path
) -> None:
    crimes, outcomes = goods["crimes"], goods["outcomes"]
    load_delivery(con, "crimes", MONTH, landing / "crimes" / "2026-10.csv", FORCE)
    with_outcome = {outcomes.fields(i)["crime_ref"] for i in range(1, len(outcomes.lines))}
    late_crime = next(
        fields["crime_ref"]
        for fields in (crimes.fields(i) for i in range(len(crimes.lines) - 1, 0, -1))
        if fields["recorded_at"] >= "2026-10-20" and fields["crime_ref"] not in with_outcome
    )
    lines = replace(
        outcomes, {3: outcomes.row_with(3, crime_ref=late_crime, outcome_date="2026-10-02")}
    )
    data = text(lines)
    report = load_delivery(con, "outcomes", MONTH, deliver(tmp_path, "outcomes", data), FORCE)
    assert_conserved(con, "outcomes", data, report)
    assert rejects(con, "outcomes") == {3: {RULE_OUTCOME_BEFORE_CRIME: lines[3]}}
    assert con.execute(
        "SELECT column_name FROM raw.rejects WHERE rule = ?", [RULE_OUTCOME_BEFORE_CRIME]
    ).fetchall() == [("outcome_date",)]


def test_outcome_of_a_crime_not_loaded_cannot_be_checked_and_loads(
    goods, con, tmp_path: Path
) -> None:
    outcomes = goods["outcomes"]
    lines = replace(outcomes, {3: outcomes.row_with(3, crime_ref="MS/26/999999")})
    report = load_delivery(
        con, "outcomes", MONTH, deliver(tmp_path, "outcomes", text(lines)), FORCE
    )
    assert report.rows_rejected == 0


def test_same_file_twice_is_idempotent(goods, landing: Path, con) -> None:
    path = landing / "incidents" / "2026-10.csv"
    first = load_delivery(con, "incidents", MONTH, path, FORCE)
    before = rows_of(con, "incidents")
    second = load_delivery(con, "incidents", MONTH, path, FORCE)
    assert (first.rows_loaded, first.file.sha256) == (second.rows_loaded, second.file.sha256)
    assert rows_of(con, "incidents") == before
    assert con.execute("SELECT count(*) FROM raw.loads").fetchone()[0] == 1
    duplicated = con.execute(
        "SELECT count(*) - count(DISTINCT incident_ref) FROM raw.incidents"
    ).fetchone()[0]
    assert duplicated == 0


def test_corrected_redelivery_replaces_the_month(goods, con, tmp_path: Path) -> None:
    """A month already loaded, with rejects, delivered again corrected: the new file replaces
    the old one's rows, rejects and bookkeeping; no key is held twice."""
    crimes = goods["crimes"]
    first = unknown_offence_code(crimes)
    path = deliver(tmp_path, "crimes", first.data)
    load_delivery(con, "crimes", MONTH, path, FORCE)
    assert counts(con, "crimes") == (len(crimes.lines) - 3, 2)

    corrected = text(crimes.lines[:-1])  # fixed, and one crime withdrawn
    path.write_bytes(corrected)
    report = load_delivery(con, "crimes", MONTH, path, FORCE)
    assert_conserved(con, "crimes", corrected, report)
    assert counts(con, "crimes") == (len(crimes.lines) - 2, 0)
    assert con.execute("SELECT count(*) FROM raw.rejects").fetchone()[0] == 0
    assert con.execute("SELECT count(*), any_value(sha256) FROM raw.loads").fetchone() == (
        1,
        report.file.sha256,
    )
    duplicated = con.execute(
        "SELECT count(*) - count(DISTINCT crime_ref) FROM raw.crimes"
    ).fetchone()[0]
    assert duplicated == 0


def test_a_redelivery_records_the_keys_it_withdrew_until_delivered_again(
    goods, con, tmp_path: Path
) -> None:
    crimes = goods["crimes"]
    header, rows = crimes.lines[0], crimes.lines[1:]
    ref = {i: crimes.fields(i)["crime_ref"] for i in range(1, 6)}

    def load(lines: list[str]) -> set[tuple[str, str, str]]:
        path = deliver(tmp_path, "crimes", text([header, *lines]))
        load_delivery(con, "crimes", MONTH, path, FORCE)
        return set(
            con.execute(
                "SELECT key_value, source_file, withdrawn_by FROM raw.withdrawals"
            ).fetchall()
        )

    assert load(rows) == set()
    assert load(rows) == set()  # the same file twice withdraws nothing
    path = str(tmp_path / "delivered" / "crimes" / "2026-10.csv")
    assert load(rows[3:]) == {(ref[i], path, path) for i in (1, 2, 3)}
    # crime 1 delivered again, crime 4 withdrawn: 2 and 3 stay withdrawn
    assert load([rows[0], *rows[4:]]) == {(ref[i], path, path) for i in (2, 3, 4)}


def test_crime_delivered_in_two_months_is_kept_per_delivery(
    goods, landing: Path, con, tmp_path: Path
) -> None:
    """Raw keeps what each month's file said; staging reads the later delivery
    (dbt_project/models/staging/stg_raw__crimes.sql)."""
    september = date(2026, 9, 1)
    load_delivery(con, "crimes", september, landing / "crimes" / "2026-09.csv", FORCE)
    earlier = Good("crimes", (landing / "crimes" / "2026-09.csv").read_text().split("\n")[:-1])
    ref = earlier.fields(1)["crime_ref"]
    again = earlier.row_with(1, recorded_at="2026-10-03 09:00:00")
    data = text([*goods["crimes"].lines, again])
    report = load_delivery(con, "crimes", MONTH, deliver(tmp_path, "crimes", data), FORCE)
    assert report.rows_rejected == 0
    held = con.execute(
        "SELECT month, recorded_at FROM raw.crimes WHERE crime_ref = ? ORDER BY month", [ref]
    ).fetchall()
    assert [month for month, _ in held] == [september, MONTH]


def test_rejects_name_their_delivery(goods, con, tmp_path: Path) -> None:
    bad = blank_key(goods["incidents"])
    path = deliver(tmp_path, "incidents", bad.data)
    load_delivery(con, "incidents", MONTH, path, FORCE)
    assert con.execute(
        "SELECT extract, month, source_file, row_number, rule, column_name FROM raw.rejects"
    ).fetchall() == [("incidents", MONTH, str(path), 5, "incident_ref not blank", "incident_ref")]


# --- a file mostly rejected is refused whole; its month keeps its rows ----------------------------


def step_failure(result: dg.ExecuteInProcessResult) -> dg.Failure:
    (event,) = [event for event in result.all_events if event.is_step_failure]
    return event.step_failure_data.user_failure_data


def test_a_file_past_the_rejected_share_is_refused_and_its_month_kept(
    goods, tmp_path: Path
) -> None:
    from pcp_assets.ingest import build_contract_check, build_raw_asset
    from pcp_assets.partitions import monthly_partitions
    from pcp_assets.warehouse import Warehouse

    incidents = goods["incidents"]
    delivered = len(incidents.lines) - 1
    spoiled = range(1, len(incidents.lines), 20)  # 5% of the rows
    assert len(spoiled) / delivered > Settings.from_env().max_rejected_share
    settings = dataclasses.replace(
        Settings.from_env(),
        landing_dir=tmp_path / "landing" / "delivered",
        duckdb_path=tmp_path / "w.duckdb",
    )
    resources = {"warehouse": Warehouse.from_settings(settings), "settings": settings}
    assets = [
        build_raw_asset("incidents", monthly_partitions(MONTH)),
        build_contract_check("incidents"),
    ]

    path = deliver(tmp_path / "landing", "incidents", text(incidents.lines))
    dg.materialize(assets, partition_key="2026-10-01", resources=resources)
    with duckdb.connect(str(settings.duckdb_path)) as con:
        before = {
            t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall()
            for t in ("incidents", "loads", "rejects")
        }
    assert len(before["incidents"]) == delivered

    deliver(
        tmp_path / "landing",
        "incidents",
        text(replace(incidents, {i: incidents.row_with(i, grade="urgent") for i in spoiled})),
    )
    result = dg.materialize(
        assets, partition_key="2026-10-01", resources=resources, raise_on_error=False
    )
    assert not result.success
    failure = step_failure(result)
    rule = "grade in {immediate, prompt, scheduled}"
    assert failure.description == (
        f"{path}: {len(spoiled):,} of {delivered:,} rows ({len(spoiled) / delivered * 100:.3g}%) "
        f"break rule '{rule}' (e.g. row 1 'urgent'); more than 1% (PCP_MAX_REJECTED_SHARE) "
        "rejected, so the file is refused and 2026-10 keeps its earlier rows"
    )
    assert f"| `2026-10.csv` | 2026-10 | {rule} | {len(spoiled)} |" in (
        failure.metadata["refused_rejects_by_rule"].value
    )
    with duckdb.connect(str(settings.duckdb_path)) as con:
        after = {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in before}
    assert after == before


def refused_with_every_row(
    goods, con, tmp_path: Path, extract: str, max_share: float, **values: str
) -> tuple[str, int]:
    """Every row of the extract's good file with `values`, loaded: the refusal and the rows."""
    good = goods[extract]
    rows = range(1, len(good.lines))
    data = text(replace(good, {i: good.row_with(i, **values) for i in rows}))
    path = deliver(tmp_path, extract, data)
    with pytest.raises(RefusedDelivery) as refused:
        load_delivery(con, extract, MONTH, path, FORCE, KEY, max_share)
    assert_nothing_written(con)
    return str(refused.value).removeprefix(f"{path}: "), len(rows)


def test_a_file_every_row_rejected_is_refused_whatever_the_share(goods, con, tmp_path) -> None:
    message, rows = refused_with_every_row(
        goods, con, tmp_path, "outstanding_suspects", 1.0, nominal_id=""
    )
    assert message == (
        f"{rows:,} of {rows:,} rows (100%) break rule 'nominal_id not blank' (e.g. row 1); "
        "every row rejected, so the file is refused and 2026-10 stays missing"
    )


def test_a_refusal_shows_no_value_of_a_column_naming_a_person(goods, con, tmp_path) -> None:
    max_share = Settings.from_env().max_rejected_share
    message, _ = refused_with_every_row(
        goods, con, tmp_path, "iom_cohort", max_share, date_of_birth="31/02/1990"
    )
    assert "break rule 'date_of_birth" in message and "(e.g. row 1);" in message, message
    assert "1990" not in message


def test_rows_are_numbered_after_the_header_and_know_their_line() -> None:
    from data_contracts.delivery import RULE_FIELD_COUNT, parse_delivery

    parsed = parse_delivery(b'\xef\xbb\xbfa,b\r\n1,"x\r\ny"\r\n\r\n2\r\n3,z')
    assert parsed.header == ["a", "b"] and parsed.byte_order_mark and parsed.crlf
    assert [(r.row_number, r.line_number, r.fields) for r in parsed.rows] == [
        (1, 2, ["1", "x\r\ny"]),
        (3, 6, ["3", "z"]),
    ]
    (bad,) = parsed.malformed
    assert (bad.row_number, bad.line_number, bad.rule, bad.text) == (2, 5, RULE_FIELD_COUNT, "2")
    assert parsed.rows_delivered == 3
