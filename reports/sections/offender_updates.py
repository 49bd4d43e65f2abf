"""Section 3, offender updates: a heading per theme of the plan and every objective in order.

Each objective holds a fallback (reports/plan.py) until an extract's section module places its
figures there: in the force-extracts paper the department's commentary alone; in the
data.police.uk paper, for an objective with computed measures, a sentence that the published
files hold none of them.
"""

from __future__ import annotations

from reports.paper import Placed, Section
from reports.plan import CommentaryOnly, HeadingSection, Unavailable, themes

PAPERS_WITH_OFFENDERS = ("force_extracts", "police_uk")


def _fallback(paper: str, number: str, title: str, measures: str | None) -> Section:
    if paper == "police_uk" and measures:
        return Unavailable(number, title, measures)
    return CommentaryOnly(number, title)


def _placed() -> tuple[Placed, ...]:
    placed: list[Placed] = []
    for paper in PAPERS_WITH_OFFENDERS:
        placed.append(Placed(paper, (3, 0), HeadingSection("3.0", "Offender Updates")))
        for theme in themes():
            placed.append(Placed(paper, theme.place, HeadingSection(theme.number, theme.title)))
            placed += [
                Placed(
                    paper,
                    objective.place,
                    _fallback(paper, objective.number, objective.title, objective.measures),
                    fallback=True,
                )
                for objective in theme.objectives
            ]
    return tuple(placed)


PAPERS = _placed()
