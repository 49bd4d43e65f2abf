"""Section 1.0 of the force-extracts paper: why the paper, and which meeting it reports."""

from __future__ import annotations

from dataclasses import dataclass

from reports import phrases
from reports.history import paper_note
from reports.paper import NumberedSection, PaperContext, Placed
from reports.paper import paragraphs as section_paragraphs
from reports.plan import NO_UPDATE_RULE
from reports.sections.cover import as_date


@dataclass(frozen=True)
class Background:
    number: str = "1.0"
    title: str = "Background"
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> NumberedSection:
        meeting = as_date(context.header_value("meeting_date"))
        held = f" was held on {phrases.day_label(meeting)} and" if meeting else ""
        paragraphs = section_paragraphs(
            "The purpose of this paper is to provide an update to the Business Coordination "
            "Board (“the Board”) on the actions taken against the Offenders pillar of the Police "
            "and Crime Plan (PCP).",
            f"The most recent Operational Performance Meeting{held} reviewed performance up to "
            f"the end of {context.month_label}. This report reflects the updates provided to that "
            "meeting.",
            "This report first gives an overall review of performance and then updates on the "
            "priorities. This month’s priority areas were Dwelling Burglary and Serious "  # noqa: RUF001
            "Street Based Violence under the PCC’s Offenders theme. " + NO_UPDATE_RULE,  # noqa: RUF001
            paper_note(context.figures),
        )
        return NumberedSection(
            "1",
            self.title,
            paragraphs,
            context.commentary.for_section(self.number),
            kind="background",
        )


PAPERS = (Placed("force_extracts", (1,), Background()),)
