"""The synthetic generator: determinism, layout, and realism measured from the CSVs themselves.

Expected figures come from the brief and the reference board paper (e.g. all-crime PP rate ~11%,
Outcome 16 for domestic abuse ~37% -> ~53%), never from the generator's parameters.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_contracts.validate import validate
from pcp_assets.pseudonyms import GENERATED_MARKER
from pcp_assets.sources.force_extracts.synthetic import DEFAULT_END_MONTH, generate
from pcp_assets.sources.force_extracts.synthetic.iom_cohort import choose
from tests.reference.home_office import (
    CHANGE_2017,
    INTRODUCED_2017,
    PROSECUTION_POSSIBLE,
    RETIRED_2017,
    offences_frame,
)
from tests.reference.places import DISTRICTS

pytestmark = pytest.mark.minutes(2)

# Column tables of docs/architecture.md, typed out here on purpose.
COLUMNS = {
    "crimes": [
        "force_id",
        "crime_ref",
        "recorded_at",
        "offence_code",
        "offence_description",
        "area",
        "district",
        "beat_code",
        "lsoa_code",
        "domestic_abuse",
        "status",
    ],
    "outcomes": ["force_id", "crime_ref", "outcome_type", "outcome_date"],
    "incidents": [
        "force_id",
        "incident_ref",
        "grade",
        "call_at",
        "arrived_at",
        "linked_crime_ref",
        "beat_code",
    ],
    "offender_links": ["force_id", "link_ref", "crime_ref", "nominal_id", "role", "linked_at"],
    "iom_cohort": [
        "force_id",
        "nominal_id",
        "forename",
        "surname",
        "date_of_birth",
        "cohort_type",
        "area",
        "entry_date",
        "exit_date",
        "snapshot_date",
    ],
    "custody": [
        "force_id",
        "custody_ref",
        "suite",
        "booked_in_at",
        "released_at",
        "nominal_id",
        "forename",
        "surname",
        "date_of_birth",
        "arrest_offence_code",
        "fingerprints_eligible",
        "fingerprints_taken",
        "dna_eligible",
        "dna_taken",
        "photo_eligible",
        "photo_taken",
        "attendance_type",
    ],
    "dvpn_dvpo": [
        "force_id",
        "case_ref",
        "nominal_id",
        "dvpn_applied_at",
        "dvpn_decision",
        "authorising_rank",
        "dvpn_decided_at",
        "dvpo_applied",
        "court_hearing_at",
        "dvpo_outcome",
        "order_length_days",
    ],
    "case_files": [
        "force_id",
        "file_ref",
        "file_type",
        "submitted_date",
        "assessed",
        "error_categories",
        "cps_decision_date",
        "rejected",
    ],
    "imu_queue": ["force_id", "snapshot_date", "queue", "open_items", "oldest_item_days"],
    "outstanding_suspects": [
        "force_id",
        "wanted_ref",
        "nominal_id",
        "risk_level",
        "wanted_since",
        "snapshot_date",
    ],
    "operations": [
        "force_id",
        "month_start",
        "operation",
        "arrests",
        "charges",
        "cash_seized",
        "drugs_seized_value",
        "weapons_seized",
        "sentences_months",
    ],
}
MONTHS = 24
END = pd.Period("2026-10", freq="M")


def read_extract(landing: Path, extract: str) -> pd.DataFrame:
    frames = []
    for path in sorted((landing / extract).glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frames.append(frame.assign(file_month=path.stem))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    landing = tmp_path_factory.mktemp("landing")
    messages: list[str] = []
    paths = generate(landing, end_month="2026-10", months=MONTHS, progress=messages.append)
    crimes = read_extract(landing, "crimes").merge(
        offences_frame(),
        on="offence_code",
        how="left",
        validate="many_to_one",
    )
    crimes["recorded_at"] = pd.to_datetime(crimes["recorded_at"], format="%Y-%m-%d %H:%M:%S")
    crimes["month"] = crimes["recorded_at"].dt.to_period("M")
    outcomes = read_extract(landing, "outcomes")
    outcomes["outcome_type"] = outcomes["outcome_type"].astype(int)
    outcomes["outcome_date"] = pd.to_datetime(outcomes["outcome_date"], format="%Y-%m-%d")
    outcomes["month"] = outcomes["outcome_date"].dt.to_period("M")
    incidents = read_extract(landing, "incidents")
    for column in ("call_at", "arrived_at"):
        incidents[column] = pd.to_datetime(
            incidents[column].replace("", None), format="%Y-%m-%d %H:%M:%S"
        )
    return {
        "landing": landing,
        "paths": paths,
        "messages": messages,
        "crimes": crimes,
        "recorded": crimes[crimes["status"] == "recorded"],
        "outcomes": outcomes,
        "incidents": incidents,
    }


def effective_outcomes(run: dict) -> pd.DataFrame:
    """Each crime's latest outcome, with the crime's offence group/subgroup and DA flag."""
    latest = (
        run["outcomes"]
        .sort_values(["outcome_date", "file_month"])
        .drop_duplicates("crime_ref", keep="last")
    )
    crime_columns = ["crime_ref", "offence_subgroup", "offence_group", "domestic_abuse"]
    return latest.merge(run["crimes"][crime_columns], on="crime_ref", validate="one_to_one")


def last_12_months(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["month"] > END - 12]


# --- determinism and layout -----------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", months=2, seed=11)
    second = generate(tmp_path / "b", months=2, seed=11)
    other = generate(tmp_path / "c", months=2, seed=12)
    relative = [p.relative_to(tmp_path / "a") for p in first]
    assert relative == [p.relative_to(tmp_path / "b") for p in second]
    assert relative == [p.relative_to(tmp_path / "c") for p in other]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a
    assert not any(filecmp.cmp(a, c, shallow=False) for a, c in zip(first, other, strict=True))


def test_default_end_month() -> None:
    assert DEFAULT_END_MONTH == "2026-10"


def test_one_file_per_extract_per_month_with_the_documented_columns(run: dict) -> None:
    landing: Path = run["landing"]
    months = [
        f"{y}-{m:02d}" for y, m in [(2024, 11), (2024, 12)] + [(2025, k) for k in range(1, 13)]
    ]
    months += [f"2026-{m:02d}" for m in range(1, 11)]
    assert len(months) == MONTHS
    expected = {landing / extract / f"{month}.csv" for extract in COLUMNS for month in months}
    assert set(run["paths"]) == expected
    assert len(run["paths"]) == len(expected)
    written = {p for p in landing.rglob("*") if p.is_file() and p.name != GENERATED_MARKER}
    assert written == expected  # no temp files left
    assert (landing / GENERATED_MARKER).is_file()  # the people in it are made up
    for path in expected:
        header = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == COLUMNS[path.parent.name], path
    assert len(run["messages"]) == len(COLUMNS)
    assert any("crimes" in message for message in run["messages"])


def test_event_dates_fall_in_their_files_month(run: dict) -> None:
    assert (run["crimes"]["month"].astype(str) == run["crimes"]["file_month"]).all()
    assert (run["outcomes"]["month"].astype(str) == run["outcomes"]["file_month"]).all()
    call_month = run["incidents"]["call_at"].dt.to_period("M").astype(str)
    assert (call_month == run["incidents"]["file_month"]).all()


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="area_lookup"):
        generate(tmp_path, months=1, force_id="nowhereshire")
    with pytest.raises(ValueError, match="YYYY-MM"):
        generate(tmp_path, end_month="October")
    with pytest.raises(ValueError, match="at least 1"):
        generate(tmp_path, months=0)
    assert not any(tmp_path.iterdir())


def test_every_file_passes_its_contract(run: dict) -> None:
    for path in run["paths"]:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["_row_number"] = range(1, len(frame) + 1)
        result = validate(path.parent.name, path.stem, frame, "midshire")
        assert result.rejects.empty, (path, result.rejects.head())
        assert len(result.good) == len(frame)


# --- crimes ---------------------------------------------------------------------------------------


def test_annual_volume(run: dict) -> None:
    assert 55_000 <= len(last_12_months(run["recorded"])) <= 75_000


def test_offence_group_mix(run: dict) -> None:
    share = run["recorded"]["offence_group"].value_counts(normalize=True)
    expected = {
        "Violence against the person": (0.33, 0.42),
        "Theft offences": (0.26, 0.34),
        "Criminal damage and arson": (0.08, 0.12),
        "Public order offences": (0.06, 0.10),
        "Sexual offences": (0.02, 0.04),
        "Drug offences": (0.02, 0.04),
        "Miscellaneous crimes against society": (0.01, 0.03),
        "Robbery": (0.005, 0.015),
        "Possession of weapons offences": (0.005, 0.015),
    }
    assert set(share.index) == set(expected)
    for group, (low, high) in expected.items():
        assert low <= share[group] <= high, (group, share[group])


def test_codes_are_known_and_in_force_on_the_recorded_date(run: dict) -> None:
    crimes = run["crimes"]
    assert crimes["offence_group"].notna().all()
    day = crimes["recorded_at"].dt.strftime("%Y-%m-%d")
    assert (day[crimes["offence_code"].isin(RETIRED_2017)] < CHANGE_2017).all()
    assert (day[crimes["offence_code"].isin(INTRODUCED_2017)] >= CHANGE_2017).all()
    assert "28A" not in set(crimes["offence_code"])  # replaced by 28E in April 2017


def test_violence_peaks_in_summer_and_burglary_in_winter(run: dict) -> None:
    recorded = run["recorded"]
    calendar_month = recorded["recorded_at"].dt.month
    violence = recorded["offence_group"] == "Violence against the person"
    burglary = recorded["offence_subgroup"] == "Burglary residential"
    assert (violence & (calendar_month == 7)).sum() > 1.1 * (violence & (calendar_month == 1)).sum()
    winter = (burglary & calendar_month.isin([12, 1])).sum()
    summer = (burglary & calendar_month.isin([6, 7])).sum()
    assert winter > 1.15 * summer


def test_trends_robbery_up_and_all_crime_r12_rising_at_the_end(run: dict) -> None:
    recorded = run["recorded"]
    robbery = recorded[recorded["offence_group"] == "Robbery"]
    assert len(last_12_months(robbery)) > 1.05 * (len(robbery) - len(last_12_months(robbery)))
    monthly = recorded.groupby("month").size()
    r12 = monthly.rolling(12).sum().dropna()
    assert (r12.diff().tail(3) > 0).all(), r12.tail(4)


def test_places_follow_their_beats_and_north_is_busier(run: dict) -> None:
    crimes = run["crimes"]
    districts = crimes["beat_code"].str[:2].map(DISTRICTS)
    assert districts.notna().all()
    assert (crimes["district"] == districts.str[0]).all()
    assert (crimes["area"] == districts.str[1]).all()
    assert (crimes.groupby("lsoa_code")["beat_code"].nunique() == 1).all()
    assert (crimes["force_id"] == "midshire").all()
    area = crimes["area"].value_counts(normalize=True)
    assert 0.52 <= area["North"] <= 0.65


def test_flags_status_and_refs(run: dict) -> None:
    crimes = run["crimes"]
    assert set(crimes["domestic_abuse"]) == {"Y", "N"}
    da = crimes[crimes["domestic_abuse"] == "Y"]
    assert 0.15 <= len(da) / len(crimes) <= 0.18
    assert (da["offence_group"] == "Violence against the person").mean() > 0.7
    status = crimes["status"].value_counts(normalize=True)
    assert set(status.index) == {"recorded", "cancelled", "transferred"}
    assert 0.01 <= status["cancelled"] <= 0.02
    assert 0.003 <= status["transferred"] <= 0.008
    assert crimes["crime_ref"].is_unique
    parts = crimes["crime_ref"].str.extract(r"^MS/(\d{2})/(\d{6})$")
    assert parts.notna().all().all()
    assert (parts[0].astype(int) == crimes["recorded_at"].dt.year % 100).all()


def test_violence_is_recorded_more_at_night_than_theft(run: dict) -> None:
    recorded = run["recorded"]
    night = recorded["recorded_at"].dt.hour.isin([22, 23, 0, 1, 2])
    violence = recorded["offence_group"] == "Violence against the person"
    theft = recorded["offence_group"] == "Theft offences"
    assert night[violence].mean() > 2 * night[theft].mean()


# --- outcomes -------------------------------------------------------------------------------------


def test_outcome_rows_are_consistent_with_their_crimes(run: dict) -> None:
    outcomes = run["outcomes"].merge(
        run["crimes"][["crime_ref", "recorded_at", "status"]], on="crime_ref", how="left"
    )
    assert outcomes["status"].notna().all(), "outcome for an unknown crime"
    assert (outcomes["status"] == "recorded").all()
    assert (outcomes["outcome_date"] >= outcomes["recorded_at"].dt.normalize()).all()
    assert outcomes["outcome_date"].max() <= pd.Timestamp("2026-10-31")
    assert outcomes["outcome_type"].between(1, 22).all()
    assert not outcomes.duplicated(["file_month", "crime_ref"]).any()
    assert outcomes.groupby("crime_ref").size().max() <= 2


def test_revisions_are_rare_later_and_different(run: dict) -> None:
    outcomes = run["outcomes"].sort_values(["crime_ref", "outcome_date"])
    revised = outcomes[outcomes.duplicated("crime_ref", keep=False)]
    first = revised.drop_duplicates("crime_ref", keep="first").set_index("crime_ref")
    second = revised.drop_duplicates("crime_ref", keep="last").set_index("crime_ref")
    assert 0.02 <= len(first) / outcomes["crime_ref"].nunique() <= 0.04
    assert (second["outcome_date"] > first["outcome_date"]).all()
    assert (second["month"] > first["month"]).all()
    assert (second["outcome_type"] != first["outcome_type"]).all()


def test_old_crimes_mostly_have_outcomes_and_recent_ones_are_often_pending(run: dict) -> None:
    recorded = run["recorded"]
    has_outcome = recorded["crime_ref"].isin(run["outcomes"]["crime_ref"])
    old = recorded["month"] <= END - 12
    recent = recorded["month"] == END
    assert has_outcome[old].mean() > 0.97
    assert 0.3 < 1 - has_outcome[recent].mean() < 0.9


def test_prosecution_possible_rates_over_the_last_12_months(run: dict) -> None:
    """In-period basis: PP outcomes dated in the window / crimes recorded in the window."""
    window = last_12_months(effective_outcomes(run))
    pp = window[window["outcome_type"].isin(PROSECUTION_POSSIBLE)]
    crimes = last_12_months(run["recorded"])

    def rate(column: str | None = None, value: str | None = None) -> float:
        if column is None:
            return len(pp) / len(crimes)
        return (pp[column] == value).sum() / (crimes[column] == value).sum()

    assert 0.09 <= rate() <= 0.14
    assert 0.04 <= rate("offence_subgroup", "Burglary residential") <= 0.09
    assert 0.14 <= rate("offence_subgroup", "Violence with injury") <= 0.19
    assert 0.07 <= rate("offence_group", "Robbery") <= 0.14


def test_outcome_16_share_high_and_rising_for_domestic_abuse(run: dict) -> None:
    effective = effective_outcomes(run)
    window = last_12_months(effective)
    year_before = effective[(effective["month"] <= END - 12) & (effective["month"] > END - 24)]

    def o16_share(frame: pd.DataFrame) -> float:
        return float((frame["outcome_type"] == 16).mean())

    da = window[window["domestic_abuse"] == "Y"]
    assert 0.11 <= o16_share(window) <= 0.20
    assert 0.35 <= o16_share(da) <= 0.60
    assert o16_share(da) > o16_share(year_before[year_before["domestic_abuse"] == "Y"]) + 0.08
    assert o16_share(da) > 3 * o16_share(window[window["domestic_abuse"] == "N"])


def test_tics_mostly_burglary_and_no_suspect_common_for_acquisitive_crime(run: dict) -> None:
    effective = effective_outcomes(run)
    tics = effective[effective["outcome_type"] == 4]
    assert len(tics) >= 50
    assert tics["offence_subgroup"].str.startswith("Burglary").mean() > 0.5
    assert (tics["offence_group"] == "Theft offences").all()
    acquisitive = effective["offence_group"].isin(["Theft offences", "Criminal damage and arson"])
    assert (effective.loc[acquisitive, "outcome_type"] == 18).mean() > 0.5
    assert {14, 15, 20, 21, 22} <= set(effective["outcome_type"])


# --- incidents ------------------------------------------------------------------------------------


def test_incident_volumes_refs_and_attendance(run: dict) -> None:
    incidents = run["incidents"]
    assert 1.2 <= len(incidents) / len(run["crimes"]) <= 1.8
    assert incidents["incident_ref"].is_unique
    assert incidents["incident_ref"].str.fullmatch(r"MS-\d{8}-\d{4}").all()
    assert set(incidents["grade"]) == {"immediate", "prompt", "scheduled"}
    minutes = (incidents["arrived_at"] - incidents["call_at"]).dt.total_seconds() / 60
    assert (minutes.dropna() >= 0).all()
    assert (minutes.dropna() < 7 * 24 * 60).all()
    assert 0.03 <= incidents["arrived_at"].isna().mean() <= 0.07
    median = minutes.groupby(incidents["grade"]).median()
    assert 8 <= median["immediate"] <= 16
    assert 45 <= median["prompt"] <= 75
    assert median["scheduled"] >= 4 * 60
    prompt = minutes[incidents["grade"] == "prompt"]
    assert prompt.quantile(0.9) > 2 * prompt.median()  # a long tail
    assert (incidents["linked_crime_ref"] == "").mean() > 0.5


def test_linked_incidents_precede_their_crimes(run: dict) -> None:
    incidents = run["incidents"]
    linked = incidents[incidents["linked_crime_ref"] != ""].merge(
        run["crimes"][["crime_ref", "recorded_at", "offence_subgroup", "beat_code"]],
        left_on="linked_crime_ref",
        right_on="crime_ref",
        how="left",
        suffixes=("", "_crime"),
    )
    assert linked["crime_ref"].notna().all()
    assert not linked["crime_ref"].duplicated().any()
    lead = linked["recorded_at"] - linked["call_at"]
    assert (lead >= pd.Timedelta(0)).all()
    assert (lead < pd.Timedelta(days=1)).all()
    assert (linked["beat_code"] == linked["beat_code_crime"]).all()
    burglaries = run["crimes"]["offence_subgroup"] == "Burglary residential"
    burglary_links = linked[linked["offence_subgroup"] == "Burglary residential"]
    assert len(burglary_links) / burglaries.sum() > 0.75
    grades = burglary_links["grade"].value_counts(normalize=True)
    assert grades["prompt"] > 0.5 and grades["immediate"] > 0.1


def test_a_realistic_share_of_crimes_is_linked_to_people(run: dict) -> None:
    links = read_extract(run["landing"], "offender_links")
    older = run["recorded"][run["recorded"]["month"] <= END - 12]
    linked = older["crime_ref"].isin(links["crime_ref"])
    assert 0.35 <= linked.mean() <= 0.5
    by_subgroup = linked.groupby(older["offence_subgroup"]).mean()
    assert by_subgroup["Shoplifting"] > by_subgroup["Burglary residential"]
    assert by_subgroup["Possession of weapons offences"] > 0.6
    assert by_subgroup["Vehicle offences"] < 0.2
    # a charge, caution or other prosecution-possible outcome names an offender
    final = effective_outcomes(run).set_index("crime_ref")["outcome_type"]
    offender = links["crime_ref"].map(final).isin(PROSECUTION_POSSIBLE)
    assert ((links["role"] == "offender") == offender).all()
    # a few people are prolific
    per_person = links.groupby("nominal_id").size()
    assert per_person.max() >= 20 and per_person.median() <= 2


def test_iom_cohort_is_a_stable_cohort_of_prolific_offenders(run: dict) -> None:
    cohort = read_extract(run["landing"], "iom_cohort")
    members = cohort[cohort["exit_date"] == ""].groupby("file_month").size()
    assert members.between(150, 250).all()
    entries = cohort[cohort["entry_date"].str[:7] == cohort["file_month"]]
    assert entries.groupby("file_month").size().between(1, 30).all()
    links = read_extract(run["landing"], "offender_links").groupby("nominal_id").size()
    assert links.reindex(cohort["nominal_id"].unique()).median() > 3 * links.median()
    assert set(cohort["cohort_type"]) == {"fixed", "flex", "free"}


def test_a_month_drawing_no_iom_entries_adds_nobody() -> None:
    """A month's Poisson draw of entries can be 0 (about once in 3,000 force-months): it must add
    nobody, not every eligible person (a cohort of thousands, as one national bench drew)."""
    rng = np.random.default_rng(1)
    counts = np.array([5.0, 9.0, 0.0, 4.0])
    eligible = np.ones(len(counts), bool)
    assert choose(rng, counts, eligible, 0).size == 0
    assert sorted(choose(rng, counts, eligible, 9)) == [0, 1, 3]
