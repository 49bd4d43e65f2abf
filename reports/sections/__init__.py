"""The paper variants: each an ordered tuple of sections. The caller picks one and passes it to
`reports.render.render_board_paper`; the paper never works out its source."""

from reports.paper import PaperVariant
from reports.sections.background import Background
from reports.sections.cover import Cover
from reports.sections.data_quality import DataQualitySection
from reports.sections.definitions import Attribution, Definitions, PublishedDataDefinitions
from reports.sections.dwelling_burglary import DwellingBurglarySection
from reports.sections.headlines import Headlines, PublishedDataHeadlines
from reports.sections.national_comparison import NationalComparison
from reports.sections.outcome_mix import OutcomeMix
from reports.sections.quirks import PublishedDataQuirks
from reports.sections.source_limits import PublishedDataBackground
from reports.sections.street_violence import RobberyAndWeapons, StreetViolence

# The force's own monthly extracts (crimes, outcomes, incidents).
FORCE_EXTRACTS_PAPER: PaperVariant = (
    Cover("Police & Crime Plan – update on performance and offenders theme"),  # noqa: RUF001
    Background(),
    Headlines(),
    DwellingBurglarySection(),
    StreetViolence(),
    DataQualitySection(),
    Definitions(),
)

# data.police.uk street and outcome files: what they support, and plainly what they do not.
POLICE_UK_PAPER: PaperVariant = (
    Cover("Police & Crime Plan – performance from published data", id_separator="-"),  # noqa: RUF001
    PublishedDataBackground(),
    PublishedDataHeadlines(),
    OutcomeMix(),
    RobberyAndWeapons(),
    NationalComparison(),
    PublishedDataQuirks(),
    DataQualitySection(),
    PublishedDataDefinitions(),
    Attribution(),
)
