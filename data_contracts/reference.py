"""Reference data the contracts check against, read from the dbt seeds."""

from __future__ import annotations

from functools import cache

import pandas as pd

from data_contracts.checks import RowCheck, row_check
from data_contracts.sql import lit, parsed, q
from pcp_assets.settings import SEEDS_DIR


@cache
def offence_classification() -> pd.DataFrame:
    """The offence seed indexed by offence_code; valid_from/valid_to as datetimes (valid_to NaT =
    still in force)."""
    seed = pd.read_csv(SEEDS_DIR / "offence_classification.csv", dtype=str, keep_default_na=False)
    for column in ("valid_from", "valid_to"):
        seed[column] = pd.to_datetime(seed[column].replace("", None), format="%Y-%m-%d")
    if not seed["offence_code"].is_unique:
        raise ValueError("seed offence_classification repeats an offence_code")
    return seed.set_index("offence_code")


@cache
def police_uk_crime_types() -> tuple[str, ...]:
    """The 14 data.police.uk crime types (seed `police_uk_crime_type_map`)."""
    seed = pd.read_csv(SEEDS_DIR / "police_uk_crime_type_map.csv", dtype=str, keep_default_na=False)
    return tuple(seed["crime_type"])


@cache
def police_uk_outcome_categories() -> tuple[str, ...]:
    """data.police.uk outcome texts the crosswalk knows (seed `police_uk_outcome_map`)."""
    seed = pd.read_csv(SEEDS_DIR / "police_uk_outcome_map.csv", dtype=str, keep_default_na=False)
    return tuple(seed["outcome_category"])


@cache
def area_lookup() -> pd.DataFrame:
    """Each force's LSOAs with their beat, district and area (seed `area_lookup`)."""
    return pd.read_csv(SEEDS_DIR / "area_lookup.csv", dtype=str, keep_default_na=False)


def lsoa_codes(force_id: str) -> frozenset[str]:
    seed = area_lookup()
    return frozenset(seed.loc[seed["force_id"] == force_id, "lsoa_code"])


def beat_codes(force_id: str) -> frozenset[str]:
    seed = area_lookup()
    return frozenset(seed.loc[seed["force_id"] == force_id, "beat_code"])


def offence_in_force(code_column: str, date_column: str, fmt: str) -> RowCheck:
    """The Home Office code was in force on the row's date (seed `offence_classification`'s
    valid_from and valid_to); an unknown code or a date that does not parse is left to their own
    rules. Rejects are reported against the code."""
    seed = offence_classification()

    def dates(column: str) -> str:
        listed = ", ".join(
            "NULL" if pd.isna(day) else f"DATE {lit(day.strftime('%Y-%m-%d'))}"
            for day in seed[column]
        )
        codes = ", ".join(lit(str(code)) for code in seed.index)
        return f"([{listed}]::DATE[])[list_position([{codes}], {q(code_column)})]"

    day = f"CAST({parsed(date_column, fmt)} AS DATE)"
    return row_check(
        code_column,
        f"{code_column} in force on {date_column}",
        f"NOT ({day} < {dates('valid_from')} OR {day} > {dates('valid_to')})",
    )
