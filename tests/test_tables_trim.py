"""Tables as printed (reports/tables.py): a column with nothing to show is left out, a table with
nothing at all becomes one line, and a gap's "not available (reason)" is kept."""

from __future__ import annotations

from reports.paper import NumberedSection, trimmed
from reports.tables import trim

NA = "not available"


def table(headers: list[str], *rows: list[str]) -> dict[str, object]:
    return {"caption": "Recorded crime by offence group, February 2024", "headers": headers,
            "rows": [list(r) for r in rows], "total_last": True}  # fmt: skip


def test_columns_of_nothing_are_left_out_and_the_rest_kept_in_order() -> None:
    four_months = table(
        ["Offence group", "February 2024", "12 months", "Change", "Against the last 12 months"],
        ["Robbery", "37", NA, NA, ""],
        ["All crime", "5,120", NA, NA, ""],
    )
    assert trim(four_months) == {
        "caption": "Recorded crime by offence group, February 2024",
        "headers": ["Offence group", "February 2024"],
        "rows": [["Robbery", "37"], ["All crime", "5,120"]],
        "total_last": True,
    }


def test_a_column_with_one_figure_or_a_gaps_reason_stays() -> None:
    some = table(["Suite", "Bookings", "Rate"], ["North", "12", NA], ["South", "9", "95.0%"])
    assert trim(some) is some
    gap = table(["Suite", "Rate"], ["North", "not available (missing months: 2024-01)"])
    assert trim(gap) is gap


def test_a_table_with_nothing_to_show_becomes_one_line() -> None:
    empty = table(["Offence group", "12 months", "Change"], ["Robbery", NA, NA])
    assert trim(empty) is None
    section = trimmed(NumberedSection("2.1", "Headlines", ("A paragraph.",), tables=(empty,)))
    assert section.tables == ()
    assert section.paragraphs == (
        "A paragraph.",
        "The table “Recorded crime by offence group, February 2024” is left out: none of its "
        "figures is available yet.",
    )
