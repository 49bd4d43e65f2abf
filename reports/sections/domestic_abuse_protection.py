"""Objective 3.1.3 (civil powers: DVPNs and DVPOs): the month's funnel in the reference paper's
words ("two of three DVPNs applied for were authorised and two DVPOs were granted at court"),
the 12 month figures with the conversion rates between stages, the median hours from
authorisation to hearing, and a chart (marts.domestic_abuse_protection). The data.police.uk
paper keeps the objective's fallback, which says the published files hold none of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from data_contracts.calendar import add_months
from reports import charts
from reports import figure_words as w
from reports import phrases as p
from reports.figures import Series, Value
from reports.history import TOTALS, is_history, paper_start, row_note
from reports.mart_rows import Row, fetch, value
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import objective, objective_section

NUMBER = "3.1.3"
MART = "marts.domestic_abuse_protection"
CHART_MONTHS = 24

_SQL = f"""
select * from {MART}
where force_id = ? and reporting_month between ? and ?
order by reporting_month
"""


def _authorised_phrase(applied: Value, authorised: Value) -> str:
    if applied.value == 1:
        done = "authorised" if authorised.value else "not authorised"
        return f"the {w.in_words(applied)} DVPN applied for was {done}"
    if not authorised.value:
        return f"none of the {w.in_words(applied)} DVPNs applied for was authorised"
    if authorised.value == applied.value:
        every = "both" if applied.value == 2 else f"all {w.in_words(applied)}"
        return f"{every} DVPNs applied for were authorised"
    verb = "was" if authorised.value == 1 else "were"
    share = f"{w.in_words(authorised)} of {w.in_words(applied)}"
    return f"{share} DVPNs applied for {verb} authorised"


def _granted_phrase(granted: Value) -> str:
    if not granted.value:
        return "no DVPOs were granted at court"
    one = granted.value == 1
    return f"{w.in_words(granted)} {'DVPO was' if one else 'DVPOs were'} granted at court"


def _published_funnel(row: Row, people: w.People) -> str:
    """The month's funnel as the published edition gives it: each stage's count rounded on its
    own (the reference paper's "two of three" would tell how many were refused)."""
    stages = [
        w.counted(people, value(row, "dvpn_applications_month"), "DVPN was", "DVPNs were")
        + " applied for",
        w.counted(people, value(row, "dvpn_authorised_month"), "was", "were") + " authorised",
        w.counted(people, value(row, "dvpos_granted_month"), "DVPO was", "DVPOs were")
        + " granted at court",
    ]
    return p.join_words(stages)


def month_sentence(row: Row | None, month: str, people: w.People | None = None) -> str:
    """The reference paper's sentence for the month (`people` given: the published edition's)."""
    if row is None:
        return p.sentence(f"No DVPN or DVPO figures are held for {month}")
    applied = row.get("dvpn_applications_month")
    if applied is None:
        reason = row.get("unavailable_reason")
        shown = p.not_available(None if is_history(reason) else reason)
        return p.sentence(f"DVPN and DVPO figures for {month} are {shown}")
    if people is not None:
        return p.sentence(f"In {month}, {_published_funnel(row, people)}")
    if applied == 0:
        return p.sentence(f"In {month}, no DVPNs were applied for")
    authorised = value(row, "dvpn_authorised_month")
    granted = value(row, "dvpos_granted_month")
    return p.sentence(
        f"In {month}, {_authorised_phrase(value(row, 'dvpn_applications_month'), authorised)} "
        f"and {_granted_phrase(granted)}"
    )


def _share(row: Row, column: str, of: str = "") -> str:
    return f" ({w.cell(row, column, p.format_rate)}{of})" if row.get(column) is not None else ""


def r12_sentence(row: Row | None, month: str, people: w.People | None = None) -> str | None:
    """The 12 month funnel with its conversion rates (`people` given: the published edition's,
    each stage rounded on its own and no rates, which would tell the stages' differences)."""
    if row is None or row.get("dvpn_applications_month") is None:
        return None
    applied = row.get("dvpn_applications_r12")
    window = f"the 12 months to {month}"
    if applied is None:
        reason = row.get("unavailable_reason")
        if is_history(reason):
            return None
        return p.sentence(f"The figures for {window} are {p.not_available(reason)}")
    if people is not None:
        stages = [
            w.counted(people, value(row, "dvpn_applications_r12"), "DVPN was", "DVPNs were")
            + " applied for",
            f"{people(value(row, 'dvpn_authorised_r12'))} authorised",
            f"DVPOs were applied for after {people(value(row, 'dvpo_applications_r12'))} of "
            f"the notices and {people(value(row, 'dvpos_granted_r12'))} granted",
        ]
        return p.sentence(f"In {window}, {p.join_words(stages)}")
    if applied == 0:
        return p.sentence(f"No DVPNs were applied for in {window}")
    authorised = row["dvpn_authorised_r12"]
    dvpo = row["dvpo_applications_r12"]
    granted = row["dvpos_granted_r12"]
    text = (
        f"In {window}, {w.cell(row, 'dvpn_applications_r12')} "
        f"{'DVPN was' if applied == 1 else 'DVPNs were'} applied for and "
        f"{w.cell(row, 'dvpn_authorised_r12')} authorised{_share(row, 'authorisation_rate_r12')}"
    )
    if authorised:
        text += (
            f"; DVPOs were applied for after {w.cell(row, 'dvpo_applications_r12')} of the "
            f"authorised notices{_share(row, 'dvpo_application_rate_r12')}"
        )
    if dvpo:
        text += (
            f" and {w.cell(row, 'dvpos_granted_r12')} {'was' if granted == 1 else 'were'} "
            f"granted{_share(row, 'grant_rate_r12', ' of applications')}"
        )
    return p.sentence(text)


def _hours(hours: float) -> str:
    text = p.format_minutes(hours).split()[0]  # one decimal, as the paper prints times
    return f"{text} hour" + ("" if text == "1" else "s")


def hearing_sentence(row: Row | None, month: str, people: w.People = w.count) -> str | None:
    """Median hours from the DVPN's authorisation to the DVPO hearing, R12."""
    if row is None or row.get("hearings_r12") is None:
        return None
    hearings = value(row, "hearings_r12")
    if w.as_read(people(hearings)) == 0:
        return p.sentence(f"No DVPO hearings were held in the 12 months to {month}")
    if not hearings.value:  # none, hidden in the published edition: no median to give
        return None
    median = w.cell(row, "median_hours_to_hearing_r12", _hours)
    return p.sentence(
        f"The median time from a DVPN's authorisation to the DVPO hearing was {median} "
        f"over the 12 months to {month} ({w.counted(people, hearings, 'hearing', 'hearings')}; "
        "the law allows 48 hours, not counting Sundays and bank holidays)"
    )


CHART_LEFT_OUT = (
    "The chart of DVPNs applied for by month is in the board's edition only: its monthly counts "
    "are small."
)


def dvpn_chart(rows: list[Row], reporting_month: date) -> charts.Chart | None:
    by_month = {row["reporting_month"]: row for row in rows}
    months = tuple(add_months(reporting_month, -k) for k in range(CHART_MONTHS - 1, -1, -1))

    def series(column: str) -> Series:
        return Series(months, tuple(by_month.get(m, {}).get(column) for m in months))

    return charts.bar_chart(
        "dvpn",
        "DVPNs applied for by month",
        "DVPNs applied for",
        series("dvpn_applications_month"),
        p.format_count,
        "DVPNs applied for",
    )


@dataclass(frozen=True)
class DomesticAbuseProtection:
    number: str = NUMBER
    title: str = objective(NUMBER).title
    reads: tuple[str, ...] = (MART,)

    def build(self, context: PaperContext) -> NumberedSection:
        first = add_months(context.reporting_month, -(CHART_MONTHS - 1))
        rows = fetch(context.con, _SQL, [context.force_id, first, context.reporting_month])
        row = next((r for r in rows if r["reporting_month"] == context.reporting_month), None)
        month = context.month_label
        published = context.people if context.published else None
        charts = context.charts(self.number, lambda: (dvpn_chart(rows, context.reporting_month),))
        paragraphs = (
            row_note(row, context.reporting_month, (TOTALS,), paper_start(context.figures)),
            month_sentence(row, month, published),
            r12_sentence(row, month, published),
            hearing_sentence(row, month, context.people),
            CHART_LEFT_OUT if published and charts else None,
        )
        return objective_section(
            context,
            self.number,
            tuple(text for text in paragraphs if text),
            charts=() if published else charts,
        )


PAPERS = (Placed("force_extracts", (3, 1, 3), DomesticAbuseProtection()),)
