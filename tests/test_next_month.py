"""`pcp generate --next`: the month after a generated history lands, continuing it.

What carries on is read from the CSVs themselves (pandas), never from the generator's frames.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_contracts.registry import extract, extracts_of
from data_contracts.validate import validate
from orchestration.cli import main
from pcp_assets.pseudonyms import GENERATED_MARKER
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.synthetic import generate
from pcp_assets.sources.force_extracts.synthetic.generate import drawn, generation_order
from pcp_assets.sources.force_extracts.synthetic.next_month import land_next
from pcp_assets.sources.force_extracts.synthetic.reference import Places
from pcp_assets.sources.force_extracts.synthetic.world import PLACES_STREAM, World
from pcp_assets.sources.force_extracts.synthetic.writer import write_monthly
from tests.landing import withdraw
from tests.paper_html import visible_text
from tests.paper_traces import mismatched_figures
from tests.warehouse_state import warehouse_value

pytestmark = pytest.mark.minutes(6.5)

EXTRACTS = extracts_of("force_extracts")
NEW = "2026-11"


def digests(folder: Path) -> dict[Path, str]:
    return {
        path.relative_to(folder): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def read(landing: Path, extract: str, new: bool) -> pd.DataFrame:
    """The extract's new month's file, or all its earlier files."""
    paths = [p for p in sorted((landing / extract).glob("*.csv")) if (p.stem == NEW) == new]
    return pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False).assign(month=p.stem) for p in paths],
        ignore_index=True,
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirteen generated months, November 2025 to October 2026."""
    landing = tmp_path_factory.mktemp("history") / "landing"
    generate(landing, end_month="2026-10", months=13)
    return landing


@pytest.fixture(scope="module")
def continued(history: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("continued")
    landing = root / "landing"
    shutil.copytree(history, landing)
    before = digests(landing)
    lines: list[str] = []
    paths = land_next(landing, commentary_dir=root / "commentary", progress=lines.append)
    return {"landing": landing, "root": root, "before": before, "paths": paths, "lines": lines}


def test_next_lands_exactly_the_next_month_and_changes_no_landed_file(continued: dict) -> None:
    landing = continued["landing"]
    after = digests(landing)
    assert {path: after[path] for path in continued["before"]} == continued["before"]
    added = set(after) - set(continued["before"])
    assert added == {Path(extract, f"{NEW}.csv") for extract in EXTRACTS}
    assert sorted(continued["paths"]) == sorted(landing / path for path in added)
    assert (continued["root"] / "commentary" / "midshire" / f"{NEW}.md").is_file()
    assert continued["lines"][0].startswith(f"landing {NEW} of midshire's synthetic extracts")


def test_every_new_file_passes_its_contract(continued: dict) -> None:
    for path in continued["paths"]:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["_row_number"] = range(1, len(frame) + 1)
        result = validate(path.parent.name, NEW, frame, "midshire")
        assert result.rejects.empty, (path, result.rejects.head())
        assert len(frame) > 0, path


def test_references_continue_and_no_crime_reference_repeats(continued: dict) -> None:
    landing = continued["landing"]
    for name, key in [
        ("crimes", "crime_ref"),
        ("custody", "custody_ref"),
        ("incidents", "incident_ref"),
        ("offender_links", "link_ref"),
        ("dvpn_dvpo", "case_ref"),
        ("case_files", "file_ref"),
    ]:
        earlier, new = read(landing, name, False), read(landing, name, True)
        assert not new[key].isin(earlier[key]).any(), name
        assert new[key].is_unique, name
    crimes = read(landing, "crimes", True)
    # November's numbers follow October's within 2026: MS/26/nnnnnn
    earlier = read(landing, "crimes", False).query("month >= '2026-01'")
    assert earlier["crime_ref"].str.startswith("MS/26/").all()
    last_number = earlier["crime_ref"].str[-6:].astype(int).max()
    assert crimes["crime_ref"].str[-6:].astype(int).min() == last_number + 1


def test_open_cases_of_earlier_months_carry_on(continued: dict) -> None:
    landing = continued["landing"]
    crimes = pd.concat([read(landing, "crimes", False), read(landing, "crimes", True)])
    month_of = crimes.set_index("crime_ref")["month"]

    outcomes = read(landing, "outcomes", True)
    assert outcomes["crime_ref"].isin(month_of.index).all()
    old_outcomes = outcomes["crime_ref"].map(month_of) < NEW
    assert old_outcomes.mean() > 0.3  # outcomes of crimes pending at the end of October
    earlier_outcomes = read(landing, "outcomes", False)
    revised = outcomes[outcomes["crime_ref"].isin(earlier_outcomes["crime_ref"])]
    assert 0 < len(revised) < 0.1 * len(outcomes)  # a few later revisions

    links = read(landing, "offender_links", True)
    earlier_links = read(landing, "offender_links", False)
    assert links["crime_ref"].isin(month_of.index).all()
    assert (links["crime_ref"].map(month_of) < NEW).sum() > 100
    assert links["nominal_id"].isin(earlier_links["nominal_id"]).mean() > 0.5  # the same people

    iom = read(landing, "iom_cohort", True)
    october = read(landing, "iom_cohort", False).query("month == '2026-10' and exit_date == ''")
    stayed = iom.merge(october, on="nominal_id", suffixes=("", "_oct"))
    assert len(stayed) > 0.9 * len(october)  # about 4% leave a month
    for column in ("entry_date", "cohort_type", "date_of_birth", "forename"):
        assert (stayed[column] == stayed[f"{column}_oct"]).all(), column
    joined = iom[~iom["nominal_id"].isin(october["nominal_id"])]
    assert (joined["entry_date"].str[:7] == NEW).all()

    wanted = read(landing, "outstanding_suspects", True)
    october_wanted = read(landing, "outstanding_suspects", False).query("month == '2026-10'")
    still = wanted[wanted["wanted_since"] < "2026-11-01"]
    assert len(still) > 100 and still["wanted_ref"].isin(october_wanted["wanted_ref"]).all()


def test_people_keep_their_names_and_dates_of_birth(continued: dict) -> None:
    landing = continued["landing"]
    columns = ["nominal_id", "forename", "surname", "date_of_birth"]
    earlier = read(landing, "custody", False)[columns].drop_duplicates()
    new = read(landing, "custody", True)[columns].drop_duplicates()
    both = new.merge(earlier, on="nominal_id", suffixes=("", "_before"))
    assert len(both) > 100
    for column in columns[1:]:
        assert (both[column] == both[f"{column}_before"]).all(), column


# What a month's file could not know yet when it was extracted, and a month later may.
LEARNT_LATER = {
    "offender_links": {"role"},
    "custody": {"released_at"},
    "case_files": {"cps_decision_date", "rejected"},
    "dvpn_dvpo": {"dvpn_decided_at", "court_hearing_at", "dvpo_outcome", "order_length_days"},
}


def test_the_history_drawn_a_month_longer_is_the_landed_history(history: Path, tmp_path: Path):
    """Each generator draws month by month: generated over 14 months in one go, with the
    trends of the 13 landed, every earlier month holds the landed rows (keys and all), bar
    what was learnt after the landed month's extraction."""
    periods = pd.period_range("2025-10", NEW, freq="M")
    world = World(force_id="midshire", seed=2019, periods=periods, trends_to=periods[-2])
    places = Places.draw(world.rng(PLACES_STREAM), "midshire")
    longer = tmp_path / "longer"
    for name, frame in drawn(world, places, generation_order()):
        write_monthly(frame, extract(name), periods[:-1], longer)
    for name in EXTRACTS:
        landed, drawn_again = read(history, name, False), read(longer, name, False)
        keys = ["month", *extract(name).key_columns]
        assert (landed[keys] == drawn_again[keys]).all().all(), name
        same = [c for c in landed.columns if c not in LEARNT_LATER.get(name, set())]
        assert (landed[same] == drawn_again[same]).all().all(), name
        learnt = (landed != drawn_again).any(axis=1)
        assert learnt.mean() < 0.05, name  # advice files awaiting a decision, the most


def test_one_extract_at_a_time_with_delays(history: Path, tmp_path: Path, monkeypatch) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(history, landing)
    monkeypatch.setenv("PCP_LANDING_DIR", str(landing))
    monkeypatch.setenv("PCP_COMMENTARY_DIR", str(tmp_path / "commentary"))
    assert main(["generate", "--next", "--extract", "crimes"]) == 0
    assert [p.parent.name for p in landing.glob(f"*/{NEW}.csv")] == ["crimes"]
    crimes = (landing / "crimes" / f"{NEW}.csv").read_bytes()

    started = time.monotonic()
    assert main(["generate", "--next", "--delay", "0.3"]) == 0
    assert time.monotonic() - started >= 9 * 0.3  # ten more files, nine waits between them
    assert (landing / "crimes" / f"{NEW}.csv").read_bytes() == crimes
    assert {p.parent.name for p in landing.glob(f"*/{NEW}.csv")} == set(EXTRACTS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no marker", "was not written by `pcp generate` (no .generated marker)"),
        ("old marker", "names no months (written by an older `pcp generate`)"),
        ("other seed", "was generated with seed 2019 for force midshire, not seed 7"),
        ("short history", "holds a history of 2 month(s): --next continues histories of at least"),
        ("unknown extract", "unknown extract 'crime': one of case_files, crimes, custody"),
    ],
)
def test_a_folder_it_cannot_continue_is_refused(
    history: Path, tmp_path: Path, change: str, message: str
) -> None:
    landing = tmp_path / "landing"
    if change == "short history":
        generate(landing, end_month="2026-10", months=2)
    else:
        shutil.copytree(history, landing)
    marker = landing / GENERATED_MARKER
    if change == "no marker":
        marker.unlink()
    if change == "old marker":
        marker.write_text("generated by pcp generate (seed 2019, force midshire)\n")
    before = digests(landing)
    with pytest.raises(ValueError) as refused:
        land_next(
            landing,
            seed=7 if change == "other seed" else 2019,
            extracts=["crime"] if change == "unknown extract" else None,
        )
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert digests(landing) == before


def _nearest_five(n: int) -> str:
    """A count of people as the published edition prints it (docs/personal-data.md)."""
    return "<10" if n < 10 else f"{5 * round(n / 5):,}"


def test_a_real_run_of_the_next_month_names_the_corrections_since_october(
    pipeline_copy: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The rehearsal of the README: a completed October, then November lands with June's crimes
    and July's custody records delivered again, corrected; the November paper names both with
    the figures they changed since the October paper."""
    settings = pipeline_copy
    crimes_sql = (
        "SELECT crimes FROM marts.crime_volume WHERE breakdown = 'force' "
        "AND reporting_month = DATE '2026-06-01'"
    )
    custody_sql = (
        "SELECT detainees_month FROM marts.custody_throughput WHERE suite = 'All' "
        "AND reporting_month = DATE '2026-07-01'"
    )
    crimes = warehouse_value(settings.duckdb_path, crimes_sql)
    bookings = warehouse_value(settings.duckdb_path, custody_sql)
    monkeypatch.setenv("PCP_TODAY", "2026-12-20")  # after every November file was due
    assert main(["generate", "--next"]) == 0
    landing = settings.landing_dir
    withdraw(landing / "crimes" / "2026-06.csv", 50, lambda f: f["status"] == "recorded")
    withdraw(landing / "custody" / "2026-07.csv", 7, lambda f: f["attendance_type"] == "arrest")
    # no headline figure is a count of offender links: the correction is named as such
    withdraw(landing / "offender_links" / "2026-08.csv", 5, lambda f: f["role"] == "suspect")
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert f"landing {NEW} of midshire's synthetic extracts" in out
    assert (landing / "crimes" / f"{NEW}.csv").is_file()
    assert warehouse_value(settings.duckdb_path, crimes_sql) == crimes - 50

    papers = settings.reports_dir / "midshire" / NEW
    for edition, people in [
        ("board_paper", lambda n: f"{n:,}"),
        ("board_paper_published", _nearest_five),
    ]:
        page = (papers / f"{edition}.html").read_text(encoding="utf-8")
        text = re.sub(r" ([;.,)])", r"\1", visible_text(page))
        said = re.search(
            r"Since the last paper \(for October 2026, published on [^)]*\), earlier months were "
            r"delivered again, corrected: (.*?)\. Every figure in this paper follows the "
            r"corrected deliveries\.",
            text,
        )
        assert said, (edition, text[text.find("Data quality") :][:3000])
        listed = said.group(1).split("; ")
        assert re.fullmatch(
            r"the recorded crimes file for June 2026 \(landed on \d+ \w+ 20\d\d\), which "
            f"changed the month's recorded crimes from {crimes:,} to {crimes - 50:,}",
            listed[0],
        ), listed
        assert listed[1].endswith(
            f"which changed the month's custody bookings from {people(bookings)} "
            f"to {people(bookings - 7)}"
        ), listed
        assert re.fullmatch(
            r"the offender links file for August 2026 \(landed on \d+ \w+ 20\d\d\), which no "
            r"headline figure counts",
            listed[2],
        ), listed
        assert len(listed) == 3, listed

    page = (papers / "board_paper.html").read_text(encoding="utf-8")
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        links, wrong = mismatched_figures(page, con, "midshire")
    assert links and not wrong, wrong

    assert main(["status"]) == 0
    status = capsys.readouterr().out.splitlines()
    corrected = status.index("pcp: last corrections (months delivered again with other contents):")
    # the corrections are loaded by one run, so their order within it is not asserted
    assert {line.split(",")[0] for line in status[corrected + 1 : corrected + 4]} == {
        "pcp:   crimes 2026-06",
        "pcp:   custody 2026-07",
        "pcp:   offender_links 2026-08",
    }, status
