"""Section 4, highlighted good practice: the operation or team with the most arrests over the 12
months, its results since it first reported (marts.operations_results), beside the department's
narrative (commentary "4.0"). Replaces the commentary-only fallback of the force-extracts paper."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reports import figure_words as w
from reports import phrases as p
from reports.offender_words import pounds, sentence_length
from reports.paper import NumberedSection, PaperContext, Placed
from reports.plan import NO_SECTION_UPDATE
from reports.sections.operations import Operation, OperationsFigures, called, load

TITLE = "Highlighted Good Practice"
NO_NARRATIVE = "No department commentary was provided for this section this month."
# figure, label, how shown (None: a count of the operation, through the small-count rule)
ROWS: tuple[tuple[str, str, Callable[[float], str] | None], ...] = (
    ("arrests", "Arrests", None),
    ("charges", "Charges", None),
    ("cash_seized", "Cash seized", pounds),
    ("drugs_seized_value", "Drugs seized (value)", pounds),
    ("weapons_seized", "Weapons seized", None),
    ("sentences_months", "Sentences secured at court", sentence_length),
)


def highlighted(f: OperationsFigures) -> Operation | None:
    """The operation or team with the most arrests over the 12 months (then by name); None if
    none."""
    known = [o for o in f.operations if o["arrests_r12"].value]
    return max(known, key=lambda o: (o["arrests_r12"].value or 0, o.name), default=None)


def since_words(o: Operation) -> str:
    first = p.month_label(o.first_month)
    since = o.months_since_first
    months = f"{w.in_words(since)} month" + ("" if since.value == 1 else "s")
    if o.is_first_month_first_loaded:
        return f"in the {months} since {first}, the first month of data loaded,"
    return f"in the {months} since it first reported results in {first},"


def narrative(o: Operation, people: w.People) -> str:
    arrests = o["arrests_to_date"]
    return p.sentence(
        f"{since_words(o)} {called(o.name)} has made "
        f"{w.counted(people, arrests, 'arrest', 'arrests')}, "
        f"seized {w.show(o['cash_seized_to_date'], pounds)} "
        f"in cash and {w.show(o['drugs_seized_value_to_date'], pounds)} worth of drugs and, at "
        f"court, secured sentences totalling "
        f"{w.show(o['sentences_months_to_date'], sentence_length)}"
    )


def paragraphs(f: OperationsFigures, people: w.People) -> tuple[str, ...]:
    o = highlighted(f)
    if o is None:
        return ()
    lead = p.sentence(
        f"the most arrests by proactive operations in the 12 months to {p.month_label(f.month)} "
        f"came from {called(o.name)}: {w.counted(people, o['arrests_r12'], 'arrest', 'arrests')}"
    )
    return (lead, narrative(o, people))


def results_table(o: Operation, f: OperationsFigures, people: w.People) -> dict[str, object]:
    def cell(key: str, fmt: Callable[[float], str] | None) -> str:
        return people(o[key]) if fmt is None else w.show(o[key], fmt)

    return {
        "caption": f"{o.name}: results",
        "headers": [
            "",
            p.month_label(f.month),
            f"12 months to {p.month_label(f.month)}",
            f"Since {p.month_label(o.first_month)}",
        ],
        "rows": [
            [label, *(cell(figure + period, fmt) for period in ("", "_r12", "_to_date"))]
            for figure, label, fmt in ROWS
        ],
    }


@dataclass(frozen=True)
class GoodPractice:
    number: str = "4.0"  # the commentary key
    title: str = TITLE
    reads: tuple[str, ...] = ("marts.operations_results",)

    def build(self, context: PaperContext) -> NumberedSection:
        f = context.loaded(load)
        o = highlighted(f)
        commentary = context.commentary.for_section(self.number)
        computed = paragraphs(f, context.people)
        return NumberedSection(
            "4",
            self.title,
            computed if computed or commentary else (NO_SECTION_UPDATE,),
            commentary,
            tables=(results_table(o, f, context.people),) if o else (),
            note=NO_NARRATIVE if computed and not commentary else None,
        )


PAPERS = (Placed("force_extracts", (4,), GoodPractice()),)
