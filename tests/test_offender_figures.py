"""The offender marts against the landing CSVs: IOM cohort size and moves, the cohort's offending
before and since entry, the harm ranking and first-time entrants, each recomputed here with
pandas from the generated files (raw nominal IDs; pseudonyms computed with the development key
only where the mart's own pseudonyms are compared), and the paper's sentences against them.
Offenders are people linked as `offender`; a suspect is not one (docs/marts.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.pseudonyms import DEVELOPMENT_KEY, PseudonymKey
from pcp_assets.settings import SEEDS_DIR, Settings
from reports.phrases import format_rate
from tests.conftest import HISTORY_MONTHS, REPORTING_MONTH
from tests.landing import read_extract
from tests.paper_html import read_paper
from tests.reference.home_office import offences_frame
from tests.reference.places import area_of_beat

FORCE = "midshire"
MONTHS = ("2026-10", "2026-02", "2025-09")
# A first charge/summons (1) or out-of-court disposal (2, 3, 6, 7, 8 and 22): METRICS.md.
ENTRY_OUTCOMES = {1, 2, 3, 6, 7, 8, 22}
TOP = 50
SPOKEN = 20  # the highest-harm offenders the paper speaks of
FIRST_MONTH = pd.Period(REPORTING_MONTH, freq="M") - (HISTORY_MONTHS - 1)
COHORT_TYPES = ("fixed", "flex", "free", "All")
AREAS = ("North", "South", "All")


def month_end(month: str) -> pd.Timestamp:
    return pd.Period(month, freq="M").end_time


def query(settings: Settings, sql: str, params: list) -> pd.DataFrame:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        return con.execute(sql, params).df()


@pytest.fixture(scope="module")
def cohort(generated_landing: Path) -> pd.DataFrame:
    frame = read_extract(generated_landing, "iom_cohort")
    for column in ("entry_date", "exit_date", "snapshot_date"):
        frame[column] = pd.to_datetime(frame[column].replace("", None))
    return frame


def linked_crimes(landing: Path, role: str) -> pd.DataFrame:
    """Person x recorded crime linked in `role` (its first such link), with the crime's date, area
    and harm weight."""
    links = read_extract(landing, "offender_links")
    links = links[links["role"] == role]
    links["linked_at"] = pd.to_datetime(links["linked_at"])
    first = links.groupby(["nominal_id", "crime_ref"], as_index=False)["linked_at"].min()
    crimes = read_extract(landing, "crimes")
    crimes = crimes[crimes["status"] == "recorded"].merge(offences_frame(), on="offence_code")
    crimes["recorded_at"] = pd.to_datetime(crimes["recorded_at"])
    crimes["crime_area"] = crimes["beat_code"].map(area_of_beat)
    weights = pd.read_csv(SEEDS_DIR / "harm_weight.csv")
    crimes = crimes.merge(weights, on="offence_subgroup", how="left")
    crimes["harm"] = crimes["harm_weight_days"].fillna(0)
    return first.merge(crimes[["crime_ref", "recorded_at", "crime_area", "harm"]], on="crime_ref")


@pytest.fixture(scope="module")
def offender_crimes(generated_landing: Path) -> pd.DataFrame:
    return linked_crimes(generated_landing, "offender")


@pytest.fixture(scope="module")
def suspect_crimes(generated_landing: Path) -> pd.DataFrame:
    return linked_crimes(generated_landing, "suspect")


@pytest.fixture(scope="module")
def paper(completed_run: Settings) -> str:
    """The October paper's text, whitespace as one space."""
    path = completed_run.reports_dir / FORCE / REPORTING_MONTH / "board_paper.html"
    return " ".join(read_paper(path).split())


def in_window(crimes: pd.DataFrame, period: pd.Period) -> pd.DataFrame:
    """Crimes recorded in the 12 months to `period`, linked by its end."""
    return crimes[
        (crimes["linked_at"] <= period.end_time)
        & (crimes["recorded_at"] >= (period - 11).start_time)
        & (crimes["recorded_at"] <= period.end_time)
    ]


@pytest.mark.parametrize("month", MONTHS)
def test_cohort_summary(completed_run: Settings, cohort: pd.DataFrame, month: str) -> None:
    snapshot = cohort[cohort["file_month"] == month]
    start = pd.Period(month, freq="M").start_time
    snapshot = snapshot.assign(
        member=snapshot["exit_date"].isna(),
        entry=snapshot["entry_date"] >= start,
        exit=snapshot["exit_date"].notna(),
    )
    expected = {}
    for cohort_type in COHORT_TYPES:
        for area in AREAS:
            rows = snapshot[
                ((snapshot["cohort_type"] == cohort_type) | (cohort_type == "All"))
                & ((snapshot["area"] == area) | (area == "All"))
            ]
            expected[(cohort_type, area)] = (
                int(rows["member"].sum()),
                int(rows["entry"].sum()),
                int(rows["exit"].sum()),
            )
    mart = query(
        completed_run,
        "select cohort_type, area, members, entries, exits from marts.iom_cohort_summary "
        "where force_id = ? and reporting_month = ?",
        [FORCE, date.fromisoformat(f"{month}-01")],
    )
    got = {(r.cohort_type, r.area): (r.members, r.entries, r.exits) for r in mart.itertuples()}
    assert got == expected
    assert 150 <= expected[("All", "All")][0] <= 250


def offending_per_member(
    cohort: pd.DataFrame, offender_crimes: pd.DataFrame, month: str
) -> pd.DataFrame:
    """Each member's offences and harm as offender before and since entry, as of `month`."""
    end = month_end(month)
    next_month = (pd.Period(month, freq="M") + 1).start_time
    members = cohort[(cohort["file_month"] == month) & cohort["exit_date"].isna()].copy()
    members["compared"] = members["entry_date"] - pd.DateOffset(months=12) >= FIRST_MONTH.start_time
    members["full_year"] = members["entry_date"] + pd.DateOffset(months=12) <= next_month
    known = offender_crimes[offender_crimes["linked_at"] <= end]
    merged = members.merge(known, on="nominal_id", how="left")
    day = merged["recorded_at"].dt.normalize()
    merged["before"] = (day >= merged["entry_date"] - pd.DateOffset(months=12)) & (
        day < merged["entry_date"]
    )
    merged["since"] = (
        (day >= merged["entry_date"])
        & (day < merged["entry_date"] + pd.DateOffset(months=12))
        & (day < next_month)
    )
    merged["harm_before"] = merged["harm"].where(merged["before"], 0)
    merged["harm_since"] = merged["harm"].where(merged["since"], 0)
    per_member = merged.groupby(["nominal_id", "cohort_type", "compared", "full_year"]).agg(
        offences_before=("before", "sum"),
        offences_since=("since", "sum"),
        harm_before=("harm_before", "sum"),
        harm_since=("harm_since", "sum"),
    )
    return per_member.reset_index()


def test_cohort_offending_before_and_since_entry(
    completed_run: Settings, cohort: pd.DataFrame, offender_crimes: pd.DataFrame
) -> None:
    month = MONTHS[0]
    per_member = offending_per_member(cohort, offender_crimes, month)
    mart = query(
        completed_run,
        "select * from marts.iom_cohort_offending where force_id = ? and reporting_month = ?",
        [FORCE, date.fromisoformat(f"{month}-01")],
    ).set_index("cohort_type")
    for cohort_type in COHORT_TYPES:
        rows = per_member[(per_member["cohort_type"] == cohort_type) | (cohort_type == "All")]
        compared = rows[rows["compared"]]
        full = compared[compared["full_year"]]
        got = mart.loc[cohort_type]
        assert got["members"] == len(rows)
        assert got["members_compared"] == len(compared)
        for column in ("offences_before", "offences_since", "harm_before", "harm_since"):
            assert got[column] == compared[column].sum(), column
            assert got[f"{column}_full_year"] == full[column].sum(), column
            if len(full):
                assert got[f"{column}_per_member"] == pytest.approx(full[column].mean())
            else:
                assert pd.isna(got[f"{column}_per_member"])
        assert got["members_full_year"] == len(full)
    assert mart.loc["All", "members_compared"] > 0


def harm_of_people(offender_crimes: pd.DataFrame, period: pd.Period) -> pd.DataFrame:
    """Offenders of the window's crimes, most harm first (ties: more offences, then pseudonym)."""
    rows = in_window(offender_crimes, period)
    people = rows.groupby("nominal_id").agg(offences=("crime_ref", "size"), harm=("harm", "sum"))
    people["pseudonym"] = PseudonymKey(DEVELOPMENT_KEY).pseudonymise(
        FORCE, pd.Series(people.index, index=people.index)
    )
    return people.sort_values(["harm", "offences", "pseudonym"], ascending=[False, False, True])


def suspects_only(offender_crimes: pd.DataFrame, suspect_crimes: pd.DataFrame, month: str) -> int:
    period = pd.Period(month, freq="M")
    offenders = set(in_window(offender_crimes, period)["nominal_id"])
    return len(set(in_window(suspect_crimes, period)["nominal_id"]) - offenders)


@pytest.mark.parametrize("month", MONTHS)
def test_harm_ranking(
    completed_run: Settings,
    cohort: pd.DataFrame,
    offender_crimes: pd.DataFrame,
    suspect_crimes: pd.DataFrame,
    month: str,
) -> None:
    period = pd.Period(month, freq="M")
    people = harm_of_people(offender_crimes, period)
    ranked = people.head(TOP)
    members = set(
        cohort.loc[(cohort["file_month"] == month) & cohort["exit_date"].isna(), "nominal_id"]
    )
    mart = query(
        completed_run,
        "select * from marts.harm_ranked_offenders where force_id = ? and reporting_month = ? "
        "order by harm_rank",
        [FORCE, period.start_time.date()],
    )
    assert list(mart["harm_rank"]) == list(range(1, TOP + 1))
    assert list(mart["nominal_pseudonym"]) == list(ranked["pseudonym"])
    assert list(mart["harm_r12"]) == [int(h) for h in ranked["harm"]]
    assert list(mart["offences_r12"]) == list(ranked["offences"])
    assert list(mart["is_in_iom_cohort"]) == [n in members for n in ranked.index]
    assert (mart["people_linked_r12"] == len(people)).all()
    assert (mart["harm_linked_r12"] == int(people["harm"].sum())).all()
    assert (
        mart["suspects_only_r12"] == suspects_only(offender_crimes, suspect_crimes, month)
    ).all()
    assert mart["harm_weight_version"].str.startswith("illustrative").all()


@pytest.fixture(scope="module")
def entry_outcomes(generated_landing: Path) -> pd.DataFrame:
    """Every outcome row of a charge/summons or out-of-court disposal, with the order in which a
    crime's rows supersede each other (outcome date, then delivery, then row)."""
    outcomes = read_extract(generated_landing, "outcomes")
    outcomes["outcome_date"] = pd.to_datetime(outcomes["outcome_date"])
    outcomes["is_entry"] = outcomes["outcome_type"].astype(int).isin(ENTRY_OUTCOMES)
    return outcomes.rename_axis("row").reset_index()


def first_entries(
    outcomes: pd.DataFrame, offender_crimes: pd.DataFrame, period: pd.Period
) -> pd.DataFrame:
    """Each offender's first entry as known at the end of `period`: each crime's current outcome
    (its latest row dated by then), when a charge or disposal, of crimes linked by then."""
    known = outcomes[outcomes["outcome_date"] <= period.end_time]
    current = known.sort_values(["outcome_date", "file_month", "row"]).groupby("crime_ref").tail(1)
    current = current[current["is_entry"]]
    links = offender_crimes[offender_crimes["linked_at"] <= period.end_time]
    events = links.merge(current[["crime_ref", "outcome_date"]], on="crime_ref")
    firsts = events.sort_values(["outcome_date", "crime_ref"]).groupby("nominal_id").head(1)
    return firsts.assign(first_month=firsts["outcome_date"].dt.to_period("M"))


@pytest.mark.parametrize("month", MONTHS)
def test_first_time_entrants(
    completed_run: Settings,
    entry_outcomes: pd.DataFrame,
    offender_crimes: pd.DataFrame,
    month: str,
) -> None:
    period = pd.Period(month, freq="M")
    firsts = first_entries(entry_outcomes, offender_crimes, period)
    in_month = firsts[firsts["first_month"] == period]
    in_r12 = firsts[firsts["first_month"] >= period - 11]
    mart = query(
        completed_run,
        "select * from marts.first_time_entrants where force_id = ? and reporting_month = ?",
        [FORCE, period.start_time.date()],
    ).set_index("area")
    history = (period - FIRST_MONTH).n + 1
    for area in ("North", "South", "All"):

        def of(frame: pd.DataFrame, area: str = area) -> int:
            return len(frame) if area == "All" else int((frame["crime_area"] == area).sum())

        assert mart.loc[area, "entrants_month"] == of(in_month)
        expected_r12 = of(in_r12) if history >= 12 else None
        assert (
            pd.isna(mart.loc[area, "entrants_r12"])
            if expected_r12 is None
            else mart.loc[area, "entrants_r12"] == expected_r12
        )
        assert mart.loc[area, "history_months"] == history
        assert bool(mart.loc[area, "is_overcount"])
    assert mart.loc["All", "entrants_month"] > 0


def test_the_history_holds_entries_revised_away(
    entry_outcomes: pd.DataFrame, offender_crimes: pd.DataFrame
) -> None:
    """Counting every charge or disposal row, revised away or not, gives other first entries on
    the generated history, so the figures above tell the two definitions apart."""
    period = pd.Period(REPORTING_MONTH, freq="M")
    current = first_entries(entry_outcomes, offender_crimes, period)
    every_row = entry_outcomes[
        entry_outcomes["is_entry"] & (entry_outcomes["outcome_date"] <= period.end_time)
    ]
    links = offender_crimes[offender_crimes["linked_at"] <= period.end_time]
    events = links.merge(every_row[["crime_ref", "outcome_date"]], on="crime_ref")
    first_any_row = events.groupby("nominal_id")["outcome_date"].min().dt.to_period("M")
    assert not first_any_row.equals(current.set_index("nominal_id")["first_month"].sort_index())


def how_many(n: int) -> str:
    return "none is" if n == 0 else f"{n} {'is' if n == 1 else 'are'}"


def test_the_paper_states_the_offender_figures(
    paper: str,
    cohort: pd.DataFrame,
    entry_outcomes: pd.DataFrame,
    offender_crimes: pd.DataFrame,
    suspect_crimes: pd.DataFrame,
) -> None:
    """3.1.1, 3.2.1, 3.3.5 and 3.4.1 of the October paper, recomputed from the CSVs."""
    period = pd.Period(REPORTING_MONTH, freq="M")
    label = "October 2026"
    firsts = first_entries(entry_outcomes, offender_crimes, period)
    in_month = firsts[firsts["first_month"] == period]
    north, south = ((in_month["crime_area"] == area).sum() for area in ("North", "South"))
    r12 = (firsts["first_month"] >= period - 11).sum()
    assert (
        f"In {label}, {len(in_month):,} offenders received a first charge or summons or a first "
        "out-of-court disposal (first-time entrants to the criminal justice system): "
        f"{north:,} in the North and {south:,} in the South. In the 12 months to {label} there "
        f"were {r12:,}."
    ) in paper
    history = (period - FIRST_MONTH).n + 1
    assert f"These counts are an overcount, a ceiling: only {history} months of outcomes" in paper

    people = harm_of_people(offender_crimes, period)
    harm, top = int(people["harm"].sum()), people.head(SPOKEN)
    assert (
        f"In the 12 months to {label}, {len(people):,} people were linked as offenders to "
        f"recorded crimes with a total harm of {harm:,} days"
    ) in paper
    suspects = suspects_only(offender_crimes, suspect_crimes, REPORTING_MONTH)
    assert f"only as suspects (a further {suspects:,}) are not counted as offenders" in paper
    assert (
        f"The {SPOKEN} highest-harm offenders account for {format_rate(top['harm'].sum() / harm)} "
        f"of that harm ({int(top['harm'].sum()):,} days, {top['offences'].sum():,} offences)."
    ) in paper
    members = set(
        cohort.loc[
            (cohort["file_month"] == REPORTING_MONTH) & cohort["exit_date"].isna(), "nominal_id"
        ]
    )
    inside = sum(n in members for n in top.index)
    assert (
        f"Of the {SPOKEN} highest-harm offenders of the 12 months to {label}, {how_many(inside)} "
        f"in the IOM cohort and {how_many(SPOKEN - inside)} not."
    ) in paper

    per_member = offending_per_member(cohort, offender_crimes, REPORTING_MONTH)
    compared = per_member[per_member["compared"]]
    assert (
        f"the offences linked to them as offender numbered {compared['offences_before'].sum():,} "
        f"in the 12 months before entry and {compared['offences_since'].sum():,} since entry"
    ) in paper
