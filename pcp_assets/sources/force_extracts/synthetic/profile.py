"""Volumes and mixes of the fictional county force: the numbers the generator draws from.

Shares are relative weights (normalised where used). Time trends are anchored on the last generated
month, so whatever `end_month` is, the final months tell the same story: all crime falling gently
then turning up, robbery rising, Outcome 16 for domestic abuse climbing, PP rates easing down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# --- Crime volume -------------------------------------------------------------------------------

CRIMES_PER_YEAR = 65_000  # all recorded crime at the end of the period, before the final upturn

# Share of all crime per Home Office offence code. Codes replaced in April 2017 (28A/28B/30A/30B ->
# 28E/28F/30C/30D) carry the same share as their successors; only codes in force are drawn.
CODE_SHARE: Mapping[str, float] = MappingProxyType(
    {
        # Violence against the person: 37%
        "1": 0.0002,
        "4.1": 0.0001,
        "4.4": 0.0003,
        "4.8": 0.0004,
        "5D": 0.0100,
        "5E": 0.0010,
        "8N": 0.0870,
        "8P": 0.0020,
        "105A": 0.1200,
        "3A": 0.0090,
        "8L": 0.0800,
        "8Q": 0.0100,
        "8U": 0.0500,
        # Sexual offences: 3%
        "19C": 0.0070,
        "19D": 0.0030,
        "19G": 0.0010,
        "17A": 0.0020,
        "20A": 0.0140,
        "88A": 0.0030,
        # Robbery: 1%
        "34A": 0.0015,
        "34B": 0.0085,
        # Theft offences: 30%
        "28A": 0.0340,
        "28B": 0.0110,
        "30A": 0.0110,
        "30B": 0.0040,
        "28E": 0.0340,
        "28F": 0.0110,
        "30C": 0.0110,
        "30D": 0.0040,
        "45": 0.0350,
        "48": 0.0150,
        "126": 0.0050,
        "39": 0.0100,
        "44": 0.0200,
        "46": 0.0800,
        "49": 0.0500,
        "40": 0.0100,
        # Criminal damage and arson: 10%
        "58A": 0.0350,
        "58B": 0.0200,
        "58C": 0.0380,
        "56A": 0.0010,
        "56B": 0.0060,
        # Drug offences: 3%
        "92A": 0.0070,
        "92D": 0.0060,
        "92E": 0.0170,
        # Possession of weapons offences: 1%
        "10A": 0.0005,
        "10D": 0.0070,
        "8H": 0.0025,
        # Public order offences: 8%
        "9A": 0.0650,
        "9B": 0.0100,
        "62A": 0.0050,
        # Miscellaneous crimes against society: 2%
        "24": 0.0010,
        "81": 0.0020,
        "99": 0.0170,
    }
)


@dataclass(frozen=True)
class Season:
    """Monthly multiplier 1 + amplitude * cos(2 pi (month - peak_month) / 12)."""

    amplitude: float
    peak_month: int


# Keyed by offence subgroup, falling back to offence group; anything else is flat.
SEASONS: Mapping[str, Season] = MappingProxyType(
    {
        "Violence against the person": Season(0.10, 7),
        "Sexual offences": Season(0.06, 7),
        "Public order offences": Season(0.08, 7),
        "Bicycle theft": Season(0.30, 7),
        "Burglary residential": Season(0.15, 12),  # dark evenings
        "Burglary dwelling": Season(0.15, 12),
        "Burglary business and community": Season(0.08, 12),
        "Burglary other than dwelling": Season(0.08, 12),
        "Vehicle offences": Season(0.06, 11),
        "Shoplifting": Season(0.06, 12),
        "Robbery": Season(0.08, 11),
        "Criminal damage and arson": Season(0.05, 10),
    }
)

# Yearly growth of a subgroup or group, compounding back from the end month (0.18 = +18% a year).
GROWTH_PER_YEAR: Mapping[str, float] = MappingProxyType(
    {
        "Robbery": 0.18,
        "Possession of weapons offences": 0.04,
        "Burglary residential": -0.05,
        "Burglary dwelling": -0.05,
        "Shoplifting": 0.03,
    }
)
ALL_CRIME_GROWTH_PER_YEAR = -0.02  # the long-run trend of everything
UPTURN_MONTHS = 6  # ... until this many months before the end, when all crime starts rising
UPTURN_SIZE = 0.08  # to this much above trend in the final month

# --- Where and when -------------------------------------------------------------------------------

AREA_WEIGHT: Mapping[str, float] = MappingProxyType({"North": 1.1, "South": 0.9})
LSOA_SPREAD = 0.35  # sigma of the lognormal busyness of each LSOA within its area
# Yearly change in the North's share of a subgroup (negative: the South's share grows).
NORTH_SHARE_DRIFT_PER_YEAR: Mapping[str, float] = MappingProxyType({"Violence with injury": -0.03})

# Relative weight of each hour of the day 00..23 for when a crime is recorded.
HOURS_DAYTIME = (1, 1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 2, 2, 1)
HOURS_NIGHTTIME = (6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 4, 4, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 9, 8)
NIGHTTIME_GROUPS = frozenset(
    {"Violence against the person", "Public order offences", "Sexual offences", "Robbery"}
)

# --- Flags ----------------------------------------------------------------------------------------

# Probability a crime is flagged domestic abuse, by subgroup then group; default DEFAULT_DA_RATE.
DA_RATE: Mapping[str, float] = MappingProxyType(
    {
        "Violence with injury": 0.35,
        "Violence without injury": 0.35,
        "Stalking and harassment": 0.37,
        "Homicide": 0.25,
        "Sexual offences": 0.18,
        "Criminal damage": 0.09,
        "Public order offences": 0.04,
        "Theft offences": 0.01,
    }
)
DEFAULT_DA_RATE = 0.0
STATUS_SHARE: Mapping[str, float] = MappingProxyType(
    {"recorded": 0.98, "cancelled": 0.015, "transferred": 0.005}
)
CRIME_REF_PREFIX: Mapping[str, str] = MappingProxyType({"midshire": "MS"})

# --- Outcomes -------------------------------------------------------------------------------------

PROSECUTION_POSSIBLE = frozenset({1, 2, 3, 4, 6, 7, 8})


@dataclass(frozen=True)
class OutcomeProfile:
    """How the crimes of a subgroup end: `pp` of them with a prosecution-possible outcome split as
    `pp_mix`, `outcome16` with Outcome 16, the rest split as `other_mix`."""

    pp: float
    outcome16: float
    pp_mix: Mapping[int, float]
    other_mix: Mapping[int, float]


PP_MIX: Mapping[str, Mapping[int, float]] = MappingProxyType(
    {
        "standard": {1: 0.70, 2: 0.02, 3: 0.08, 8: 0.20},
        "burglary": {1: 0.50, 3: 0.05, 4: 0.40, 8: 0.05},
        "vehicle": {1: 0.60, 3: 0.05, 4: 0.20, 8: 0.15},
        "theft": {1: 0.55, 2: 0.03, 3: 0.10, 4: 0.03, 6: 0.09, 8: 0.20},
        "drugs": {1: 0.35, 3: 0.10, 6: 0.05, 7: 0.35, 8: 0.15},
        "disorder": {1: 0.50, 3: 0.10, 6: 0.25, 8: 0.15},
        "domestic": {1: 0.80, 3: 0.08, 8: 0.12},
    }
)
OTHER_MIX: Mapping[str, Mapping[int, float]] = MappingProxyType(
    {
        "suspect_known": {
            15: 0.33, 14: 0.15, 10: 0.08, 21: 0.12, 20: 0.08, 18: 0.15, 22: 0.04,
            5: 0.005, 9: 0.01, 11: 0.01, 12: 0.005, 13: 0.005, 17: 0.01,
        },
        "no_suspect": {18: 0.80, 14: 0.07, 15: 0.05, 21: 0.05, 20: 0.02, 10: 0.01},
        "drugs": {21: 0.30, 10: 0.30, 15: 0.20, 20: 0.10, 22: 0.10},
        "domestic": {
            15: 0.40, 14: 0.15, 10: 0.10, 21: 0.15, 20: 0.05, 18: 0.05, 22: 0.05, 17: 0.05,
        },
    }
)  # fmt: skip


def _profile(pp: float, o16: float, pp_mix: str, other_mix: str) -> OutcomeProfile:
    return OutcomeProfile(pp, o16, PP_MIX[pp_mix], OTHER_MIX[other_mix])


# Keyed by offence subgroup; a subgroup not listed uses DEFAULT_OUTCOMES.
OUTCOMES: Mapping[str, OutcomeProfile] = MappingProxyType(
    {
        "Homicide": _profile(0.85, 0.00, "standard", "suspect_known"),
        "Death or serious injury by unlawful driving": _profile(
            0.70, 0.02, "standard", "suspect_known"
        ),
        "Violence with injury": _profile(0.17, 0.17, "standard", "suspect_known"),
        "Violence without injury": _profile(0.12, 0.16, "standard", "suspect_known"),
        "Stalking and harassment": _profile(0.085, 0.16, "standard", "suspect_known"),
        "Rape": _profile(0.045, 0.20, "standard", "suspect_known"),
        "Other sexual offences": _profile(0.07, 0.15, "standard", "suspect_known"),
        "Robbery of business property": _profile(0.14, 0.04, "standard", "no_suspect"),
        "Robbery of personal property": _profile(0.105, 0.06, "standard", "no_suspect"),
        "Burglary residential": _profile(0.055, 0.02, "burglary", "no_suspect"),
        "Burglary dwelling": _profile(0.055, 0.02, "burglary", "no_suspect"),
        "Burglary business and community": _profile(0.05, 0.02, "burglary", "no_suspect"),
        "Burglary other than dwelling": _profile(0.05, 0.02, "burglary", "no_suspect"),
        "Vehicle offences": _profile(0.035, 0.01, "vehicle", "no_suspect"),
        "Theft from the person": _profile(0.025, 0.03, "theft", "no_suspect"),
        "Bicycle theft": _profile(0.02, 0.01, "theft", "no_suspect"),
        "Shoplifting": _profile(0.14, 0.03, "theft", "no_suspect"),
        "All other theft offences": _profile(0.035, 0.04, "theft", "no_suspect"),
        "Criminal damage": _profile(0.05, 0.04, "standard", "no_suspect"),
        "Arson": _profile(0.045, 0.03, "standard", "no_suspect"),
        "Trafficking of drugs": _profile(0.48, 0.00, "drugs", "drugs"),
        "Possession of drugs": _profile(0.55, 0.00, "drugs", "drugs"),
        "Possession of weapons offences": _profile(0.48, 0.01, "standard", "suspect_known"),
        "Public order offences": _profile(0.085, 0.08, "disorder", "suspect_known"),
        "Miscellaneous crimes against society": _profile(0.22, 0.03, "standard", "suspect_known"),
    }
)  # fmt: skip
DEFAULT_OUTCOMES = _profile(0.10, 0.05, "standard", "suspect_known")

# Domestic abuse crimes end differently: fewer PP outcomes, the domestic mixes, and an Outcome 16
# share that climbs over the years (points: months before the end month -> share; linear between).
DA_PP_FACTOR = 0.7
DA_PP_MIX = PP_MIX["domestic"]
DA_OTHER_MIX = OTHER_MIX["domestic"]
DA_OUTCOME16: tuple[tuple[int, float], ...] = ((36, 0.32), (24, 0.32), (12, 0.44), (0, 0.72))
PP_DECLINE_PER_YEAR = 0.04  # PP probabilities were this much higher (relative) a year earlier
OUTCOME22_FROM = "2019-04-01"  # before this date an outcome 22 is recorded as 21 instead

# Days from recording to outcome: lognormal with this median per outcome type, and sigma.
OUTCOME_DELAY_MEDIAN_DAYS: Mapping[int, float] = MappingProxyType(
    {1: 60, 2: 45, 3: 45, 4: 120, 6: 7, 7: 1, 8: 21, 14: 40, 15: 70, 16: 35, 18: 20, 20: 30, 21: 50}
)
DEFAULT_OUTCOME_DELAY_MEDIAN_DAYS = 45.0
OUTCOME_DELAY_SIGMA = 1.1
OUTCOME_DELAY_MAX_DAYS = 548  # about 18 months; longer draws are spread over the final 9 months
OUTCOME_DELAY_TAIL_FROM_DAYS = 275

REVISION_RATE = 0.033  # share of outcomes superseded by a later row (if it falls by the end month)
REVISION_DELAY_DAYS = (14, 150)  # uniform, and always into a later month
# A revised prosecution-possible outcome falls to one of these; any other outcome becomes one of
# the second set (a quarter of them a charge: a suspect identified later).
REVISED_FROM_PP: Mapping[int, float] = MappingProxyType({9: 0.3, 15: 0.4, 16: 0.3})
REVISED_FROM_OTHER: Mapping[int, float] = MappingProxyType({1: 0.25, 15: 0.3, 16: 0.25, 21: 0.2})

# --- Incidents ------------------------------------------------------------------------------------

GRADES = ("immediate", "prompt", "scheduled")


@dataclass(frozen=True)
class IncidentLink:
    """Share of a subgroup's crimes raised from a call for service, and that call's grade mix."""

    rate: float
    grades: tuple[float, float, float]  # immediate, prompt, scheduled


INCIDENT_LINKS: Mapping[str, IncidentLink] = MappingProxyType(
    {
        "Burglary residential": IncidentLink(0.85, (0.25, 0.70, 0.05)),
        "Burglary dwelling": IncidentLink(0.85, (0.25, 0.70, 0.05)),
        "Burglary business and community": IncidentLink(0.60, (0.15, 0.65, 0.20)),
        "Burglary other than dwelling": IncidentLink(0.60, (0.15, 0.65, 0.20)),
        "Violence with injury": IncidentLink(0.55, (0.55, 0.35, 0.10)),
        "Violence without injury": IncidentLink(0.40, (0.40, 0.40, 0.20)),
        "Stalking and harassment": IncidentLink(0.20, (0.10, 0.40, 0.50)),
        "Robbery of personal property": IncidentLink(0.75, (0.60, 0.35, 0.05)),
        "Robbery of business property": IncidentLink(0.80, (0.70, 0.25, 0.05)),
        "Public order offences": IncidentLink(0.50, (0.40, 0.45, 0.15)),
        "Shoplifting": IncidentLink(0.30, (0.10, 0.50, 0.40)),
        "Vehicle offences": IncidentLink(0.20, (0.05, 0.45, 0.50)),
        "Criminal damage": IncidentLink(0.25, (0.10, 0.45, 0.45)),
        "Rape": IncidentLink(0.30, (0.50, 0.40, 0.10)),
        "Possession of weapons offences": IncidentLink(0.30, (0.70, 0.25, 0.05)),
    }
)
DEFAULT_INCIDENT_LINK = IncidentLink(0.10, (0.10, 0.45, 0.45))
CALL_TO_RECORD_MEDIAN_MINUTES = 40.0  # a linked crime is recorded this long after the call
CALL_TO_RECORD_SIGMA = 0.8

UNLINKED_INCIDENTS_PER_YEAR = 72_000  # calls that raise no crime (concern for safety, ASB, ...)
UNLINKED_GRADES = (0.15, 0.45, 0.40)
UNLINKED_SEASON = Season(0.07, 7)
HOURS_INCIDENTS = (4, 3, 2, 2, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 8, 8, 8, 8, 8, 7, 6, 5)


@dataclass(frozen=True)
class Attendance:
    """Minutes from call to arrival: lognormal with this median and sigma."""

    median_minutes: float
    sigma: float


ATTENDANCE: Mapping[str, Attendance] = MappingProxyType(
    {
        "immediate": Attendance(12.0, 0.55),
        "prompt": Attendance(60.0, 0.85),
        "scheduled": Attendance(18 * 60.0, 1.0),
    }
)
NOT_ATTENDED_RATE = 0.05
MAX_ATTENDANCE_DAYS = 6.5  # longer draws are spread over days 2..6.5 (contract: under 7 days)
