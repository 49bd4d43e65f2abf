"""Section 1.0 of the data.police.uk paper: why the paper, and plainly what the published data
cannot show (docs/police-uk.md), so that nothing it lacks is printed as zero. It is said here once
(paragraph 1.3, `reports.plan.Unavailable.limits_at`): each section the files cannot fill is then
one line naming what it lacks."""

from __future__ import annotations

from dataclasses import dataclass

from reports import phrases
from reports.history import paper_note
from reports.paper import NumberedSection, PaperContext, Placed
from reports.paper import paragraphs as section_paragraphs
from reports.plan import NO_UPDATE_RULE

DESCRIPTION = "data.police.uk street and outcome files"
UNSUPPORTED = (
    "domestic abuse figures (no domestic abuse flag is published)",
    "Outcome 16 shares (police.uk's “Unable to prosecute suspect” merges Home Office "
    "outcomes 14, 15 and 16)",
    "crimes taken into consideration (TIC) (no police.uk outcome category)",
    "response times (incidents are not published)",
    "dwelling (residential) burglary (police.uk's burglary does not split residential "
    "from business and community)",
    "violence with injury (police.uk combines violence against the person and sexual offences)",
    "area figures by the force's own areas (areas are taken as local authorities)",
)


# What only the force's own records hold: the sections of the force-extracts paper it fills.
FORCE_RECORDS = (
    "rape figures",
    "Investigation Management Unit queues",
    "custody records",
    "the offender measures of the plan's objectives",
)


def unsupported_paragraph() -> str:
    return phrases.sentence(
        f"This paper is built from {DESCRIPTION}, which cannot support "
        + phrases.join_words(list(UNSUPPORTED))
        + "; those figures are left out rather than shown as zero. Nor do the files hold what "
        "needs the force's own records ("
        + phrases.join_words(list(FORCE_RECORDS))
        + "): each section they would fill says in one line what it lacks"
    )


@dataclass(frozen=True)
class PublishedDataBackground:
    number: str = "1.0"
    title: str = "Background"
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> NumberedSection:
        paragraphs = section_paragraphs(
            "The purpose of this paper is to give the Business Coordination Board (“the Board”) "
            "the performance picture of the Offenders pillar of the Police and Crime Plan (PCP) "
            f"from {DESCRIPTION}.",
            f"It reviews performance up to the end of {context.month_label}. It shows what the "
            "published data supports: recorded crime by crime type, its trends, and the outcome "
            "mix and rates on the nearest Home Office outcome groups.",
            unsupported_paragraph(),
            NO_UPDATE_RULE,
            paper_note(context.figures),
        )
        return NumberedSection("1", self.title, paragraphs, kind="background")


PAPERS = (Placed("police_uk", (1,), PublishedDataBackground()),)
