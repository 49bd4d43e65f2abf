"""The plan's objectives (reports/plan.yaml) and the sections every objective can fall back on.

An extract's section module places its figures at an objective's place (`(3, 1, 3)`) and takes
the objective's title from here; every objective also has a fallback section (commentary only,
or, in a paper whose source cannot compute its figures, one line naming what is missing), used when
no module claims the place. So section 3 always lists every objective of the plan, in order. What a
source or the month lacks is said once, in the background (`NO_UPDATE_RULE`, source_limits.py):
an objective with nothing to show is its heading alone, or its heading and that one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from reports.paper import NumberedSection, PaperContext, heading_level

PLAN_FILE = Path(__file__).with_name("plan.yaml")
# Said once, in the background: an objective with no figures and no update is its heading alone.
NO_UPDATE_RULE = (
    "An objective of the Offender Updates with neither figures nor an update this month is listed "
    "by its heading alone; one with figures and no update from its department shows its figures "
    "alone."
)
NO_SECTION_UPDATE = "No update was provided for this section this month."


@dataclass(frozen=True)
class Objective:
    number: str  # "3.1.3"
    title: str
    measures: str | None  # the figures the force's extracts give it, in words

    @property
    def place(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.number.split("."))


@dataclass(frozen=True)
class Theme:
    number: str  # "3.1"
    title: str
    objectives: tuple[Objective, ...]

    @property
    def place(self) -> tuple[int, ...]:
        return (*(int(part) for part in self.number.split(".")), 0)


@cache
def themes() -> tuple[Theme, ...]:
    data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    return tuple(
        Theme(
            str(number),
            theme["title"],
            tuple(
                Objective(str(key), item["title"], item.get("measures"))
                for key, item in theme["objectives"].items()
            ),
        )
        for number, theme in data["themes"].items()
    )


def objective(number: str) -> Objective:
    for theme in themes():
        for found in theme.objectives:
            if found.number == number:
                return found
    raise KeyError(f"objective {number} is not in {PLAN_FILE.name}")


def objective_section(
    context: PaperContext, number: str, paragraphs: tuple[str, ...], **parts: object
) -> NumberedSection:
    """An objective's section: the computed paragraphs, then the department's commentary, if
    any (without, the figures stand alone: `NO_UPDATE_RULE`)."""
    commentary = context.commentary.for_section(number)
    return NumberedSection(
        number,
        objective(number).title,
        paragraphs,
        commentary,
        numbered_paragraphs=False,
        **parts,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Heading:
    """A heading between sections ("3.0 Offender Updates", "3.1 Police enforcement ...")."""

    number: str
    title: str
    kind: str = "heading"

    @property
    def level(self) -> int:
        return heading_level(self.number)


@dataclass(frozen=True)
class HeadingSection:
    number_shown: str
    title: str
    number: str = ""  # takes no commentary
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> Heading:
        return Heading(self.number_shown, self.title)


@dataclass(frozen=True)
class CommentaryOnly:
    """An objective the source's data says nothing about: the department's words, or its heading
    alone (the background says once what that means), so the objective never disappears."""

    number: str
    title: str
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> NumberedSection:
        commentary = context.commentary.for_section(self.number)
        return NumberedSection(
            self.number,
            self.title,
            (),
            commentary,
            numbered_paragraphs=False,
        )


@dataclass(frozen=True)
class Unavailable:
    """A section whose figures the source cannot give: one line naming what is missing (why is
    said once, in the background's paragraph `limits_at`), and any commentary."""

    number: str
    title: str
    missing: str  # what the source does not hold, in words ("the results of ...")
    source_label: str = "data.police.uk"
    limits_at: str = "1.3"
    reads: tuple[str, ...] = ()

    def build(self, context: PaperContext) -> NumberedSection:
        return NumberedSection(
            self.number,
            self.title,
            (f"Not in the {self.source_label} files (see {self.limits_at}): {self.missing}.",),
            context.commentary.for_section(self.number),
            numbered_paragraphs=False,
        )
