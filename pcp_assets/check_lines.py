"""What a check found, one line per finding, as the checks write it into their metadata and as
`pcp run`, the failure sensor and `pcp status` read it back (orchestration/progress.py).

Blocking findings go under `failed`, warnings under `warning`: a Markdown list, one `- <line>`
per finding, each `<force> <month>: <rule>: <n> rows, e.g. <keys>` where the check can say so.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import dagster as dg

NOTHING_FOUND = "none"

# How many failing rows a finding names by their key.
EXAMPLE_ROWS = 3


def listed(lines: Iterable[str]) -> dg.MetadataValue:
    """Findings as check metadata: a Markdown list, or `none`."""
    return dg.MetadataValue.md("\n".join(f"- {line}" for line in lines) or NOTHING_FOUND)


def listed_lines(metadata: Mapping[str, Any], name: str) -> list[str]:
    """The findings a check's metadata lists under `name`, without their list marks."""
    entry = metadata.get(name)
    text = str(getattr(entry, "value", "")) if entry is not None else ""
    return [
        line.strip().removeprefix("- ").strip()
        for line in text.splitlines()
        if line.strip() and line.strip() != NOTHING_FOUND
    ]


def row_key(row: Mapping[str, Any], keys: Iterable[str], hidden: Iterable[str] = ()) -> str:
    """A failing row as people read it: its key columns (a month as YYYY-MM), then the other
    values it holds, `column value`; columns in `hidden` (the force, said once by the line) are
    left out."""
    keys, hidden = set(keys), set(hidden)
    named = [
        f"{value:%Y-%m}" if hasattr(value, "strftime") else str(value)
        for column, value in row.items()
        if column in keys and column not in hidden
    ]
    compared = [
        f"{column} {value}"
        for column, value in row.items()
        if column not in keys and column not in hidden
    ]
    return " / ".join(named) + (f" ({', '.join(compared)})" if compared else "")


def rows_found(count: int, examples: list[str]) -> str:
    """`<n> rows, e.g. <key>; <key>`: how many rows a finding is about and a few of them."""
    said = f"{count:,} row{'' if count == 1 else 's'}"
    return said + (f", e.g. {'; '.join(examples[:EXAMPLE_ROWS])}" if examples else "")
