"""Each force's format of nominal IDs (seed `nominal_id_format`), checked in every contract of an
extract naming people: a value that is a reference but not the force's ID (`MS-N311` for
`MS-N0000311`, as a spreadsheet drops leading zeros; `ms-n0000311`) would be pseudonymised as
another person, so its row is quarantined instead.

The pattern is a regular expression the whole value must match, case included. A force without a
declared format cannot load extracts naming people: each such delivery is refused, naming the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd
import pandera.pandas as pa

from data_contracts.checks import IDENTIFIER_PATTERN
from data_contracts.sql import full_match, q, sql_check
from pcp_assets.settings import SEEDS_DIR

SEED = "nominal_id_format"


class UndeclaredFormat(ValueError):
    """The force declares no format of its nominal IDs."""


@dataclass(frozen=True)
class NominalIdFormat:
    pattern: str  # matched against the whole value, case-sensitively
    described: str  # as the rule names it: "MS-N and 7 digits"


@cache
def nominal_id_formats() -> dict[str, NominalIdFormat]:
    seed = pd.read_csv(SEEDS_DIR / f"{SEED}.csv", dtype=str, keep_default_na=False)
    if not seed["force_id"].is_unique:
        raise ValueError(f"seed {SEED} repeats a force_id")
    return {
        row.force_id: NominalIdFormat(row.pattern, row.described)
        for row in seed.itertuples(index=False)
    }


def nominal_id_format(force_id: str) -> NominalIdFormat:
    try:
        return nominal_id_formats()[force_id]
    except KeyError:
        raise UndeclaredFormat(
            f"no format of {force_id}'s nominal IDs is declared: add the force's row (pattern, "
            f"described) to seed {SEED} (docs/personal-data.md)"
        ) from None


def in_force_format(column: str, force_id: str) -> pa.Check:
    """The value is one of the force's nominal IDs. Blanks and values that are no reference at
    all are left to `not blank` and `is a reference`."""
    declared = nominal_id_format(force_id)
    return sql_check(
        f"{full_match(column, declared.pattern)} OR {q(column)} = '' "
        f"OR NOT {full_match(column, IDENTIFIER_PATTERN)}",
        f"{column} matches {declared.described}",
    )
