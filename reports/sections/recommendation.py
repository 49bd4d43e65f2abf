"""Sections 2.0 (its heading), 4.0 highlighted good practice (its fallback: commentary alone,
where no section takes the place; the force-extracts paper's is reports/sections/good_practice.py)
and 5.0, the recommendation to the board."""

from __future__ import annotations

from dataclasses import dataclass

from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import NO_SECTION_UPDATE, HeadingSection

RECOMMENDATION = "It is recommended that the Board note the contents of this report."


@dataclass(frozen=True)
class TopLevelCommentary:
    """A top-level section ("4.0") of commentary only, saying so when there is none."""

    number: str  # "4.0": the commentary key
    title: str
    fixed: tuple[str, ...] = ()  # paragraphs it always has
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> NumberedSection:
        commentary = context.commentary.for_section(self.number)
        fixed = self.fixed or (() if commentary else (NO_SECTION_UPDATE,))
        return NumberedSection(self.number.removesuffix(".0"), self.title, fixed, commentary)


PAPERS = tuple(
    Placed(paper, place, section, fallback=fallback)
    for paper in ("force_extracts", "police_uk")
    for place, section, fallback in (
        ((2, 0), HeadingSection("2.0", "Performance Meeting Updates"), False),
        ((4,), TopLevelCommentary("4.0", "Highlighted Good Practice"), True),
        ((5,), TopLevelCommentary("5.0", "Recommendation", (RECOMMENDATION,)), False),
    )
)
