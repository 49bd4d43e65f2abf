"""Section 2.6, custody and biometric capture (reference paper 2.1.12): detainees booked in,
voluntary attendances for biometric capture, and the capture rates among eligible detainees, with
a table by custody suite (marts.custody_throughput). The data.police.uk paper says it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports import phrases as p
from reports.history import TOTALS, is_history, row_note
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

Row = dict[str, Any]

_SQL = f"""
select * from {MART}
where force_id = ? and reporting_month = ?
order by suite = '{ALL}', suite
"""


def _plural(n: int, one: str, many: str) -> str:
    return f"{p.format_count(n)} {one if n == 1 else many}"


def detainees_sentence(row: Row | None, month: str) -> str:
    """Detainees booked in, month and R12."""
    if row is None:
        return p.sentence(f"No custody figures are held for {month}")
    reason = row.get("unavailable_reason")
    if row.get("detainees_month") is None:
        shown = p.not_available(None if is_history(reason) else reason)
        return p.sentence(f"Custody figures for {month} are {shown}")
    text = f"In {month}, {_plural(row['detainees_month'], 'detainee was', 'detainees were')}"
    text += " booked into custody after arrest"
    r12 = row.get("detainees_r12")
    if r12 is None:
        text += "" if is_history(reason) else f"; the 12 month figure is {p.not_available(reason)}"
    else:
        text += f" ({p.format_count(r12)} in the 12 months to {month})"
    return p.sentence(text)


def voluntary_attendance_sentence(row: Row | None, month: str) -> str | None:
    """Voluntary attendances for biometric capture, once the process has begun."""
    if row is None or row.get("va_attendances_month") is None:
        return None
    r12 = row.get("va_attendances_r12")
    if not row["va_attendances_month"] and not r12:
        window = "the 12 months to " + month if r12 is not None else month
        return p.sentence(f"No voluntary attendances for biometric capture took place in {window}")
    n, captured = row["va_attendances_month"], row.get("va_captures_month") or 0
    text = (
        f"{_plural(n, 'suspect', 'suspects')} attended a voluntary appointment for biometric "
        f"capture in {month}"
    )
    if n:
        text += f", with biometrics taken from {p.format_count(captured)}"
    if r12 is not None:
        text += (
            f"; {p.format_count(r12)} in the 12 months to {month} "
            f"({p.format_count(row.get('va_captures_r12') or 0)} with biometrics taken)"
        )
    return p.sentence(text)


def _rate(value: float | None) -> str:
    return p.format_rate(value) if value is not None else "not available"


def _captured(rate: float | None, done: str) -> str:
    """ "94.3% had their fingerprints taken", or "the share who had ... is not available"."""
    if rate is None:
        return f"the share who {done} is not available"
    return f"{p.format_rate(rate)} {done}"


def capture_sentence(row: Row | None, month: str) -> str | None:
    """Capture rates among eligible detainees: R12 with the eligible n, then the month."""
    if row is None or row.get("detainees_month") is None:
        return None
    month_rates = [_rate(row[f"{b}_rate_month"]) for b in BIOMETRICS]
    if row.get("fingerprints_eligible_r12") is None:
        captured = [_captured(row[f"{b}_rate_month"], done) for b, done in BIOMETRICS.items()]
        text = f"Of the eligible detainees booked in in {month}, {p.join_words(captured)}"
        reason = row.get("unavailable_reason")
        if not is_history(reason):
            text += f"; the 12 month rates are {p.not_available(reason)}"
        return p.sentence(text)
    captured = [
        f"{_rate(row[f'{b}_rate_r12'])} {done} ({p.format_count(row[f'{b}_eligible_r12'])})"
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
    return _rate(row[f"{biometric}_rate_r12"])


def suite_table(context: PaperContext, rows: list[Row], month: str) -> dict[str, Any]:
    """Detainees and capture rates by suite; suites are breakdown cells, the force is a total."""
    body = []
    for row in rows:
        total = row["suite"] == ALL
        count = (
            (lambda n: "not available" if n is None else p.format_count(n))
            if total
            else context.breakdown_count
        )
        body.append(
            [
                "All suites" if total else row["suite"],
                count(row["detainees_month"]),
                count(row["detainees_r12"]),
                count(row["va_attendances_r12"]),
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
    }


@dataclass(frozen=True)
class Custody:
    number: str = "2.6"
    title: str = TITLE
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        rows = [
            dict(zip([d[0] for d in cursor.description], values, strict=True))
            for cursor in [context.con.execute(_SQL, [context.force_id, context.reporting_month])]
            for values in cursor.fetchall()
        ]
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
