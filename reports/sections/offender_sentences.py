"""Sentences of the offender sections (3.1.1, 3.2.1, 3.3.2, 3.3.5, 3.4.1): pure functions from
the figures of the offender marts to words. No I/O; every figure may be missing (None), and the
sentence then says so. People are only ever counted here: no pseudonym reaches the paper."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reports import figure_words as w
from reports import phrases as p
from reports.figures import Value
from reports.history import is_history
from reports.traces import derived

FIVE_YEARS = 60  # months of history after which first-time entrant counts are no overcount
TOP = 20  # the highest-harm offenders the paper speaks of
# How figures computed from the harm ranking's cells are derived (their traces' column), over
# the ranks their trace names.
SUM_OF = "sum of "
SHARE = f"{SUM_OF}harm_r12 / harm_linked_r12"
RANKED = "count of rows"  # how many there are (fewer than TOP when few were linked)
IN_COHORT = "count of is_in_iom_cohort"
OUTSIDE = "count of not is_in_iom_cohort"


@dataclass(frozen=True)
class CohortSize:
    month: str  # "October 2026"
    members: Value  # its reason says why the figures are missing
    entries: Value
    exits: Value


@dataclass(frozen=True)
class CohortOffending:
    members: Value
    members_compared: Value
    offences_before: Value
    offences_since: Value
    harm_before: Value
    harm_since: Value
    members_full_year: Value
    offences_before_per_member: Value
    offences_since_per_member: Value
    harm_before_per_member: Value
    harm_since_per_member: Value


@dataclass(frozen=True)
class FirstTimeEntrants:
    month: str
    entrants_month: Value
    entrants_r12: Value  # its reason says why the 12 month figure is missing
    by_area: Mapping[str, Value]  # area -> entrants in the month
    history_months: Value


@dataclass(frozen=True)
class HarmRanking:
    month: str
    people_linked: Value  # every offender of a crime of the 12 months
    harm_linked: Value  # their crimes' total harm (days)
    suspects_only: Value  # people linked to those crimes only as suspects: not counted above
    top_harm: Value  # harm of the TOP highest-harm people
    top_offences: Value
    top_people: Value  # how many there are (fewer than TOP when few were linked)
    top_in_cohort: Value  # of those, in the IOM cohort at month end; unavailable if unknown
    weights_version: str | None
    window_reason: str | None = None  # months of the 12 not loaded
    months: int = 12  # the months of the 12 with data (fewer when the data start within them)

    @property
    def window(self) -> str:
        """ "the 12 months to October 2026", "the four months to February 2024"."""
        return p.window(self.months, self.month)


def _people(v: Value, people: w.People) -> str:
    return w.counted(people, v, "person", "people")


def _day_count(n: float) -> str:
    return f"{p.format_count(n)} {'day' if round(n) == 1 else 'days'}"


def _days(v: Value) -> str:
    return w.show(v, _day_count)


def _per_member(x: float) -> str:
    return f"{x:,.1f}"


def cohort_size(c: CohortSize, people: w.People = w.count) -> str:
    if c.members.value is None:
        return p.sentence(
            f"the IOM cohort figures for {c.month} are " + p.not_available(c.members.reason)
        )
    moves = (
        f"{_people(c.entries, people)} entered the cohort and {people(c.exits)} left it during "
        "the month"
        if c.entries.value is not None and c.exits.value is not None
        else "entries and exits are not available"
    )
    return p.sentence(
        f"at the end of {c.month} the Integrated Offender Management (IOM) cohort had "
        f"{w.counted(people, c.members, 'member', 'members')}; {moves}"
    )


def cohort_offending(o: CohortOffending | None, people: w.People = w.count) -> str:
    if o is None:
        return p.sentence("the offending of the IOM cohort before and since entry is not available")
    if o.members_compared.value == 0:
        return p.sentence(
            "none of the current members entered late enough for the 12 months before their "
            "entry to lie within the loaded offender links, so their offending before and "
            "since entry cannot yet be compared"
        )
    compared = (
        f"for the {w.counted(people, o.members_compared, 'current member', 'current members')}"
        " whose 12 months before entry are within the loaded offender links, the offences "
        f"linked to them as offender numbered {people(o.offences_before)} in the 12 months "
        "before entry and "
        f"{people(o.offences_since)} since entry (harm {_days(o.harm_before)} and "
        f"{_days(o.harm_since)}; since entry means up to 12 months, less for recent entrants)"
    )
    if o.members_full_year.value == 0 or o.offences_before_per_member.value is None:
        full = (
            "none of them has yet been in the cohort for a full 12 months, so no like-for-like "
            "comparison per member is possible"
        )
    else:
        full = (
            "per member with a full 12 months since entry "
            f"({w.counted(people, o.members_full_year, 'member', 'members')}), "
            f"offences went from {w.show(o.offences_before_per_member, _per_member)} in the "
            f"year before entry to {w.show(o.offences_since_per_member, _per_member)} in the "
            f"year since, and harm from {_days(o.harm_before_per_member)} to "
            f"{_days(o.harm_since_per_member)}"
        )
    return " ".join((p.sentence(compared), p.sentence(full)))


def cohort_table_intro(c: CohortSize, people: w.People = w.count) -> str:
    if c.members.value is None:
        return cohort_size(c, people)
    return p.sentence(
        f"the table shows the IOM cohort at the end of {c.month} by cohort type and area, with "
        "the month's entries and exits"
    )


def first_time_entrants(f: FirstTimeEntrants, people: w.People = w.count) -> str:
    if f.entrants_month.value is None:
        return p.sentence(f"first-time entrant figures for {f.month} are not available")
    # an area without its count is left out of the list (the total stands)
    areas = [f"{people(v)} in the {area}" for area, v in f.by_area.items() if v.available]
    month = (
        f"in {f.month}, {w.counted(people, f.entrants_month, 'offender', 'offenders')} "
        "received a first charge or summons or a first out-of-court disposal (first-time "
        "entrants to the criminal justice system)"
    )
    if areas:
        month += f": {p.join_words(areas)}"
    if f.entrants_r12.value is not None:
        r12 = f"in the 12 months to {f.month} there were {people(f.entrants_r12)}"
    elif is_history(f.entrants_r12.reason):
        r12 = ""  # the section's note says why, once
    else:
        r12 = f"the 12 month figure is {p.not_available(f.entrants_r12.reason)}"
    return " ".join(p.sentence(t) for t in (month, r12) if t)


def entrants_overcount(history_months: Value) -> str | None:
    """The caveat while under five years of history are loaded; None once there are five."""
    n = history_months.value
    if n is None or n >= FIVE_YEARS:
        return None
    return p.sentence(
        f"these counts are an overcount, a ceiling: only {w.count(history_months)} "
        f"{'month' if n == 1 else 'months'} of outcomes and offender links "
        f"{'is' if n == 1 else 'are'} loaded, so an offender whose earlier charge or disposal "
        "predates them is counted as a first-time entrant; the true figure is lower, and the "
        "counts are complete once five years are loaded"
    )


def _weights(version: str | None) -> str:
    if version and version.startswith("illustrative"):
        return f"harm weights {version}, an illustrative table, not the official index"
    return f"harm weights {version}" if version else "harm weights"


def harm_concentration(h: HarmRanking, people: w.People = w.count) -> str:
    harm_linked, top_harm = h.harm_linked.value, h.top_harm.value
    if not h.people_linked.value or harm_linked is None or top_harm is None:
        return p.sentence(_no_ranking(h))
    whole = (
        f"in {h.window}, {_people(h.people_linked, people)} were linked as "
        f"offenders to recorded crimes with a total harm of {_days(h.harm_linked)} "
        f"({_weights(h.weights_version)})"
    )
    if h.suspects_only.value:
        whole += (
            "; people linked to those crimes only as suspects "
            f"(a further {people(h.suspects_only)}) are not counted as offenders"
        )
    if h.window_reason and not is_history(h.window_reason):
        whole += f"; the 12 months are incomplete ({h.window_reason})"
    share = (
        w.rate(Value(top_harm / harm_linked, trace=derived(h.top_harm.trace, SHARE)))
        if harm_linked
        else "none"
    )
    top = (
        f"the {w.count(h.top_people)} highest-harm offenders account for {share} of that harm "
        f"({_days(h.top_harm)}, {people(h.top_offences)} offences)"
    )
    return " ".join((p.sentence(whole), p.sentence(top)))


def highest_harm_in_cohort(h: HarmRanking, people: w.People = w.count) -> str:
    if not h.people_linked.value:
        return p.sentence(_no_ranking(h))
    in_cohort, top_people = h.top_in_cohort.value, h.top_people.value or 0
    if in_cohort is None:
        return p.sentence(
            f"whether the {w.count(h.top_people)} highest-harm offenders of {h.window} "
            f"are in the IOM cohort is not known: the cohort snapshot for "
            f"{h.month} was not delivered"
        )
    outside = Value(top_people - in_cohort, trace=derived(h.top_in_cohort.trace, OUTSIDE))
    text = (
        f"of the {w.count(h.top_people)} highest-harm offenders of {h.window}, "
        f"{_how_many(h.top_in_cohort, people)} in the IOM cohort"
    )
    # the number ranked is exact, so the published edition gives one side only
    return p.sentence(text + (f" and {_how_many(outside, people)} not" if w.exact(people) else ""))


def _how_many(v: Value, people: w.People) -> str:
    """ "none is", "1 is", "3 are", "<10 are"."""
    text = people(v)
    if w.as_read(text) == 0:
        return "none is"
    return f"{text} {'is' if w.as_read(text) == 1 else 'are'}"


def _no_ranking(h: HarmRanking) -> str:
    return (
        f"there is no harm ranking for {h.window}: no recorded crime of those "
        "months is linked to an offender in the loaded data"
    )
