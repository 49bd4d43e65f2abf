"""Reference data the contracts check against, read from the dbt seeds."""

from __future__ import annotations

from functools import cache

import pandas as pd

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
