"""data.police.uk's crime types and outcome categories (as its documentation lists them), with the
tests' own crosswalk to Home Office groups and outcome types (docs/police-uk.md's rules)."""

from __future__ import annotations

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"

# police.uk crime type -> Home Office offence group; anti-social behaviour is not crime.
CRIME_TYPES: dict[str, str | None] = {
    ANTI_SOCIAL_BEHAVIOUR: None,
    "Bicycle theft": "Theft offences",
    "Burglary": "Theft offences",
    "Criminal damage and arson": "Criminal damage and arson",
    "Drugs": "Drug offences",
    "Other crime": "Miscellaneous crimes against society",
    "Other theft": "Theft offences",
    "Possession of weapons": "Possession of weapons offences",
    "Public order": "Public order offences",
    "Robbery": "Robbery",
    "Shoplifting": "Theft offences",
    "Theft from the person": "Theft offences",
    "Vehicle crime": "Theft offences",
    "Violence and sexual offences": "Violence and sexual offences",
}

CHARGED = 1  # a charge, and every court result that follows one
PENDING = 0

# police.uk outcome category -> nearest Home Office outcome type (0: none yet).
OUTCOME_CATEGORIES: dict[str, int] = {
    "Under investigation": PENDING,
    "Status update unavailable": PENDING,
    "Awaiting court outcome": CHARGED,
    "Court result unavailable": CHARGED,
    "Suspect charged": CHARGED,
    "Suspect charged as part of another case": CHARGED,
    "Defendant sent to Crown Court": CHARGED,
    "Offender sent to prison": CHARGED,
    "Offender given suspended prison sentence": CHARGED,
    "Offender given community sentence": CHARGED,
    "Offender fined": CHARGED,
    "Offender given conditional discharge": CHARGED,
    "Offender given absolute discharge": CHARGED,
    "Offender ordered to pay compensation": CHARGED,
    "Offender deprived of property": CHARGED,
    "Offender otherwise dealt with": CHARGED,
    "Defendant found not guilty": CHARGED,
    "Court case unable to proceed": CHARGED,
    "Offender given a caution": 3,  # youth and adult cautions are not split
    "Offender given penalty notice": 6,
    "Offender given a drugs possession warning": 7,
    "Local resolution": 8,
    "Offender given community resolution": 8,
    "Formal action is not in the public interest": 10,
    "Further action is not in the public interest": 9,
    "Unable to prosecute suspect": 15,  # covers Home Office 14, 15 and 16
    "Investigation complete; no suspect identified": 18,
    "Action to be taken by another organisation": 20,
    "Further investigation is not in the public interest": 21,
}
