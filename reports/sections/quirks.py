"""Section 2.5 of the data.police.uk paper: the published files' quirks, counted
(marts.police_uk_quirks): none is dropped unseen and none stops the run (docs/police-uk.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from data_contracts.calendar import add_months
from reports import phrases
from reports.paper import NumberedSection, PaperContext, Placed
from reports.traces import derived, mark

MART = "marts.police_uk_quirks"

QUIRKS = (
    ("anti_social_behaviour", "Anti-social behaviour reports (blank Crime ID; not crime)"),
    ("blank_crime_ids", "Rows with a blank Crime ID"),
    ("repeated_crime_id_rows", "Repeated Crime ID rows dropped (later delivery and row kept)"),
    ("rows_without_location", "Rows with no location (no LSOA): area “No location”"),
    ("rows_outside_force_area", "Rows placed in an LSOA outside the force area"),
    ("repeated_outcome_rows", "Outcome rows repeating a crime in the month (last row kept)"),
    (
        "outcomes_of_crimes_before_first_month",
        "Outcomes of crimes recorded before the first month loaded (counted as outcomes)",
    ),
    (
        "last_outcome_revisions",
        "Crimes whose “Last outcome category” differs from a later published outcome",
    ),
)


def quirks_table(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> dict[str, object]:
    columns = ", ".join(
        f"coalesce(sum({c}) filter (where reporting_month = ?), 0)::bigint, "
        f"coalesce(sum({c}), 0)::bigint"
        for c, _ in QUIRKS
    )
    values = con.execute(
        f"select {columns} from {MART} where force_id = ? and reporting_month between ? and ?",
        [*([m] * len(QUIRKS)), force_id, add_months(m, -11), m],
    ).fetchall()[0]
    first = add_months(m, -11)
    rows = [
        [
            label,
            mark(phrases.format_count(values[2 * i]), derived(MART, column, reporting_month=m)),
            mark(
                phrases.format_count(values[2 * i + 1]),
                derived(MART, f"sum of {column}", reporting_month=(first, m)),
            ),
        ]
        for i, (column, label) in enumerate(QUIRKS)
    ]
    return {
        "caption": "What the published files hold, counted (none stops the run or is dropped "
        "unseen; docs/police-uk.md)",
        "headers": ["Quirk", phrases.month_label(m), "12 months (months loaded)"],
        "rows": rows,
    }


@dataclass(frozen=True)
class PublishedDataQuirks:
    number: str = "2.5"
    title: str = "What the Published Data Holds"
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        return NumberedSection(
            self.number,
            self.title,
            (
                "The published files are used as they are: their quirks are counted below, none "
                "is dropped unseen and none stops the run.",
            ),
            context.commentary.for_section(self.number),
            tables=(quirks_table(context.con, context.force_id, context.reporting_month),),
        )


PAPERS = (Placed("police_uk", (2, 5), PublishedDataQuirks()),)
