"""data.police.uk figures computed straight from the published CSVs with pandas (a different
method from the dbt models), with the tests' own crosswalk (tests/reference/police_uk.py), and the
marts and paper compared with them for every month."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from tests.paper_html import read_paper
from tests.reference.police_uk import ANTI_SOCIAL_BEHAVIOUR, CRIME_TYPES, OUTCOME_CATEGORIES

UNKNOWN_TYPE = "Crime type not known"
ALL_CRIME = "All crime"
# An LSOA whose local authority holds under 1% of the force's located rows lies outside it.
OUTSIDE_SHARE = 0.01


def read_published(folder: Path, kind: str) -> pd.DataFrame:
    """Every `<month>/<month>-<force>-<kind>.csv[.gz]` with its file month and 1-based row."""
    frames = []
    for path in sorted(folder.glob(f"*/*-{kind}.csv*")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["file_month"] = path.parent.name
        frame["row"] = range(1, len(frame) + 1)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def expected_crimes(folder: Path) -> pd.DataFrame:
    """One row per crime: blank Crime IDs (anti-social behaviour) out, a repeated ID keeps its
    later delivery and row; crime type to offence group by the tests' crosswalk."""
    street = read_published(folder, "street")
    crimes = street[street["Crime ID"] != ""].sort_values(["file_month", "row"])
    crimes = crimes.drop_duplicates("Crime ID", keep="last")
    crimes = crimes.assign(offence_group=crimes["Crime type"].map(CRIME_TYPES))
    assert crimes["Crime type"].isin(CRIME_TYPES).all()
    return crimes[crimes["offence_group"].notna()]


def expected_outcomes(folder: Path, crimes: pd.DataFrame) -> pd.DataFrame:
    outcomes = read_published(folder, "outcomes")
    assert outcomes["Outcome type"].isin(OUTCOME_CATEGORIES).all()
    outcomes["outcome_type"] = outcomes["Outcome type"].map(OUTCOME_CATEGORIES)
    groups = crimes.set_index("Crime ID")["offence_group"]
    outcomes["offence_group"] = outcomes["Crime ID"].map(groups).fillna(UNKNOWN_TYPE)
    return outcomes


def expected_quirks(folder: Path) -> pd.DataFrame:
    """The quirks the paper prints, per delivered month, by the rules of docs/police-uk.md."""
    street = read_published(folder, "street")
    outcomes = read_published(folder, "outcomes")
    with_id = street[street["Crime ID"] != ""].sort_values(["file_month", "row"])
    dropped = with_id[with_id.duplicated("Crime ID", keep="last")]

    located = pd.concat([street["LSOA name"], outcomes["LSOA name"]])
    located = located[located != ""]
    authority = located.str.strip().str.replace(r"\s+[0-9]{3}[A-Z]$", "", regex=True)
    share = authority.value_counts(normalize=True)
    outside = set(share[share < OUTSIDE_SHARE].index)
    street_authority = (
        street["LSOA name"].str.strip().str.replace(r"\s+[0-9]{3}[A-Z]$", "", regex=True)
    )

    latest = outcomes.sort_values(["file_month", "row"]).drop_duplicates("Crime ID", keep="last")
    latest_category = with_id["Crime ID"].map(latest.set_index("Crime ID")["Outcome type"])
    revised = with_id[
        latest_category.notna() & (with_id["Last outcome category"] != latest_category)
    ]

    by_month = {
        "anti_social_behaviour": street[street["Crime type"] == ANTI_SOCIAL_BEHAVIOUR],
        "blank_crime_ids": street[street["Crime ID"] == ""],
        "repeated_crime_id_rows": dropped,
        "rows_without_location": street[street["LSOA code"] == ""],
        "rows_outside_force_area": street[
            (street["LSOA code"] != "") & street_authority.isin(outside)
        ],
        "repeated_outcome_rows": outcomes[outcomes.duplicated(["file_month", "Crime ID"])],
        "outcomes_of_crimes_before_first_month": outcomes[
            ~outcomes["Crime ID"].isin(set(with_id["Crime ID"]))
        ],
        "last_outcome_revisions": revised,
    }
    months = sorted(street["file_month"].unique())
    return pd.DataFrame(
        {
            quirk: rows.groupby("file_month").size().reindex(months, fill_value=0)
            for quirk, rows in by_month.items()
        }
    )


def months_of(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def shift(month: str, n: int) -> str:
    return str(pd.Period(month, freq="M") + n)


def paper_text(settings: Settings, month: str) -> str:
    """The month's paper, wherever under the reports folder the run wrote it."""
    papers = [p for p in settings.reports_dir.rglob("board_paper.html") if p.parent.name == month]
    assert len(papers) == 1, papers
    return read_paper(papers[0])


def table_row(text: str, label: str) -> list[str]:
    """The cells of the paper's table row headed `label`."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>((?:\s*<td>[^<]*</td>)+)', text)
    assert match, label
    return re.findall(r"<td>([^<]*)</td>", match.group(1))


def reconcile(settings: Settings, folder: Path) -> None:
    """Monthly counts, R12 totals and their change on the previous 12 months, and outcome counts,
    by crime type for every month: the marts equal the computation straight from the CSVs."""
    crimes = expected_crimes(folder)
    outcomes = expected_outcomes(folder, crimes)
    months = months_of(folder)
    first = months[0]
    monthly = crimes.groupby(["Month", "offence_group"]).size()
    groups = sorted(crimes["offence_group"].unique())
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        volume = con.execute(
            """
            select strftime(reporting_month, '%Y-%m') as month, offence_group, crimes, crimes_r12,
                   crimes_prev_r12, r12_change, r12_pct_change
            from marts.crime_volume
            where force_id = 'bedfordshire' and area = 'All' and offence_subgroup = 'All'
            """
        ).df()
        counts = con.execute(
            """
            select strftime(reporting_month, '%Y-%m') as month, offence_group, outcome_type,
                   outcomes_month, outcomes_r12
            from marts.outcome_counts
            where force_id = 'bedfordshire' and area = 'All'
            """
        ).df()
    volume = volume.set_index(["month", "offence_group"])
    mart_months = sorted(volume.index.get_level_values("month").unique())
    assert mart_months == months
    for m in months:
        window = [shift(m, -k) for k in range(12)]
        previous = [shift(m, -12 - k) for k in range(12)]
        complete = window[-1] >= first
        for group in [*groups, ALL_CRIME]:
            in_group = (
                monthly if group == ALL_CRIME else monthly.xs(group, level=1, drop_level=False)
            )
            by_month = in_group.groupby(level=0).sum()
            row = volume.loc[(m, group)]
            assert row["crimes"] == by_month.get(m, 0), (m, group)
            r12 = sum(by_month.get(w, 0) for w in window)
            before = sum(by_month.get(w, 0) for w in previous)
            if complete:
                assert row["crimes_r12"] == r12, (m, group)
            else:
                assert pd.isna(row["crimes_r12"]), (m, group)
            if previous[-1] >= first:
                assert row["crimes_prev_r12"] == before, (m, group)
                assert row["r12_change"] == r12 - before, (m, group)
                if before:
                    pct = (r12 - before) / before
                    assert row["r12_pct_change"] == pytest.approx(pct), (m, group)
                else:
                    assert pd.isna(row["r12_pct_change"]), (m, group)
            else:
                assert pd.isna(row["r12_change"]), (m, group)

        # each crime's effective outcome as of m: its latest published outcome up to m
        known = outcomes[outcomes["Month"] <= m].sort_values(["Month", "file_month", "row"])
        latest = known.drop_duplicates("Crime ID", keep="last")
        mart = counts[counts["month"] == m]
        for column, rows in (
            ("outcomes_month", latest[latest["Month"] == m]),
            ("outcomes_r12", latest[latest["Month"] >= window[-1]] if complete else None),
        ):
            if rows is None:
                assert mart[column].isna().all(), (m, column)
                continue
            by_type = rows.groupby(["offence_group", "outcome_type"]).size()
            expected = {
                **{(g, int(t)): int(n) for (g, t), n in by_type.items()},
                **{
                    (ALL_CRIME, int(t)): int(n)
                    for t, n in rows.groupby("outcome_type").size().items()
                },
            }
            got = {
                (r.offence_group, int(r.outcome_type)): int(getattr(r, column))
                for r in mart.itertuples()
                if getattr(r, column)
            }
            assert got == expected, (m, column)
