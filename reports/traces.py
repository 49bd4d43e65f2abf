"""Where each figure of the paper comes from: the mart, the row's keys and the column.

A `Value` read from a mart row carries a `Trace` (reports/mart_rows.py). When the figure is put into
words (`figure_words.show`), its text is wrapped in marks from Unicode's private use area, so the
trace travels inside the sentence whatever the section does with it. The HTML turns each marked
figure into a link to its entry in the appendix (`TraceIndex`); every other format, the tests and
search read the plain text (`plain`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

OPEN, MIDDLE, CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{OPEN}([^{MIDDLE}]*){MIDDLE}([^{CLOSE}]*){CLOSE}")
# The force is left out of a trace's keys: every trace names it (`Trace.describe`).
FORCE = "force_id"
# A key of `derived`: a value, a range (first, last) written "first to last", or None to drop it.
KeyValue = str | int | date | tuple[Any, Any] | None


@dataclass(frozen=True)
class Trace:
    table: str  # "marts.crime_volume"
    column: str  # "crimes_r12"
    keys: tuple[tuple[str, str], ...]  # (("reporting_month", "2026-10"), ("area", "All"), ...)

    @property
    def keys_text(self) -> str:
        return " ".join(f"{name}={value}" for name, value in self.keys)

    def describe(self, force_id: str) -> str:
        """'marts.crime_volume force_id=midshire reporting_month=2026-10 area=All … crimes_r12'
        (reference tables, which hold no force's rows, without the force)."""
        force = "" if self.table.startswith("reference.") else f" force_id={force_id}"
        return f"{self.table}{force} {self.keys_text} column={self.column}"


def key_text(value: Any) -> str:
    return f"{value:%Y-%m}" if isinstance(value, date) else str(value)


def row_keys(row: dict[str, Any], grain: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """A mart row's keys: the columns of its table's grain (its declared unique combination of
    columns, reports/mart_rows.py) but the force, in the grain's order. A person's pseudonym is
    never printed (docs/personal-data.md), so no trace names one."""
    return tuple(
        (name, key_text(row[name])) for name in grain if name != FORCE and "pseudonym" not in name
    )


def _key(value: KeyValue) -> str:
    if isinstance(value, tuple):
        first, last = (key_text(v) for v in value)
        return first if first == last else f"{first} to {last}"
    return key_text(value)


def derived(source: Trace | str | None, column: str, **keys: KeyValue) -> Trace | None:
    """The trace of a figure computed from mart cells rather than read from one: the table and
    keys of `source` (a trace, or a table name with no keys; None gives None), with `column`
    naming the operation and `keys` replacing, adding (or, given None, dropping) keys. A range
    (first, last) reads "first to last", or the one value when they are equal.

    tests/paper_traces.py redoes the operations it can parse: "sum of c" and "count of c" ("count
    of not c") over the rows of every key value the ranges name, "count of rows", and "c minus
    the previous month's"; other wordings (shares, changes on the year, XmR limits) must name a
    column of the table and are worked out in their own tests."""
    if source is None:
        return None
    table, kept = (source, ()) if isinstance(source, str) else (source.table, source.keys)
    given = dict(keys)
    merged = [(name, given.pop(name, value)) for name, value in kept] + list(given.items())
    return Trace(table, column, tuple((n, _key(v)) for n, v in merged if v is not None))


def mark(text: str, trace: Trace | None) -> str:
    if trace is None:
        return text
    encoded = json.dumps([trace.table, trace.column, trace.keys], ensure_ascii=True)
    return f"{OPEN}{encoded}{MIDDLE}{text}{CLOSE}"


def _decode(encoded: str) -> Trace | None:
    """The trace `mark` encoded; None for look-alike text (the mark characters in a name from
    the data), which stays plain text."""
    try:
        table, column, keys = json.loads(encoded)
        return Trace(str(table), str(column), tuple((str(n), str(v)) for n, v in keys))
    except (ValueError, TypeError):
        return None


def unmarked(text: str) -> str:
    """Text from outside the marts (commentary) with the mark characters taken out, so that it
    cannot pose as a traced figure."""
    return text.translate({ord(c): None for c in (OPEN, MIDDLE, CLOSE)})


def plain(text: str) -> str:
    """The text as a reader sees it, marks removed."""
    return _MARKED.sub(r"\2", text)


def traces_in(text: str) -> list[tuple[str, Trace]]:
    """(figure as printed, its trace) for every marked figure of the text."""
    found = [(m.group(2), _decode(m.group(1))) for m in _MARKED.finditer(text)]
    return [(shown, trace) for shown, trace in found if trace is not None]


@dataclass
class TraceIndex:
    """The figures of one rendering, numbered in order of first appearance; the appendix lists
    them, each link points at its entry."""

    force_id: str
    # Figures are links to the appendix's list; without one (the published edition), plain text.
    linked: bool = True
    entries: list[tuple[Trace, str]] = field(default_factory=list)  # (trace, figure as printed)
    _numbers: dict[Trace, int] = field(default_factory=dict)

    def number(self, trace: Trace, shown: str) -> int:
        if trace not in self._numbers:
            self.entries.append((trace, shown))
            self._numbers[trace] = len(self.entries)
        return self._numbers[trace]

    def html(self, text: str) -> Markup:
        """Escaped text, each marked figure a link to its appendix entry (when `linked`)."""
        out, last = [], 0
        for found in _MARKED.finditer(text):
            trace, shown = _decode(found.group(1)), found.group(2)
            out.append(escape(text[last : found.start()], quote=False))
            if trace is None:
                out.append(escape(found.group(0), quote=False))
            elif not self.linked:
                out.append(escape(shown, quote=False))
            else:
                n = self.number(trace, shown)
                out.append(
                    f'<a class="figure" href="#trace-{n}" title="'
                    f'{escape(trace.describe(self.force_id))}">{escape(shown, quote=False)}</a>'
                )
            last = found.end()
        out.append(escape(text[last:], quote=False))
        return Markup("".join(out))
