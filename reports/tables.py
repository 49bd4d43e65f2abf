"""A section's tables as printed: a column with nothing to show, every cell "not available" (a
figure the history is too short for, said once in the background) or blank, is left out, and a
table left with nothing but its row labels becomes one line under the section's paragraphs. A
"not available" with its reason (a gap in the data) is something to show, and stays."""

from __future__ import annotations

from typing import Any

from reports.phrases import not_available

NOT_AVAILABLE = not_available(None)


def _empty(column: int, rows: list[list[str]]) -> bool:
    return bool(rows) and all(row[column] in (NOT_AVAILABLE, "") for row in rows)


def trim(table: dict[str, Any]) -> dict[str, Any] | None:
    """The table without its columns of nothing but "not available" (the first, the row labels,
    always kept); None when no other column is left."""
    rows, headers = table["rows"], table["headers"]
    keep = [i for i in range(len(headers)) if i == 0 or not _empty(i, rows)]
    if len(keep) == 1 and len(headers) > 1:
        return None
    if len(keep) == len(headers):
        return table
    return table | {
        "headers": [headers[i] for i in keep],
        "rows": [[row[i] for i in keep] for row in rows],
    }


def left_out(table: dict[str, Any]) -> str:
    return f"The table “{table['caption']}” is left out: none of its figures is available yet."
