"""Where crimes happen: the fictional force's districts and areas, and the ONS table's offences."""

from __future__ import annotations

# The synthetic forces, Midshire and Wealdshire (a second, smaller one, for several forces in one
# warehouse), then the benchmark's: a beat's code starts with its district's; district -> area.
DISTRICTS: dict[str, tuple[str, str]] = {
    "NO": ("Northtown", "North"),
    "FE": ("Fenmoor", "North"),
    "SO": ("Southbridge", "South"),
    "RI": ("Riverside", "South"),
    "WB": ("Westbury", "West"),
    "EM": ("Eastmarsh", "East"),
}
# The 41 forces more that `pcp bench` needs for a region and the country, in seed order, each with
# a North district (beats Q0.., Q1.., .. U0..) and a South one (V0.. .. Z0..).
BENCH_FORCES = [
    "ashdown",
    "barrowmere",
    "brackenfold",
    "caldermoor",
    "carrowdale",
    "coldharbour",
    "dunmere",
    "eastholm",
    "elmsworth",
    "fenwick",
    "glenmarsh",
    "greywater",
    "harrowfield",
    "hawkmoor",
    "highcliffe",
    "kestrelvale",
    "kingsmere",
    "larkhill",
    "longmarsh",
    "meadowbrook",
    "millbrook",
    "northmarsh",
    "oakhollow",
    "pendlemoor",
    "ravensdale",
    "redcliffe",
    "rookwood",
    "saltmarsh",
    "silverdale",
    "stonebridge",
    "swanmere",
    "thornbury",
    "tidewater",
    "underhill",
    "wavermoor",
    "westmarch",
    "whitecliffe",
    "willowmere",
    "windermoor",
    "woldsmere",
    "yarrowdale",
]
for number, force in enumerate(BENCH_FORCES):
    DISTRICTS["QRSTU"[number // 10] + str(number % 10)] = (f"{force.title()} North", "North")
    DISTRICTS["VWXYZ"[number // 10] + str(number % 10)] = (f"{force.title()} South", "South")


def area_of_beat(beat_code: str) -> str:
    return DISTRICTS[beat_code[:2]][1]


# ONS "Police recorded crime by police force area" offences -> offence group; fraud (recorded
# centrally) is out of scope.
ONS_OFFENCES: dict[str, str | None] = {
    "Homicide": "Violence against the person",
    "Death or serious injury caused by illegal driving": "Violence against the person",
    "Violence with injury": "Violence against the person",
    "Violence without injury": "Violence against the person",
    "Stalking and harassment": "Violence against the person",
    "Sexual offences": "Sexual offences",
    "Robbery": "Robbery",
    "Domestic burglary": "Theft offences",
    "Non-domestic burglary": "Theft offences",
    "Residential burglary": "Theft offences",
    "Non-residential burglary": "Theft offences",
    "Vehicle offences": "Theft offences",
    "Theft from the person": "Theft offences",
    "Bicycle theft": "Theft offences",
    "Shoplifting": "Theft offences",
    "All other theft offences": "Theft offences",
    "Criminal damage and arson": "Criminal damage and arson",
    "Drug offences": "Drug offences",
    "Possession of weapons offences": "Possession of weapons offences",
    "Public order offences": "Public order offences",
    "Miscellaneous crimes against society": "Miscellaneous crimes against society",
    "Fraud offences": None,
    "Action Fraud": None,
    "CIFAS": None,
    "UK Finance": None,
}
ONS_CRIMES = frozenset(offence for offence, group in ONS_OFFENCES.items() if group)
