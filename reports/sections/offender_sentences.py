"""Sentences of the offender sections (3.1.1, 3.2.1, 3.3.2, 3.3.5, 3.4.1): pure functions from
the figures of the offender marts to words. No I/O; every figure may be missing (None), and the
sentence then says so. People are only ever counted here: no pseudonym reaches the paper."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reports import phrases as p
from reports.history import is_history

FIVE_YEARS = 60  # months of history after which first-time entrant counts are complete
TOP = 20  # the highest-harm offenders the paper speaks of


@dataclass(frozen=True)
class CohortSize:
    month: str  # "October 2026"
    members: int | None
    entries: int | None
    exits: int | None
    reason: str | None = None  # why the figures are missing


@dataclass(frozen=True)
class CohortOffending:
    members: int
    members_compared: int
    offences_before: int
    offences_since: int
    harm_before: int
    harm_since: int
    members_full_year: int
    offences_before_per_member: float | None
    offences_since_per_member: float | None
    harm_before_per_member: float | None
    harm_since_per_member: float | None


@dataclass(frozen=True)
class FirstTimeEntrants:
    month: str
    entrants_month: int | None
    entrants_r12: int | None
    by_area: Mapping[str, int | None]  # area -> entrants in the month
    history_months: int | None
    r12_reason: str | None = None


@dataclass(frozen=True)
class HarmRanking:
    month: str
    people_linked: int | None  # everyone linked to a crime of the 12 months
    harm_linked: int | None  # their crimes' total harm (days)
    top_harm: int | None  # harm of the TOP highest-harm people
    top_offences: int | None
    top_people: int  # how many there are (fewer than TOP when few were linked)
    top_in_cohort: int | None  # of those, in the IOM cohort at month end; None if unknown
    weights_version: str | None
    window_reason: str | None = None  # months of the 12 not loaded


def _n(n: int | None) -> str:
    return p.format_count(n) if n is not None else "not available"


def _people(n: int) -> str:
    return f"{p.format_count(n)} {'person' if n == 1 else 'people'}"


def _days(n: float) -> str:
    return f"{p.format_count(n)} {'day' if round(n) == 1 else 'days'}"


def _per_member(x: float) -> str:
    return f"{x:,.1f}"


def cohort_size(c: CohortSize) -> str:
    if c.members is None:
        return p.sentence(f"the IOM cohort figures for {c.month} are " + p.not_available(c.reason))
    moves = (
        f"{_people(c.entries)} entered the cohort and {p.format_count(c.exits)} left it "
        "during the month"
        if c.entries is not None and c.exits is not None
        else "entries and exits are not available"
    )
    return p.sentence(
        f"at the end of {c.month} the Integrated Offender Management (IOM) cohort had "
        f"{p.format_count(c.members)} {'member' if c.members == 1 else 'members'}; {moves}"
    )


def cohort_offending(o: CohortOffending | None) -> str:
    if o is None:
        return p.sentence("the offending of the IOM cohort before and since entry is not available")
    if o.members_compared == 0:
        return p.sentence(
            "none of the current members entered late enough for the 12 months before their "
            "entry to lie within the loaded offender links, so their offending before and "
            "since entry cannot yet be compared"
        )
    compared = (
        f"for the {p.format_count(o.members_compared)} current "
        f"{'member' if o.members_compared == 1 else 'members'} whose 12 months before entry "
        "are within the loaded offender links, linked offences numbered "
        f"{p.format_count(o.offences_before)} in the 12 months before entry and "
        f"{p.format_count(o.offences_since)} since entry (harm {_days(o.harm_before)} and "
        f"{_days(o.harm_since)}; since entry means up to 12 months, less for recent entrants)"
    )
    if o.members_full_year == 0 or o.offences_before_per_member is None:
        full = (
            "none of them has yet been in the cohort for a full 12 months, so no like-for-like "
            "comparison per member is possible"
        )
    else:
        full = (
            "per member with a full 12 months since entry "
            f"({p.format_count(o.members_full_year)}), "
            f"offences went from {_per_member(o.offences_before_per_member)} in the year before "
            f"entry to {_per_member(o.offences_since_per_member or 0.0)} in the year since, and "
            f"harm from {_days(o.harm_before_per_member or 0.0)} to "
            f"{_days(o.harm_since_per_member or 0.0)}"
        )
    return " ".join((p.sentence(compared), p.sentence(full)))


def cohort_table_intro(c: CohortSize) -> str:
    if c.members is None:
        return cohort_size(c)
    return p.sentence(
        f"the table shows the IOM cohort at the end of {c.month} by cohort type and area, with "
        "the month's entries and exits; counts from 1 to 4 are shown as “<5”"
    )


def first_time_entrants(f: FirstTimeEntrants, breakdown: Callable[[int | None], str] = _n) -> str:
    if f.entrants_month is None:
        return p.sentence(f"first-time entrant figures for {f.month} are not available")
    areas = [f"{breakdown(n)} in the {area}" for area, n in f.by_area.items()]
    month = (
        f"in {f.month}, {_people(f.entrants_month)} received a first charge or summons or a "
        "first out-of-court disposal (first-time entrants to the criminal justice system)"
    )
    if areas:
        month += f": {p.join_words(areas)}"
    if f.entrants_r12 is not None:
        r12 = f"in the 12 months to {f.month} there were {p.format_count(f.entrants_r12)}"
    elif is_history(f.r12_reason):
        r12 = ""  # the section's note says why, once
    else:
        r12 = f"the 12 month figure is {p.not_available(f.r12_reason)}"
    return " ".join(p.sentence(t) for t in (month, r12) if t)


def entrants_floor(history_months: int | None) -> str | None:
    """The caveat while under five years of history are loaded; None once there are five."""
    if history_months is None or history_months >= FIVE_YEARS:
        return None
    return p.sentence(
        f"these counts are a floor: only {p.format_count(history_months)} "
        f"{'month' if history_months == 1 else 'months'} of outcomes and offender links "
        f"{'is' if history_months == 1 else 'are'} loaded, so someone whose earlier charge or "
        "disposal predates them is counted as a first-time entrant; the figures are complete "
        "once five years are loaded"
    )


def _weights(version: str | None) -> str:
    if version and version.startswith("illustrative"):
        return f"harm weights {version}, an illustrative table, not the official index"
    return f"harm weights {version}" if version else "harm weights"


def harm_concentration(h: HarmRanking) -> str:
    if not h.people_linked or h.harm_linked is None or h.top_harm is None:
        return p.sentence(_no_ranking(h.month))
    whole = (
        f"in the 12 months to {h.month}, {_people(h.people_linked)} were linked to recorded "
        f"crimes with a total harm of {_days(h.harm_linked)} ({_weights(h.weights_version)})"
    )
    if h.window_reason:
        whole += f"; the 12 months are incomplete ({h.window_reason})"
    share = h.top_harm / h.harm_linked if h.harm_linked else None
    top = (
        f"the {p.format_count(h.top_people)} highest-harm offenders account for "
        f"{p.format_rate(share) if share is not None else 'none'} of that harm "
        f"({_days(h.top_harm)}, {p.format_count(h.top_offences or 0)} offences)"
    )
    return " ".join((p.sentence(whole), p.sentence(top)))


def highest_harm_in_cohort(h: HarmRanking) -> str:
    if not h.people_linked:
        return p.sentence(_no_ranking(h.month))
    if h.top_in_cohort is None:
        return p.sentence(
            f"whether the {p.format_count(h.top_people)} highest-harm offenders of the 12 months "
            f"to {h.month} are in the IOM cohort is not known: the cohort snapshot for "
            f"{h.month} was not delivered"
        )
    outside = h.top_people - h.top_in_cohort
    return p.sentence(
        f"of the {p.format_count(h.top_people)} highest-harm offenders of the 12 months to "
        f"{h.month}, {_how_many(h.top_in_cohort)} in the IOM cohort and "
        f"{_how_many(outside)} not"
    )


def _how_many(n: int) -> str:
    """ "none is", "1 is", "3 are"."""
    if n == 0:
        return "none is"
    return f"{p.format_count(n)} {'is' if n == 1 else 'are'}"


def _no_ranking(month: str) -> str:
    return (
        f"there is no harm ranking for the 12 months to {month}: no recorded crime of those "
        "months is linked to an offender in the loaded data"
    )
