"""The memo header: to, from, date and the paper's title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reports import phrases
from reports.paper import Header, PaperContext, Placed

TO = "Business Coordination Board"
FROM = "Chief Constable"


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True)
class Cover:
    """`title` comes before the force name; a force the commentary header does not name is named
    from its id, words split at `id_separator`."""

    title: str
    id_separator: str = "_"
    number: str = ""
    reads: tuple[str, ...] = ()

    def force_name(self, context: PaperContext) -> str:
        return (
            context.force_name
            or context.header_value("force_name")
            or context.force_id.replace(self.id_separator, " ").title()
        )

    def build(self, context: PaperContext) -> Header:
        day = as_date(context.header_value("date")) or context.paper_date or date.today()
        return Header(
            title=f"{self.title} – {self.force_name(context)}",  # noqa: RUF001
            to=str(context.header_value("to") or TO),
            from_=str(context.header_value("from") or FROM),
            date_label=phrases.day_label(day),
        )


PAPERS = (
    Placed(
        "force_extracts",
        (0,),
        Cover("Police & Crime Plan – update on performance and offenders theme"),  # noqa: RUF001
    ),
    Placed(
        "police_uk",
        (0,),
        Cover("Police & Crime Plan – performance from published data", id_separator="-"),  # noqa: RUF001
    ),
)
