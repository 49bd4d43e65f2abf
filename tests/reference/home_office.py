"""Home Office offence codes (Counting Rules) and outcome types 1..22 (spec/METRICS.md)."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class Offence(NamedTuple):
    subgroup: str
    group: str


VAP = "Violence against the person"
SEXUAL = "Sexual offences"
THEFT = "Theft offences"
DAMAGE = "Criminal damage and arson"

# Every code the synthetic force records and the tests classify: code -> subgroup and group.
OFFENCES: dict[str, Offence] = {
    "1": Offence("Homicide", VAP),
    "4.1": Offence("Homicide", VAP),
    "4.4": Offence("Death or serious injury by unlawful driving", VAP),
    "4.8": Offence("Death or serious injury by unlawful driving", VAP),
    "5D": Offence("Violence with injury", VAP),
    "5E": Offence("Violence with injury", VAP),
    "8N": Offence("Violence with injury", VAP),
    "8P": Offence("Violence with injury", VAP),
    "105A": Offence("Violence without injury", VAP),
    "3A": Offence("Violence without injury", VAP),
    "8L": Offence("Stalking and harassment", VAP),
    "8Q": Offence("Stalking and harassment", VAP),
    "8U": Offence("Stalking and harassment", VAP),
    "19C": Offence("Rape", SEXUAL),
    "19D": Offence("Rape", SEXUAL),
    "19G": Offence("Rape", SEXUAL),
    "17A": Offence("Other sexual offences", SEXUAL),
    "20A": Offence("Other sexual offences", SEXUAL),
    "88A": Offence("Other sexual offences", SEXUAL),
    "34A": Offence("Robbery of business property", "Robbery"),
    "34B": Offence("Robbery of personal property", "Robbery"),
    "28A": Offence("Burglary dwelling", THEFT),
    "28B": Offence("Burglary dwelling", THEFT),
    "30A": Offence("Burglary other than dwelling", THEFT),
    "30B": Offence("Burglary other than dwelling", THEFT),
    "28E": Offence("Burglary residential", THEFT),
    "28F": Offence("Burglary residential", THEFT),
    "30C": Offence("Burglary business and community", THEFT),
    "30D": Offence("Burglary business and community", THEFT),
    "45": Offence("Vehicle offences", THEFT),
    "48": Offence("Vehicle offences", THEFT),
    "126": Offence("Vehicle offences", THEFT),
    "39": Offence("Theft from the person", THEFT),
    "44": Offence("Bicycle theft", THEFT),
    "46": Offence("Shoplifting", THEFT),
    "49": Offence("All other theft offences", THEFT),
    "40": Offence("All other theft offences", THEFT),
    "58A": Offence("Criminal damage", DAMAGE),
    "58B": Offence("Criminal damage", DAMAGE),
    "58C": Offence("Criminal damage", DAMAGE),
    "56A": Offence("Arson", DAMAGE),
    "56B": Offence("Arson", DAMAGE),
    "92A": Offence("Trafficking of drugs", "Drug offences"),
    "92D": Offence("Possession of drugs", "Drug offences"),
    "92E": Offence("Possession of drugs", "Drug offences"),
    "10A": Offence("Possession of weapons offences", "Possession of weapons offences"),
    "10D": Offence("Possession of weapons offences", "Possession of weapons offences"),
    "8H": Offence("Possession of weapons offences", "Possession of weapons offences"),
    "9A": Offence("Public order offences", "Public order offences"),
    "9B": Offence("Public order offences", "Public order offences"),
    "62A": Offence("Public order offences", "Public order offences"),
    "24": Offence("Miscellaneous crimes against society", "Miscellaneous crimes against society"),
    "81": Offence("Miscellaneous crimes against society", "Miscellaneous crimes against society"),
    "99": Offence("Miscellaneous crimes against society", "Miscellaneous crimes against society"),
}

# Burglary codes 28A/28B/30A/30B were replaced by 28E/28F/30C/30D from April 2017.
RETIRED_2017 = frozenset({"28A", "28B", "30A", "30B"})
INTRODUCED_2017 = frozenset({"28E", "28F", "30C", "30D"})
CHANGE_2017 = "2017-04-01"


def offences_frame() -> pd.DataFrame:
    """OFFENCES as a table to merge on `offence_code`."""
    return pd.DataFrame(
        [(code, o.subgroup, o.group) for code, o in OFFENCES.items()],
        columns=["offence_code", "offence_subgroup", "offence_group"],
    )


class OutcomeType(NamedTuple):
    name: str
    prosecution_possible: bool  # METRICS.md's default set {1, 2, 3, 4, 6, 7, 8}


OUTCOME_TYPES: dict[int, OutcomeType] = {
    1: OutcomeType("Charged/summonsed", True),
    2: OutcomeType("Caution - youths", True),
    3: OutcomeType("Caution - adults", True),
    4: OutcomeType("Taken into consideration", True),
    5: OutcomeType("Offender has died", False),
    6: OutcomeType("Penalty Notice for Disorder", True),
    7: OutcomeType("Cannabis/khat warning", True),
    8: OutcomeType("Community resolution", True),
    9: OutcomeType("Prosecution not in the public interest (CPS)", False),
    10: OutcomeType("Formal action not in the public interest (police)", False),
    11: OutcomeType("Prosecution prevented - suspect under age", False),
    12: OutcomeType("Prosecution prevented - suspect too ill", False),
    13: OutcomeType("Prosecution prevented - victim or key witness dead or too ill", False),
    14: OutcomeType(
        "Evidential difficulties: suspect not identified; victim does not support", False
    ),
    15: OutcomeType("Evidential difficulties: suspect identified; victim supports", False),
    16: OutcomeType("Evidential difficulties: suspect identified; victim does not support", False),
    17: OutcomeType("Prosecution time limit expired", False),
    18: OutcomeType("Investigation complete - no suspect identified", False),
    19: OutcomeType("National Fraud Intelligence Bureau filed", False),
    20: OutcomeType("Further action undertaken by another body or agency", False),
    21: OutcomeType("Further investigation not in the public interest", False),
    22: OutcomeType("Diversionary, educational or intervention activity", False),
}

PROSECUTION_POSSIBLE = frozenset(n for n, t in OUTCOME_TYPES.items() if t.prosecution_possible)
