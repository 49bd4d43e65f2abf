"""The published files' quirks, counted as they load (docs/police-uk.md): asset metadata.

The paper's own counts come from the dbt model of the quirks; these are what a data engineer sees
on each raw asset in Dagster.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import duckdb


def quality_counts(
    con: duckdb.DuckDBPyConnection, extract: str, months: Iterable[date], force_id: str
) -> dict[str, int]:
    """The published files' quirks in the loaded months, counted (docs/police-uk.md)."""
    months = list(months)
    if extract == "police_uk_street":
        row = con.execute(
            """
            WITH rows AS (
                SELECT * FROM raw.police_uk_street
                WHERE force_id = ? AND month IN (SELECT unnest(?))
            )
            SELECT
                count(*) FILTER (WHERE crime_type = 'Anti-social behaviour'),
                count(*) FILTER (WHERE crime_id IS NULL),
                (SELECT coalesce(sum(n - 1), 0) FROM (
                    SELECT count(*) AS n FROM rows WHERE crime_id IS NOT NULL
                    GROUP BY crime_id HAVING count(*) > 1)),
                count(*) FILTER (WHERE lsoa_code IS NULL)
            FROM rows
            """,
            [force_id, months],
        ).fetchall()[0]
        names = (
            "anti_social_behaviour_rows",
            "blank_crime_id_rows",
            "repeated_crime_id_rows",
            "no_location_rows",
        )
        return dict(zip(names, (int(v) for v in row), strict=True))
    row = con.execute(
        """
        WITH rows AS (
            SELECT * FROM raw.police_uk_outcomes
            WHERE force_id = ? AND month IN (SELECT unnest(?))
        )
        SELECT
            (SELECT coalesce(sum(n - 1), 0) FROM (
                SELECT count(*) AS n FROM rows GROUP BY crime_id, month HAVING count(*) > 1)),
            count(*) FILTER (WHERE lsoa_code IS NULL),
            count(*) FILTER (WHERE crime_id NOT IN (
                SELECT crime_id FROM raw.police_uk_street
                WHERE force_id = ? AND crime_id IS NOT NULL))
        FROM rows
        """,
        [force_id, months, force_id],
    ).fetchall()[0]
    names = (
        "repeated_crime_id_in_month_rows",
        "no_location_rows",
        "outcomes_of_crimes_not_in_street_files",
    )
    return dict(zip(names, (int(v) for v in row), strict=True))


def last_outcomes(
    con: duckdb.DuckDBPyConnection, month: date, force_id: str
) -> dict[str, str | None]:
    """Each crime's "Last outcome category" in the month's street delivery now in raw."""
    rows = con.execute(
        "SELECT crime_id, last_outcome_category FROM raw.police_uk_street "
        "WHERE force_id = ? AND month = ? AND crime_id IS NOT NULL",
        [force_id, month],
    ).fetchall()
    return dict(rows)


def revised_last_outcomes(before: dict[str, str | None], after: dict[str, str | None]) -> int:
    """Crimes of a re-delivered month whose "Last outcome category" changed between deliveries."""
    return sum(
        1 for crime, outcome in after.items() if crime in before and before[crime] != outcome
    )
