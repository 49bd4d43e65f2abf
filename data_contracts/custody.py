"""The `custody` extract: one row per custody record booked in during the month (event date:
booked_in_at), arrests and, from the force's voluntary-attendance process, appointments for
biometric capture (reference paper 2.1.12).

The custody suites are derived from the force's areas and districts in seed `area_lookup`
(`custody_suites`), so a second force gets its own suites without a per-force list.
"""

from __future__ import annotations

from functools import cache

from data_contracts.checks import (
    RowCheck,
    identifier,
    is_force,
    month_period,
    not_blank,
    one_of,
    parses,
    row_check,
    unique_in_file,
    within_month,
)
from data_contracts.extract import DATE_FORMAT, TIMESTAMP_FORMAT, Due, Extract, Rules
from data_contracts.nominal_ids import in_force_format
from data_contracts.reference import area_lookup, offence_classification, offence_in_force
from data_contracts.sql import parsed, q
from data_contracts.volume import share_by

ATTENDANCE_TYPES = ("arrest", "voluntary_attendance")
BIOMETRICS = ("fingerprints", "dna", "photo")
# PACE: 24 hours, 36 with a superintendent's extension, 96 with magistrates' warrants.
MAX_DETENTION_HOURS = 96
MIN_AGE_YEARS = 10  # the age of criminal responsibility in England and Wales
SUITE_SUFFIX = "Custody Centre"


@cache
def custody_suites(force_id: str) -> tuple[tuple[str, str, str], ...]:
    """(suite, area, district) of the force's suites: the area with the most LSOAs (ties: the
    first by name) has one suite in each of its two largest districts, every other area one in
    its largest district (ties: the first by name). Midshire: two North, one South."""
    seed = area_lookup()
    lsoas = seed[seed["force_id"] == force_id].groupby(["area", "district"]).size()
    if lsoas.empty:
        return ()
    by_area = lsoas.groupby(level="area").sum().sort_index()
    busiest = by_area.idxmax()
    suites = []
    for area in by_area.index:
        districts = lsoas.loc[area].reset_index(name="n")
        districts = districts.sort_values(["n", "district"], ascending=[False, True])["district"]
        for district in districts.head(2 if area == busiest else 1):
            suites.append((f"{district} {SUITE_SUFFIX}", area, district))
    return tuple(suites)


BOOKED = parsed("booked_in_at", TIMESTAMP_FORMAT)
RELEASED = parsed("released_at", TIMESTAMP_FORMAT)


def _taken_only_if_eligible(biometric: str) -> RowCheck:
    taken, eligible = q(f"{biometric}_taken"), q(f"{biometric}_eligible")
    return row_check(
        f"{biometric}_taken",
        f"{biometric}_taken only where {biometric}_eligible",
        f"NOT ({taken} = 'Y' AND {eligible} <> 'Y')",
    )


def _flag(column: str):
    return one_of(column, ("Y", "N"), rule=f"{column} is Y or N")


def rules(month: str, force_id: str) -> Rules:
    period = month_period(month)
    suites = [suite for suite, _area, _district in custody_suites(force_id)]
    codes = offence_classification().index
    flags = {
        f"{biometric}_{stage}": [_flag(f"{biometric}_{stage}")]
        for biometric in BIOMETRICS
        for stage in ("eligible", "taken")
    }
    return Rules(
        columns={
            "force_id": [not_blank("force_id"), is_force("force_id", force_id)],
            "custody_ref": [
                not_blank("custody_ref"),
                identifier("custody_ref"),
                unique_in_file("custody_ref"),
            ],
            "suite": [one_of("suite", suites, rule=f"suite is a custody suite of {force_id}")],
            "booked_in_at": [
                parses("booked_in_at", TIMESTAMP_FORMAT),
                within_month("booked_in_at", TIMESTAMP_FORMAT, period),
            ],
            "released_at": [parses("released_at", TIMESTAMP_FORMAT, optional=True)],
            "nominal_id": [
                not_blank("nominal_id"),
                identifier("nominal_id"),
                in_force_format("nominal_id", force_id),
            ],
            "date_of_birth": [parses("date_of_birth", DATE_FORMAT)],
            "arrest_offence_code": [
                one_of(
                    "arrest_offence_code",
                    codes,
                    rule="arrest_offence_code is a known Home Office code",
                )
            ],
            **flags,
            "attendance_type": [one_of("attendance_type", ATTENDANCE_TYPES)],
        },
        rows=(
            row_check(
                "released_at", "released_at not before booked_in_at", f"NOT ({RELEASED} < {BOOKED})"
            ),
            row_check(
                "released_at",
                f"detention at most {MAX_DETENTION_HOURS} hours",
                f"NOT ({RELEASED} > {BOOKED} + INTERVAL {MAX_DETENTION_HOURS} HOUR)",
            ),
            row_check(
                "date_of_birth",
                f"detainee aged {MIN_AGE_YEARS} or over when booked in",
                f"NOT ({BOOKED} < {parsed('date_of_birth', DATE_FORMAT)} "
                f"+ INTERVAL {MIN_AGE_YEARS} YEAR)",
            ),
            offence_in_force("arrest_offence_code", "booked_in_at", TIMESTAMP_FORMAT),
            *(_taken_only_if_eligible(biometric) for biometric in BIOMETRICS),
        ),
    )


EXTRACT = Extract(
    name="custody",
    label="Custody records",
    source="force_extracts",
    kinds={
        "force_id": "text",
        "custody_ref": "text",
        "suite": "text",
        "booked_in_at": "timestamp",
        "released_at": "timestamp",
        "nominal_id": "text",
        "forename": "text",
        "surname": "text",
        "date_of_birth": "date",
        "arrest_offence_code": "text",
        "fingerprints_eligible": "flag",
        "fingerprints_taken": "flag",
        "dna_eligible": "flag",
        "dna_taken": "flag",
        "photo_eligible": "flag",
        "photo_taken": "flag",
        "attendance_type": "text",
    },
    event_column="booked_in_at",
    key_columns=("custody_ref",),
    rules=rules,
    due=Due(working_day=5),
    staged_in=("staging.stg_raw__custody",),
    revision_key=("custody_ref",),
    pseudonymised=("nominal_id",),
    personal=("forename", "surname", "date_of_birth"),
    shares=(share_by("suite", "custody suite"),),
)
