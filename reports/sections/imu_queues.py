"""Section 2.5, Investigation Management Unit queues (reference 2.1.5; marts.imu_queues): the
open items at month end against the month before, the queue that moved most, the oldest item,
and a table by queue. data.police.uk holds nothing of the kind: its paper says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from data_contracts.calendar import add_months
from reports import charts
from reports import figure_words as w
from reports import phrases as p
from reports.figures import ALL, Series, Value
from reports.mart_rows import Row, fetch, months_to, series, value
from reports.offender_words import code_label, days
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import Unavailable

HISTORY_MONTHS = 24
TITLE = "Investigation Management Unit Queues"

_SQL = """
select * from marts.imu_queues
where force_id = ? and reporting_month between ? and ?
  and (queue = 'All' or reporting_month = ?)
"""


@dataclass(frozen=True)
class Queue:
    name: str
    open_items: Value
    previous: Value
    pct_change: Value
    oldest_days: Value


@dataclass(frozen=True)
class QueueFigures:
    month: date
    total: Queue
    queues: tuple[Queue, ...]  # by name, without All
    totals: Series


def queue(row: Row | None, name: str) -> Queue:
    return Queue(
        name,
        value(row, "open_items"),
        value(row, "open_items_previous_month"),
        value(row, "open_items_pct_change"),
        value(row, "oldest_item_days"),
    )


def load(con: duckdb.DuckDBPyConnection, force_id: str, m: date) -> QueueFigures:
    months = months_to(m, HISTORY_MONTHS)
    rows = fetch(con, _SQL, [force_id, months[0], m, m])
    totals = {r["reporting_month"]: r for r in rows if r["queue"] == ALL}
    now = sorted((r for r in rows if r["reporting_month"] == m and r["queue"] != ALL),
                 key=lambda r: r["queue"])  # fmt: skip
    return QueueFigures(
        month=m,
        total=queue(totals.get(m), ALL),
        queues=tuple(queue(r, r["queue"]) for r in now),
        totals=series(totals, months, "open_items"),
    )


def change_words(q: Queue) -> str | None:
    """ "down 3.5% on" / "up 12.0% on" / "little changed (+1.2%) on" / "unchanged on" (a change
    that rounds to zero); None when not comparable."""
    if q.pct_change.value is None:
        return None
    direction = p.change_direction(q.pct_change.value)
    if direction == "stable":
        shown = w.signed(q.pct_change)
        return "unchanged on" if p.is_no_change(shown) else f"little changed ({shown}) on"
    size = w.show(q.pct_change, lambda x: p.format_pct(abs(x)))
    return f"{'up' if direction == 'up' else 'down'} {size} on"


def totals_sentence(f: QueueFigures, people: w.People = w.count) -> str:
    label = p.month_label(f.month)
    t = f.total
    if t.open_items.value is None:
        return p.sentence(f"the IMU queues at the end of {label} are {people(t.open_items)}")
    text = f"at the end of {label} the IMU queues held {people(t.open_items)} open items"
    change = change_words(t)
    if change:
        text += f", {change} the end of {p.month_label(add_months(f.month, -1))}"
    if t.oldest_days.value is not None and t.open_items.value:
        text += f"; the oldest open item had waited {w.show(t.oldest_days, days)}"
    return p.sentence(text)


def movers_sentence(f: QueueFigures) -> str | None:
    """The queue that grew most and the one that shrank most, if any moved beyond stable."""
    moved = [q for q in f.queues if q.pct_change.value is not None]
    grew = [q for q in moved if p.change_direction(q.pct_change.value or 0) == "up"]
    shrank = [q for q in moved if p.change_direction(q.pct_change.value or 0) == "down"]
    parts = []
    if grew:
        q = max(grew, key=lambda q: q.pct_change.value or 0)
        parts.append(f"{code_label(q.name).lower()} grew most ({w.signed(q.pct_change)})")
    if shrank:
        q = min(shrank, key=lambda q: q.pct_change.value or 0)
        parts.append(f"{code_label(q.name).lower()} fell most ({w.signed(q.pct_change)})")
    if not parts:
        return "every queue was little changed on the month before" if moved else None
    return "of the queues, " + " and ".join(parts)


def paragraphs(f: QueueFigures, people: w.People = w.count) -> tuple[str, ...]:
    return (w.join_sentences(totals_sentence(f, people), movers_sentence(f)),)


def queue_table(f: QueueFigures, people: w.People) -> dict[str, object]:
    def row(name: str, q: Queue, open_items: str) -> list[str]:
        change = w.signed(q.pct_change) if q.pct_change.value is not None else "not available"
        return [name, open_items, change, w.show(q.oldest_days, days)]

    rows = [row(code_label(q.name), q, people(q.open_items)) for q in f.queues]
    rows.append(row("All queues", f.total, people(f.total.open_items)))
    return {
        "caption": f"IMU queues at the end of {p.month_label(f.month)}",
        "headers": ["Queue", "Open items", "Change on last month", "Oldest item"],
        "rows": rows,
        "total_last": True,
    }


def chart(f: QueueFigures) -> charts.Chart | None:
    return charts.line_chart(
        "imu_queues",
        "IMU queues: open items at month end",
        {"All queues": f.totals},
        p.format_count,
        "Open items",
    )


@dataclass(frozen=True)
class ImuQueues:
    number: str = "2.5"
    title: str = TITLE
    reads: tuple[str, ...] = ("marts.imu_queues",)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        return NumberedSection(
            self.number,
            self.title,
            paragraphs(f, context.people),
            context.commentary.for_section(self.number),
            charts=context.charts(self.number, lambda: (chart(f),)),
            tables=(queue_table(f, context.people),) if f.queues else (),
        )


PAPERS = (
    Placed("force_extracts", (2, 5), ImuQueues()),
    Placed(
        "police_uk",
        (2, 7),
        Unavailable("2.7", TITLE, "Investigation Management Unit queue snapshots"),
    ),
)
