"""Small counts in what is published outside the force (docs/personal-data.md, "Small counts").

One rule for the published edition of the paper and the published copies of the marts: every
count about people or cases, breakdown or total, is rounded on its own to the nearest multiple of
the threshold (`PCP_SMALL_COUNT_THRESHOLD`, default 5; halves up), and a count below twice the
threshold, zero included, is not shown at all ("<10"; null in a published mart, with the row's
`small_counts_suppressed` true). A reader who knows the rule learns of a hidden count only that
it is one of the ten values 0 to 9, and of a shown count only its rounding interval; the
published paper's audit (tests/test_disclosure_audit.py) checks that no sum or difference of
what an edition prints narrows a count from 1 to threshold - 1 to fewer than threshold values.

A mart declares its counts about people or cases in its yml: `config: meta: {small_counts:
[column, ...], small_counts_withheld: [column, ...]}`, the second list naming figures derived from
them (rates) that are null in the published copy. The warehouse's own marts keep the true
counts.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPRESSED_COLUMN = "small_counts_suppressed"
SUPPRESSED_DESCRIPTION = (
    "True where a count about people or cases was below twice the small-count threshold and is "
    "null in this published copy; every such count is otherwise rounded to the nearest multiple "
    "of the threshold, and the rates derived from them are null."
)


@dataclass(frozen=True)
class Rounding:
    """The rule, for a threshold."""

    threshold: int = 5

    @property
    def hidden_below(self) -> int:
        """Counts below this (0 to 9 for the default threshold) are not shown."""
        return 2 * self.threshold

    @property
    def hidden_label(self) -> str:
        return f"<{self.hidden_below}"

    def rounded(self, count: float) -> int | None:
        """The count as published: None when hidden, else the nearest multiple of the threshold
        (halves up)."""
        whole = round(count)
        if whole < self.hidden_below:
            return None
        return (whole + self.threshold // 2) // self.threshold * self.threshold

    def sql(self, column: str) -> str:
        """The same in DuckDB SQL, for an integer column."""
        t = int(self.threshold)
        return f"CASE WHEN {column} < {2 * t} THEN NULL ELSE ({column} + {t // 2}) // {t} * {t} END"


@dataclass(frozen=True)
class SmallCounts:
    columns: tuple[str, ...]
    # Figures derived from those counts that would give them back (a rate beside its rounded
    # base): null in the published copy.
    withheld: tuple[str, ...] = ()


def published_select(table: str, rule: SmallCounts | None, threshold: int) -> str:
    """SELECT of `table` as published: its counts about people rounded, small ones nulled and
    the row flagged."""
    if rule is None or not rule.columns:
        return f"SELECT * FROM {table}"
    rounding = Rounding(threshold)
    replaced = ", ".join(
        [f"{rounding.sql(c)} AS {c}" for c in rule.columns]
        + [f"CASE WHEN false THEN {c} END AS {c}" for c in rule.withheld]  # null, same type
    )
    flagged = " OR ".join(f"coalesce({c} < {rounding.hidden_below}, false)" for c in rule.columns)
    return f"SELECT * REPLACE ({replaced}), ({flagged}) AS {SUPPRESSED_COLUMN} FROM {table}"
