"""Section 1.0 of the data.police.uk paper: why the paper, and plainly what the published data
cannot show (docs/police-uk.md), so that nothing it lacks is printed as zero."""

from __future__ import annotations

from dataclasses import dataclass

from reports import phrases
from reports.paper import NumberedSection, PaperContext, Placed

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


def unsupported_paragraph() -> str:
    return phrases.sentence(
        f"This paper is built from {DESCRIPTION}, which cannot support "
        + phrases.join_words(list(UNSUPPORTED))
        + "; those figures are left out rather than shown as zero"
    )


@dataclass(frozen=True)
class PublishedDataBackground:
    number: str = "1.0"
    title: str = "Background"
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> NumberedSection:
        paragraphs = (
            "The purpose of this paper is to give the Business Coordination Board (“the Board”) "
            "the performance picture of the Offenders pillar of the Police and Crime Plan (PCP) "
            f"from {DESCRIPTION}.",
            f"It reviews performance up to the end of {context.month_label}. It shows what the "
            "published data supports: recorded crime by crime type, its trends, and the outcome "
            "mix and rates on the nearest Home Office outcome groups.",
            unsupported_paragraph(),
        )
        return NumberedSection("1", self.title, paragraphs, kind="background")


PAPERS = (Placed("police_uk", (1,), PublishedDataBackground()),)
