"""The footnotes: how the figures are defined, and the licence attribution of published data."""

from __future__ import annotations

from dataclasses import dataclass

from data_contracts.calendar import add_months
from reports import history, phrases
from reports.figures import CRIME_TYPE_NOT_KNOWN, BoardFigures, without_unknown_type
from reports.figures_from_marts import FIGURE_MARTS
from reports.paper import Footnotes, PaperContext, Placed
from reports.sections.national_comparison import national_comparison

OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(data.police.uk street and outcome files{ons})."
)
ONS_SOURCE = "; Office for National Statistics, police recorded crime by police force area"
# Who is counted in the offender and custody sections (the force's own extracts only).
PEOPLE_COUNTED = (
    "Offenders are people linked to a recorded crime as its offender; a person linked only as a "
    "suspect is not counted as an offender (the harm ranking gives their number apart). "
    "First-time entrants are offenders whose first charge or summons or out-of-court disposal "
    "in the loaded history falls in the month, taken, like every outcome figure, from each "
    "crime's current outcome (a charge later revised to another outcome does not count); until "
    "five years of outcomes and offender links are loaded the count is an overcount, since "
    "someone whose earlier entry predates the loaded history is counted as new. Custody is "
    "counted both in bookings after arrest (someone booked in twice counts twice) and in people "
    "(each person once in the month or the 12 months)."
)

# What made a movement (reports/drivers.py).
DRIVERS = (
    "What made a change: a 12-month change in crimes is split into the changes of its offence "
    "groups, subgroups or areas, which add up to it (the largest named, the rest together). A "
    "change in a rate or share is split into the effect of the mix (how the crimes moved between "
    "offence types or areas, each valued at its average rate) and the effect of the rates within "
    "them (each type's or area's own change, weighted by its average share), which add up to the "
    "change (Kitagawa's decomposition)."
)


def _definitions(f: BoardFigures) -> tuple[str, ...]:
    m = f.reporting_month
    window = (
        f"“12 months to {phrases.month_label(m)}” means {phrases.month_label(add_months(m, -11))} "
        f"to {phrases.month_label(m)} inclusive (rolling 12 months, R12); changes compare it with "
        f"the 12 months to {phrases.month_label(add_months(m, -12))}. The discrete month is "
        f"{phrases.month_label(m)} alone. Crimes are counted by recorded date."
    )
    start = history.paper_start(f)
    if start is not None and history.months_of_data(start, m) < history.TOTALS.months:
        # a window the data do not cover yet is not defined as if it were printed
        window = (
            "“12 months to” a month means that month and the 11 before it (rolling 12 months, "
            "R12); until the data cover 12 months, a window is named by the months it covers "
            f"(“{phrases.window(history.months_of_data(start, m), phrases.month_label(m))}”). "
            f"The discrete month is {phrases.month_label(m)} alone. Crimes are counted by "
            "recorded date."
        )
    pp_types = (
        f" (outcome types {phrases.join_words(list(f.prosecution_possible_types))})"
        if f.prosecution_possible_types
        else ""
    )
    pp = (
        "Prosecution possible outcome rate: the headline uses the in-period basis, prosecution "
        f"possible outcomes{pp_types} dated in the 12 months divided by crimes recorded in them. "
        "The cohort basis (Home Office method) is the share of crimes recorded in the 12 months "
        "that had a prosecution possible outcome by the end of the month; recent months are "
        "understated."
    )
    o16 = (
        "Outcome 16 share: outcome 16 outcomes as a share of all outcomes assigned in the 12 "
        "months (pending excluded). Response time: median minutes from call to arrival for "
        "attended incidents graded prompt and linked to a residential burglary."
    )
    missing = (
        "A month with no data is missing, not zero: any figure whose window includes it is shown "
        "as “not available” with the missing months."
    )
    return (window, pp, o16, phrases.RULES, missing, DRIVERS)


@dataclass(frozen=True)
class Definitions:
    number: str = ""
    title: str = "How these figures are defined"
    reads: tuple[str, ...] = FIGURE_MARTS

    def build(self, context: PaperContext) -> Footnotes:
        return Footnotes((*_definitions(context.figures), PEOPLE_COUNTED))


PUBLISHED_DATA_NOTE = (
    "data.police.uk publishes a month, not a date: crimes count in the month published. "
    "Crime types are mapped to offence groups through seed police_uk_crime_type_map and "
    "outcome text to the nearest Home Office outcome type through seed police_uk_outcome_map; "
    "both mark where the mapping is approximate. A crime's outcome is its latest published "
    "outcome; outcomes of crimes recorded before the first month loaded count as outcomes "
    f"(offence group “{CRIME_TYPE_NOT_KNOWN}”) but never as crimes."
)


@dataclass(frozen=True)
class PublishedDataDefinitions:
    """The definitions without what data.police.uk cannot show, and how its files are read."""

    number: str = ""
    title: str = "How these figures are defined"
    reads: tuple[str, ...] = FIGURE_MARTS

    def build(self, context: PaperContext) -> Footnotes:
        window, pp, _o16, rules, missing, drivers = _definitions(
            without_unknown_type(context.figures)
        )
        return Footnotes(
            (
                window.replace("Crimes are counted by recorded date.", ""),
                PUBLISHED_DATA_NOTE,
                pp,
                rules,
                missing,
                drivers,
            )
        )


@dataclass(frozen=True)
class Attribution:
    """The Open Government Licence attribution; it names the ONS when the paper used its table."""

    number: str = ""
    title: str = "Attribution"
    reads: tuple[str, ...] = ("marts.crime_volume", "reference.ons_pfa_rolling")

    def build(self, context: PaperContext) -> Footnotes:
        national = national_comparison(
            context.con, context.force_id, context.reporting_month, context.peer_forces
        )
        return Footnotes(
            attribution=OGL_ATTRIBUTION.format(ons=ONS_SOURCE if national.available else "")
        )


PAPERS = (
    Placed("force_extracts", (9,), Definitions()),
    Placed("police_uk", (9,), PublishedDataDefinitions()),
    Placed("police_uk", (9, 1), Attribution()),
)
