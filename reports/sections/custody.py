"""Section 2.6, custody and biometric capture (reference paper 2.1.12): detainees booked in, as
people and as bookings, voluntary attendances for biometric capture, and the capture rates among
eligible detainees, with a table by custody suite (marts.custody_throughput). The data.police.uk
paper says it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from pcp_assets.small_counts import Rounding
from reports import figure_words as w
from reports import phrases as p
from reports.history import TOTALS, is_history, paper_start, row_note
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


def _shown(row: Row, column: str, people: w.People) -> str:
    """A count in words, "not available" alone when null (the paragraph gives the reason once)."""
    return "not available" if row.get(column) is None else people(value(row, column))


def detainees_sentence(row: Row | None, month: str, people: w.People = w.count) -> str:
    """Detainees booked in, month and R12: the people, then the bookings (a person booked in twice
    is one person and two bookings)."""
    if row is None:
        return p.sentence(f"No custody figures are held for {month}")
    reason = row.get("unavailable_reason")
    if row.get("detainees_month") is None:
        shown = p.not_available(None if is_history(reason) else reason)
        return p.sentence(f"Custody figures for {month} are {shown}")
    detained = w.counted(people, value(row, "detained_people_month"), "person was", "people were")
    bookings = w.counted(people, value(row, "detainees_month"), "booking", "bookings")
    text = f"In {month}, {detained} booked into custody after arrest, {bookings} in all"
    if row.get("detainees_r12") is None:
        if not is_history(reason):
            text += f"; the 12 month figures are {p.not_available(reason)}"
    else:
        text += (
            f" ({people(value(row, 'detained_people_r12'))} people and "
            f"{people(value(row, 'detainees_r12'))} bookings in the 12 months to {month})"
        )
    return p.sentence(text)


def voluntary_attendance_sentence(
    row: Row | None, month: str, people: w.People = w.count
) -> str | None:
    """Voluntary attendances for biometric capture, once the process has begun."""
    if row is None or row.get("va_attendances_month") is None:
        return None
    r12 = row.get("va_attendances_r12")
    if w.as_read(people(value(row, "va_attendances_month"))) == 0 and not r12:
        window = "the 12 months to " + month if r12 is not None else month
        return p.sentence(f"No voluntary attendances for biometric capture took place in {window}")
    text = (
        f"{w.counted(people, value(row, 'va_attendances_month'), 'suspect', 'suspects')} "
        "attended a voluntary "
        f"appointment for biometric capture in {month}"
    )
    if w.as_read(people(value(row, "va_attendances_month"))) != 0:
        text += _captures(row, "va_attendances_month", "va_captures_month", people)
    if r12 is not None:
        text += f"; {people(value(row, 'va_attendances_r12'))} in the 12 months to {month}"
        text += _captures(row, "va_attendances_r12", "va_captures_r12", people)
    return p.sentence(text)


def _captures(row: Row, attended: str, column: str, people: w.People) -> str:
    """The clause after a count of attendances, each figure said once: ", all with biometrics
    taken", ", 20 of them with biometrics taken" (never the count again); a null cell is not
    available, never none."""
    if row.get(column) is None:
        return f", though the number with biometrics taken is {w.cell(row, column)}"
    if row[column] == row.get(attended):
        return ", with biometrics taken" if row[column] == 1 else ", all with biometrics taken"
    return f", {people(value(row, column))} of them with biometrics taken"


def _rate(row: Row, column: str, rounding: Rounding | None) -> str:
    """A capture rate; in the published edition the rate of the rounded counts (taken over
    eligible), so that it tells no more than they do."""
    if rounding is None or row.get(column) is None:
        return "not available" if row.get(column) is None else w.cell(row, column, p.format_rate)
    eligible = row[column.replace("_rate_", "_eligible_")]
    taken, base = rounding.rounded(row[column] * eligible), rounding.rounded(eligible)
    if base is None:
        return f"n{rounding.hidden_label}"
    if taken is None:
        return f"{rounding.hidden_label} of {p.format_count(base)}"
    return p.format_rate(taken / base)


def _captured(row: Row, biometric: str, done: str, rounding: Rounding | None) -> str:
    """ "94.3% had their fingerprints taken", or "the share who had ... is not available"."""
    if row[f"{biometric}_rate_month"] is None:
        return f"the share who {done} is not available"
    return f"{_rate(row, f'{biometric}_rate_month', rounding)} {done}"


def capture_sentence(row: Row | None, month: str, rounding: Rounding | None = None) -> str | None:
    """Capture rates among eligible detainees: R12 with the eligible n, then the month."""
    if row is None or row.get("detainees_month") is None:
        return None
    people = partial(w.people, rounding=rounding)
    month_rates = [_rate(row, f"{b}_rate_month", rounding) for b in BIOMETRICS]
    if row.get("fingerprints_eligible_r12") is None:
        captured = [_captured(row, b, done, rounding) for b, done in BIOMETRICS.items()]
        text = f"Of the eligible detainees booked in during {month}, {p.join_words(captured)}"
        reason = row.get("unavailable_reason")
        if not is_history(reason):
            text += f"; the 12 month rates are {p.not_available(reason)}"
        return p.sentence(text)
    captured = [
        f"{_rate(row, f'{b}_rate_r12', rounding)} of "
        f"{_shown(row, f'{b}_eligible_r12', people)} eligible {done}"
        for b, done in BIOMETRICS.items()
    ]
    return p.sentence(
        f"Of the detainees booked in during the 12 months to {month}, {p.join_words(captured)}; "
        f"in {month} alone the rates were {p.join_words(month_rates)}"
    )


def _suite_rate(context: PaperContext, row: Row, biometric: str) -> str:
    eligible = row[f"{biometric}_eligible_r12"]
    if eligible is None:
        return "not available"
    if context.rounding is None and eligible < context.small_count_threshold:
        return f"n<{context.small_count_threshold}"
    return _rate(row, f"{biometric}_rate_r12", context.rounding)


def suite_table(context: PaperContext, rows: list[Row], month: str) -> dict[str, Any]:
    """Bookings and capture rates by suite; suites are breakdown cells, the force is a total."""
    body = []
    for row in rows:
        total = row["suite"] == ALL
        counts = ("detainees_month", "detainees_r12", "va_attendances_r12")
        body.append(
            [
                "All suites" if total else row["suite"],
                *(_shown(row, c, context.people) for c in counts),
                *(_suite_rate(context, row, b) for b in BIOMETRICS),
            ]
        )
    # without 12 months of data the table is the month's bookings alone (reports/tables.py)
    caption = (
        f"Custody by suite, {month} and the 12 months to {month}: bookings after arrest "
        "(capture rates among eligible detainees, 12 months)"
        if any(row["detainees_r12"] is not None for row in rows)
        else f"Custody by suite, {month}: bookings after arrest"
    )
    return {
        "caption": caption,
        "headers": [
            "Suite",
            f"Bookings, {month}",
            "Bookings, 12 months",
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
            row_note(total, context.reporting_month, (TOTALS,), paper_start(context.figures)),
            detainees_sentence(total, month, context.people),
            voluntary_attendance_sentence(total, month, context.people),
            capture_sentence(total, month, context.rounding),
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
