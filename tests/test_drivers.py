"""The drivers of the headline movements: marts.crime_change_drivers and
marts.outcome_rate_decomposition recomputed with pandas from marts.crime_volume and
marts.outcome_rates on the October 2026 run, their sentences in the paper adding up, and the
words worked by hand (reports/drivers.py)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pcp_assets.settings import Settings
from reports import drivers as dr
from reports.mart_rows import Row
from reports.traces import plain
from tests.conftest import REPORTING_MONTH
from tests.dbt_cli import dbt
from tests.paper_html import FORCE, Month, visible_text

MINUS = "\u2212"
MONTH = date.fromisoformat(f"{REPORTING_MONTH}-01")
PARENT = ["area", "offence_group", "offence_subgroup"]


def _row(**cells: object) -> Row:
    return Row(cells)


def _contributions(key: tuple[str, ...], change: int, named: list[tuple[str, int]], rest=None):
    rows = [
        _row(r12_change=change, contributor=c, contribution=n, contributors=1, is_named=True)
        for c, n in named
    ]
    if rest:
        n, total = rest
        rows.append(
            _row(
                r12_change=change,
                contributor="Others",
                contribution=total,
                contributors=n,
                is_named=False,
            )
        )
    return {key: tuple(rows)}


def test_the_words_name_the_largest_and_add_up_the_rest() -> None:
    key = (*dr.ALL_CRIME_KEY, "offence_group")
    named = [("violence", 680), ("robbery", 100), ("theft", 30), ("drug offences", -180)]
    d = dr.Drivers(_contributions(key, 553, named, (3, -77)), {})
    assert dr.change_drivers(d, dr.ALL_CRIME_KEY, "offence_group", "all crime") == (
        "of the rise of 553 in all crime, violence rose 680, robbery 100 and theft 30, while "
        "drug offences fell 180; the other three offence groups fell 77 between them"
    )
    # a fall, named by area, one area left that did not change
    area_key = (*dr.ALL_CRIME_KEY, "area")
    falls = [("North", -30), ("South", -20), ("West", -5), ("East", 15)]
    d = dr.Drivers(_contributions(area_key, -40, falls, (1, 0)), {})
    assert dr.by_area(d, dr.ALL_CRIME_KEY) == (
        "by area, North fell 30, South 20 and West 5, while East rose 15; the other area did "
        "not change"
    )
    # no change, no drivers
    d = dr.Drivers(_contributions(key, 0, [("violence", 5), ("theft", -5)]), {})
    assert dr.change_drivers(d, dr.ALL_CRIME_KEY, "offence_group", "all crime") is None


def _decomposition(measure: str, now: float, before: float, mix: float, rate: float):
    row = _row(
        rate=now, rate_compared=before, rate_change=now - before, mix_effect=mix, rate_effect=rate
    )
    return dr.Drivers({}, {(*dr.ALL_CRIME_KEY, measure, "offence_group"): row})


def test_the_rate_decomposition_adds_up_as_printed() -> None:
    # change -0.449 points prints -0.4; mix -0.151 prints -0.2; the rate effect -0.298 would
    # print -0.3 on its own, and -0.2 - 0.3 is not -0.4: it prints -0.4 less -0.2, -0.2
    d = _decomposition(dr.PP_RATE, 0.10, 0.10449, -0.00151, -0.00298)
    assert dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "offence_group") == (
        f"of its change of {MINUS}0.4 points on the previous month, the mix of offence groups "
        f"accounts for {MINUS}0.2 points and the rates within the offence groups for "
        f"{MINUS}0.2 points"
    )
    # the outcome 16 share, on a year earlier
    d = _decomposition(dr.OUTCOME16_SHARE, 0.30, 0.28, 0.005, 0.015)
    assert dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "offence_group", dr.OUTCOME16_SHARE) == (
        "of its change of +2.0 points on a year earlier, the mix of offence groups accounts for "
        "+0.5 points and the shares within the offence groups for +1.5 points"
    )
    # a mix effect that prints as zero is not an empty "accounts for 0 points": 2.7 points is
    # all in the shares within (mix 0.0004 prints 0.0)
    d = _decomposition(dr.OUTCOME16_SHARE, 0.156, 0.129, 0.00004, 0.02696)
    assert dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "offence_group", dr.OUTCOME16_SHARE) == (
        "its change of +2.7 points on a year earlier is all in the shares within the offence "
        "groups: the mix of offence groups made none of it"
    )
    # and the other way round: -0.3 points all in the mix (the rest, -0.3 less -0.3, is zero)
    d = _decomposition(dr.PP_RATE, 0.067, 0.070, -0.0029, -0.0001)
    assert dr.rate_decomposition(d, dr.ALL_CRIME_KEY, "offence_group") == (
        f"its change of {MINUS}0.3 points on the previous month is all in the mix of offence "
        "groups: the rates within the offence groups made none of it"
    )
    # a rate the paper calls stable has no change to explain
    stable = _decomposition(dr.PP_RATE, 0.1, 0.1001, 0.0001, -0.0002)
    assert dr.rate_decomposition(stable, dr.ALL_CRIME_KEY, "offence_group") is None


# --- the marts against pandas, on the October 2026 run ---------------------------------------


@pytest.fixture(scope="module")
def con(completed_run: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(completed_run.duckdb_path), read_only=True)
    yield connection
    connection.close()


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql, [FORCE]).df()


def _expected_drivers(volume: pd.DataFrame) -> pd.DataFrame:
    """Each change's children, the three largest with it and the largest against it named, the
    rest added up; built from crime_volume's rows."""
    v = volume.dropna(subset=["r12_change"])
    dims = {
        "offence_group": (
            v[v.offence_group == "All crime"],
            lambda p: v[
                (v.area == p.area)
                & (v.offence_group != "All crime")
                & (v.offence_subgroup == "All")
            ],
            "offence_group",
        ),
        "offence_subgroup": (
            v[v.offence_subgroup == "All"],
            lambda p: v[
                (v.area == p.area)
                & (v.offence_subgroup != "All")
                & ((p.offence_group == "All crime") | (v.offence_group == p.offence_group))
            ],
            "offence_subgroup",
        ),
        "area": (
            v[v.area == "All"],
            lambda p: v[
                (v.area != "All")
                & (v.offence_group == p.offence_group)
                & (v.offence_subgroup == p.offence_subgroup)
            ],
            "area",
        ),
    }
    out = []
    for driven_by, (parents, children_of, label) in dims.items():
        for p in parents.itertuples():
            children = children_of(p)
            if children.empty:
                continue
            sign = 1 if p.r12_change >= 0 else -1
            signed = children.r12_change * sign
            order = children.assign(size=children.r12_change.abs()).sort_values(
                ["size", label], ascending=[False, True]
            )
            along = order[signed.loc[order.index] > 0].head(3)
            against = order[signed.loc[order.index] < 0].head(1)
            named = pd.concat([along, against])
            for rank, child in enumerate(named.itertuples(), 1):
                out.append(
                    (
                        p.area,
                        p.offence_group,
                        p.offence_subgroup,
                        driven_by,
                        getattr(child, label),
                        p.r12_change,
                        child.r12_change,
                        1,
                        rank,
                    )
                )
            rest = children.drop(named.index)
            if not rest.empty:
                out.append(
                    (
                        p.area,
                        p.offence_group,
                        p.offence_subgroup,
                        driven_by,
                        "Others",
                        p.r12_change,
                        rest.r12_change.sum(),
                        len(rest),
                        None,
                    )
                )
    columns = [
        *PARENT,
        "driven_by",
        "contributor",
        "r12_change",
        "contribution",
        "contributors",
        "contribution_rank",
    ]
    return pd.DataFrame(out, columns=columns)


def test_drivers_mart_is_the_pandas_recomputation(con: duckdb.DuckDBPyConnection) -> None:
    volume = _frame(
        con,
        "select area, offence_group, offence_subgroup, r12_change from marts.crime_volume "
        f"where force_id = ? and reporting_month = date '{MONTH}'",
    )
    mart = _frame(
        con,
        "select area, offence_group, offence_subgroup, driven_by, contributor, r12_change, "
        "contribution, contributors, contribution_rank from marts.crime_change_drivers "
        f"where force_id = ? and reporting_month = date '{MONTH}'",
    )
    expected = _expected_drivers(volume)
    keys = [*PARENT, "driven_by", "contributor"]
    got = mart.sort_values(keys).reset_index(drop=True)
    want = expected.sort_values(keys).reset_index(drop=True)
    assert len(got) > 100
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    sums = got.groupby([*PARENT, "driven_by"]).agg(
        total=("contribution", "sum"), change=("r12_change", "first")
    )
    assert (sums.total == sums.change).all()


# measure -> its base, events and rate in outcome_rates, months back to the month compared, and
# the domestic abuse flag of its rows
MEASURES = {
    "pp_rate_in_period": ("crimes_r12", "pp_outcomes_r12", "pp_rate_in_period", 1, "All"),
    "outcome16_share": ("assigned_outcomes_r12", "outcome16_r12", "outcome16_share", 12, "All"),
    "outcome16_share_domestic_abuse": (
        "assigned_outcomes_r12",
        "outcome16_r12",
        "outcome16_share",
        12,
        "Domestic abuse",
    ),
}


def test_decomposition_mart_is_the_pandas_recomputation(con: duckdb.DuckDBPyConnection) -> None:
    rates = _frame(
        con,
        "select reporting_month, area, offence_group, offence_subgroup, domestic_abuse, "
        "crimes_r12, pp_outcomes_r12, pp_rate_in_period, assigned_outcomes_r12, outcome16_r12, "
        "outcome16_share from marts.outcome_rates where force_id = ?",
    )
    mart = _frame(
        con,
        "select area, offence_group, offence_subgroup, measure, mix_of, rate_change, mix_effect, "
        "rate_effect from marts.outcome_rate_decomposition "
        f"where force_id = ? and reporting_month = date '{MONTH}' and rate_change is not null",
    )
    assert set(mart.measure) == set(MEASURES)
    for row in mart.itertuples():
        base, events, rate, back, flag = MEASURES[row.measure]
        flagged = rates[rates.domestic_abuse == flag]
        now = flagged[flagged.reporting_month == pd.Timestamp(MONTH)].set_index(PARENT)
        index = now.index.to_frame(index=False)
        earlier = pd.Timestamp(MONTH) - pd.DateOffset(months=back)
        before = flagged[flagged.reporting_month == earlier].set_index(PARENT)
        parent = (row.area, row.offence_group, row.offence_subgroup)
        if row.mix_of == "offence_group":
            parts = index[
                (index.area == row.area)
                & (index.offence_group != "All crime")
                & (index.offence_subgroup == "All")
            ]
        elif row.mix_of == "offence_subgroup":
            same_group = (row.offence_group == "All crime") | (
                index.offence_group == row.offence_group
            )
            parts = index[(index.area == row.area) & same_group & (index.offence_subgroup != "All")]
        else:
            parts = index[
                (index.area != "All")
                & (index.offence_group == row.offence_group)
                & (index.offence_subgroup == row.offence_subgroup)
            ]
        keys = list(parts.itertuples(index=False, name=None))
        c1, c0 = now.loc[keys, base], before.loc[keys, base]
        o1, o0 = now.loc[keys, events], before.loc[keys, events]
        w1, w0 = c1 / now.loc[parent, base], c0 / before.loc[parent, base]
        r1 = (o1 / c1.where(c1 > 0)).fillna(o0 / c0.where(c0 > 0)).fillna(0)
        r0 = (o0 / c0.where(c0 > 0)).fillna(r1)
        mix = ((w1 - w0) * (r1 + r0) / 2).sum()
        within = ((r1 - r0) * (w1 + w0) / 2).sum()
        change = now.loc[parent, rate] - before.loc[parent, rate]
        assert row.mix_effect == pytest.approx(mix, abs=1e-12), parent
        assert row.rate_effect == pytest.approx(within, abs=1e-12), parent
        assert row.rate_change == pytest.approx(change, abs=1e-12), parent
        assert mix + within == pytest.approx(change, abs=1e-12), parent
    assert len(mart) > 20


def test_the_add_up_tests_fire_on_drivers_that_do_not(
    completed_run: Settings, tmp_path: Path
) -> None:
    """One named contribution one too many, one mix effect a point too large: both dbt tests
    find the row they break, and only it."""
    warehouse = tmp_path / "pcp.duckdb"
    shutil.copy(completed_run.duckdb_path, warehouse)
    month = f"date '{MONTH}'"
    with duckdb.connect(str(warehouse)) as broken:
        broken.execute(
            "update marts.crime_change_drivers set contribution = contribution + 1 "
            f"where reporting_month = {month} and area = 'All' and offence_group = 'All crime' "
            "and driven_by = 'area' and contribution_rank = 1"
        )
        broken.execute(
            "update marts.outcome_rate_decomposition set mix_effect = mix_effect + 0.01 "
            f"where reporting_month = {month} and area = 'All' and offence_group = 'Robbery' "
            "and offence_subgroup = 'All' and measure = 'pp_rate_in_period' "
            "and mix_of = 'offence_subgroup'"
        )
    result = dbt(
        warehouse,
        "test",
        "--select",
        "assert_crime_change_drivers_add_up assert_outcome_rate_decomposition_adds_up",
        target="target_add_up",
        succeeds=False,
        reporting_month=f"{MONTH}",
    )
    assert result.stdout.count("Got 1 result") == 2, result.stdout[-3000:]


# --- the paper's sentences add up ----------------------------------------------------------

NUMBER = r"\d[\d,]*"
# "Of the fall of 135 in all recorded crime, <clause>." and the sentences on the same change after
# it, "By area, <clause>."
DRIVERS = re.compile(
    rf"(?:Of the (rise|fall) of ({NUMBER}) in [^,]+|By (?:area|subgroup)), ([^.]*)\."
)
PART = re.compile(rf"(?:(rose|fell) )?({NUMBER})")


def _signed_parts(clause: str) -> list[int]:
    """The contributions a drivers clause prints, signed by their verb (a name without a verb
    moves as the one before it)."""
    found, verb = [], "rose"
    counts = re.sub(r"the other [\w,]+ ", "", clause)  # how many others: not a contribution
    for moved, n in PART.findall(counts):
        verb = moved or verb
        found.append((1 if verb == "rose" else -1) * int(n.replace(",", "")))
    return found


@pytest.fixture(scope="module")
def text(completed_run: Settings) -> str:
    page = Month(completed_run.reports_dir / FORCE / REPORTING_MONTH).html()
    return plain(visible_text(page))


def test_every_drivers_sentence_adds_up(text: str) -> None:
    total, checked = None, []
    for way, change, clause in DRIVERS.findall(text):
        if change:
            total = int(change.replace(",", "")) * (1 if way == "rise" else -1)
        assert total is not None, clause
        assert sum(_signed_parts(clause)) == total, (total, clause)
        checked.append(clause)
    # 2.1: all crime by group, subgroup and area, each area by group; 2.3: violence with injury,
    # robbery by subgroup and area, weapons; 2.4 rape
    assert len(checked) >= 10, checked


POINTS = rf"([+{MINUS}]?[\d.]+) points?"
DECOMPOSED = re.compile(
    rf"change of {POINTS} on (?:the previous month|a year earlier), the mix of [a-z ]+ accounts "
    rf"for {POINTS} and the (?:rates|shares) within the [a-z ]+ for {POINTS}"
)


# a part that rounds to zero: the whole change is in the other part
ALL_IN_ONE = re.compile(
    rf"change of {POINTS} on (?:the previous month|a year earlier) is all in (?:the mix|the "
    r"(?:rates|shares) within)"
)


def test_every_decomposition_adds_up(text: str) -> None:
    found = DECOMPOSED.findall(text)
    assert found or ALL_IN_ONE.findall(text), "no rate decomposition in the paper"
    assert "accounts for 0 points" not in text and "accounts for no change" not in text
    for change, mix, within in found:
        as_number = [float(x.replace(MINUS, "-")) for x in (change, mix, within)]
        assert round(as_number[1] + as_number[2], 1) == as_number[0], (change, mix, within)
