"""Section 2.6, custody and biometric capture (reference paper 2.1.12): detainees booked in,
voluntary attendances for biometric capture, and the capture rates among eligible detainees, with
a table by custody suite (marts.custody_throughput). The data.police.uk paper says it has none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reports import figure_words as w
from reports import phrases as p
from reports.history import TOTALS, is_history, row_note
from reports.mart_rows import Row, fetch, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import Unavailable

TITLE = "Custody and biometric capture"
MART = "marts.custody_throughput"
ALL = "All"
# biometric -> what a captured detainee did, in a sentence
BIOMETRICS = {
    "fingerprints": "had their fingerprints taken",
    "dna": "gave DNA",
    "photo": "were photographed",
}
TABLE_HEADERS = {"fingerprints": "Fingerprints", "dna": "DNA", "photo": "Photograph"}

_SQL = f"""
select * from {MART}
where force_id = ? and reporting_month = ?
order by suite = '{ALL}', suite
"""


def _plural(row: Row, column: str, one: str, many: str) -> str:
    return f"{w.cell(row, column)} {one if row[column] == 1 else many}"


def _shown(row: Row, column: str, fmt: Callable[[float], str] = p.format_count) -> str:
    """A cell in words, "not available" alone when null (the paragraph gives the reason once)."""
    return "not available" if row.get(column) is None else w.cell(row, column, fmt)


def detainees_sentence(row: Row | None, month: str) -> str:
    """Detainees booked in, month and R12."""
    if row is None:
        return p.sentence(f"No custody figures are held for {month}")
    reason = row.get("unavailable_reason")
    if row.get("detainees_month") is None:
        shown = p.not_available(None if is_history(reason) else reason)
        return p.sentence(f"Custody figures for {month} are {shown}")
    text = f"In {month}, {_plural(row, 'detainees_month', 'detainee was', 'detainees were')}"
    text += " booked into custody after arrest"
    if row.get("detainees_r12") is None:
        text += "" if is_history(reason) else f"; the 12 month figure is {p.not_available(reason)}"
    else:
        text += f" ({w.cell(row, 'detainees_r12')} in the 12 months to {month})"
    return p.sentence(text)


def voluntary_attendance_sentence(row: Row | None, month: str) -> str | None:
    """Voluntary attendances for biometric capture, once the process has begun."""
    if row is None or row.get("va_attendances_month") is None:
        return None
    r12 = row.get("va_attendances_r12")
    if not row["va_attendances_month"] and not r12:
        window = "the 12 months to " + month if r12 is not None else month
        return p.sentence(f"No voluntary attendances for biometric capture took place in {window}")
    text = (
        f"{_plural(row, 'va_attendances_month', 'suspect', 'suspects')} attended a voluntary "
        f"appointment for biometric capture in {month}"
    )
    if row["va_attendances_month"]:
        text += ", " + _captures(row, "va_captures_month", "with biometrics taken from {}")
    if r12 is not None:
        text += (
            f"; {w.cell(row, 'va_attendances_r12')} in the 12 months to {month} "
            f"({_captures(row, 'va_captures_r12', '{} with biometrics taken')})"
        )
    return p.sentence(text)


def _captures(row: Row, column: str, known: str) -> str:
    """Suspects whose biometrics were taken, put into `known` ("{} with biometrics taken"); a
    null cell is not available, never none."""
    if row.get(column) is None:
        return f"the number with biometrics taken is {w.cell(row, column)}"
    return known.format(w.cell(row, column))


def _rate(row: Row, column: str) -> str:
    return _shown(row, column, p.format_rate)


def _captured(row: Row, biometric: str, done: str) -> str:
    """ "94.3% had their fingerprints taken", or "the share who had ... is not available"."""
    if row[f"{biometric}_rate_month"] is None:
        return f"the share who {done} is not available"
    return f"{_rate(row, f'{biometric}_rate_month')} {done}"


def capture_sentence(row: Row | None, month: str) -> str | None:
    """Capture rates among eligible detainees: R12 with the eligible n, then the month."""
    if row is None or row.get("detainees_month") is None:
        return None
    month_rates = [_rate(row, f"{b}_rate_month") for b in BIOMETRICS]
    if row.get("fingerprints_eligible_r12") is None:
        captured = [_captured(row, b, done) for b, done in BIOMETRICS.items()]
        text = f"Of the eligible detainees booked in in {month}, {p.join_words(captured)}"
        reason = row.get("unavailable_reason")
        if not is_history(reason):
            text += f"; the 12 month rates are {p.not_available(reason)}"
        return p.sentence(text)
    captured = [
        f"{_rate(row, f'{b}_rate_r12')} {done} ({_shown(row, f'{b}_eligible_r12')})"
        for b, done in BIOMETRICS.items()
    ]
    return p.sentence(
        f"Of the eligible detainees booked in in the 12 months to {month} (the number eligible "
        f"in brackets), {p.join_words(captured)}; in {month} alone the rates were "
        f"{p.join_words(month_rates)}"
    )


def _suite_rate(context: PaperContext, row: Row, biometric: str) -> str:
    eligible = row[f"{biometric}_eligible_r12"]
    if eligible is None:
        return "not available"
    if eligible < context.small_count_threshold:
        return f"n<{context.small_count_threshold}"
    return _rate(row, f"{biometric}_rate_r12")


def suite_table(context: PaperContext, rows: list[Row], month: str) -> dict[str, Any]:
    """Detainees and capture rates by suite; suites are breakdown cells, the force is a total."""
    body = []
    for row in rows:
        total = row["suite"] == ALL
        counts = ("detainees_month", "detainees_r12", "va_attendances_r12")
        body.append(
            [
                "All suites" if total else row["suite"],
                *(_shown(row, c) if total else context.breakdown(value(row, c)) for c in counts),
                *(_suite_rate(context, row, b) for b in BIOMETRICS),
            ]
        )
    return {
        "caption": f"Custody by suite, {month} and the 12 months to {month} (capture rates among "
        "eligible detainees, 12 months)",
        "headers": [
            "Suite",
            f"Detainees, {month}",
            "Detainees, 12 months",
            "Voluntary attendances, 12 months",
            *TABLE_HEADERS.values(),
        ],
        "rows": body,
        "total_last": True,
    }


@dataclass(frozen=True)
class Custody:
    number: str = "2.6"
    title: str = TITLE
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        rows = fetch(context.con, _SQL, [context.force_id, context.reporting_month])
        total = next((row for row in rows if row["suite"] == ALL), None)
        month = context.month_label
        paragraphs = (
            row_note(total, context.reporting_month, (TOTALS,)),
            detainees_sentence(total, month),
            voluntary_attendance_sentence(total, month),
            capture_sentence(total, month),
        )
        return NumberedSection(
            self.number,
            self.title,
            tuple(text for text in paragraphs if text),
            context.commentary.for_section(self.number),
            tables=(suite_table(context, rows, month),) if total is not None else (),
        )


PAPERS = (
    Placed("force_extracts", (2, 6), Custody()),
    Placed(
        "police_uk",
        (2, 8),
        Unavailable(
            "2.8",
            TITLE,
            "custody records (detainees booked in, biometric capture, voluntary attendances)",
        ),
    ),
)
