"""What a board member stumbles on, found in a paper's HTML: each rule returns the offending
snippets (empty when the paper reads cleanly), so a failing test shows them.

The rules read what a reader reads: paragraphs, list items, captions and table cells of the
HTML (charts' SVG apart from their drawn legend), figure links taken out (tests/paper_html.py)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import html as lxml_html

from tests.paper_html import readable

# Nouns the paper counts, singular and plural, for count/noun agreement.
COUNT_NOUNS = {
    "arrest": "arrests",
    "booking": "bookings",
    "case": "cases",
    "crime": "crimes",
    "day": "days",
    "file": "files",
    "incident": "incidents",
    "item": "items",
    "member": "members",
    "minute": "minutes",
    "month": "months",
    "offence": "offences",
    "offender": "offenders",
    "operation": "operations",
    "outcome": "outcomes",
    "person": "people",
    "point": "points",
    "queue": "queues",
    "row": "rows",
    "suspect": "suspects",
    "warning": "warnings",
    "year": "years",
}
_PLURALS = {plural: singular for singular, plural in COUNT_NOUNS.items()}
_NUMBER = r"(?<![\w.,\u2212+-])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)"
_COUNTED = re.compile(_NUMBER + r" ([a-z]+)\b(?: ([a-z]+))?")
# "a 12 month total": a count and a singular noun before another noun qualify it
_FUNCTION_WORDS = {
    "a",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "was",
    "were",
    "with",
}
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
_EMPTY_CHANGE = re.compile(
    r"(?<![\d.,])[+\u2212-]?0(?:\.0+)? (?:points?|percentage points?)\b|[+\u2212]0(?:\.0+)?%"
)
_NO_THE = re.compile(r"\bno the\b", re.IGNORECASE)
LIMITS_CAPTION = re.compile(r"process limits", re.IGNORECASE)
LIMITS_DRAWN = "Normal variation"  # the legend of the shaded band between the limits


@dataclass(frozen=True)
class Figure:
    caption: str
    svg: str  # the chart's markup, where its legend's words are text


@dataclass(frozen=True)
class Paper:
    """A rendered paper as its reader meets it."""

    paragraphs: tuple[str, ...]  # paragraphs, list items, captions, headings
    tables: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]  # (header, rows)
    figures: tuple[Figure, ...]

    @classmethod
    def of(cls, page: str) -> Paper:
        root = lxml_html.fromstring(readable(page))
        figures = tuple(
            Figure(
                " ".join("".join(fig.xpath(".//figcaption//text()")).split()),
                lxml_html.tostring(fig, encoding="unicode"),
            )
            for fig in root.iter("figure")
        )
        for fig in root.iter("figure"):
            for svg in fig.xpath(".//*[local-name()='svg']"):
                svg.getparent().remove(svg)
        prose = tuple(
            text
            for element in root.xpath(
                "//p | //li[not(p)] | //figcaption | //h1 | //h2 | //h3 | //h4 | //caption"
            )
            if (text := " ".join(element.text_content().split()))
        )
        tables = tuple(
            (
                tuple(" ".join(c.text_content().split()) for c in table.xpath(".//thead//th")),
                tuple(
                    tuple(" ".join(c.text_content().split()) for c in row.xpath("./th | ./td"))
                    for row in table.xpath(".//tbody/tr")
                ),
            )
            for table in root.iter("table")
        )
        return cls(prose, tables, figures)

    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in _SENTENCE_END.split(p) if s]


def doubled_words(paper: Paper) -> list[str]:
    """ "booked in in": a word said twice running."""
    return [m.group(0) for p in paper.paragraphs for m in _DOUBLED.finditer(p)]


def repeated_sentences(paper: Paper, most: int = 2) -> list[str]:
    """A sentence said more than `most` times in one paper (a heading is not a sentence)."""
    counts = Counter(s for s in paper.sentences() if len(s.split()) > 3)
    return [f"{n}x {s}" for s, n in counts.items() if n > most]


def unbalanced_brackets(paper: Paper) -> list[str]:
    """A paragraph whose round brackets do not close, or close before they open."""
    found = []
    for p in paper.paragraphs:
        depth = 0
        for char in p:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                break
        if depth != 0:
            found.append(p)
    return found


def no_the(paper: Paper) -> list[str]:
    """ "hold no the Integrated Offender Management cohort"."""
    return [p for p in paper.paragraphs if _NO_THE.search(p)]


def count_noun_disagreements(paper: Paper) -> list[str]:
    """ "1 offences", "3 offence": a count and the noun it counts disagree."""
    found = []
    for p in paper.paragraphs:
        for m in _COUNTED.finditer(p):
            number, noun, after = int(m.group(1).replace(",", "")), m.group(2), m.group(3)
            qualifies = after is not None and after not in _FUNCTION_WORDS
            if (number == 1 and noun in _PLURALS) or (
                number != 1 and noun in COUNT_NOUNS and not qualifies
            ):
                found.append(m.group(0))
    return found


def empty_changes(paper: Paper) -> list[str]:
    """A change said as nothing ("(0 points)", "+0%"): it is "no change"."""
    return [m.group(0) + f" in: {p}" for p in paper.paragraphs for m in _EMPTY_CHANGE.finditer(p)]


def captions_naming_undrawn_limits(paper: Paper) -> list[str]:
    """A chart captioned against its process limits whose drawing has none."""
    return [
        f.caption
        for f in paper.figures
        if LIMITS_CAPTION.search(f.caption) and LIMITS_DRAWN not in f.svg
    ]


def unavailable_columns(paper: Paper) -> list[str]:
    """A table column every row of which is "not available": the column says nothing."""
    found = []
    for header, rows in paper.tables:
        if not rows:
            continue
        for i in range(1, max(len(r) for r in rows)):
            cells = [r[i] for r in rows if i < len(r)]
            if cells and all(c.startswith("not available") for c in cells):
                found.append(header[i] if i < len(header) else f"column {i + 1}")
    return found


RULES = (
    doubled_words,
    repeated_sentences,
    unbalanced_brackets,
    no_the,
    count_noun_disagreements,
    empty_changes,
    captions_naming_undrawn_limits,
    unavailable_columns,
)


def stumbles(page: str) -> dict[str, list[str]]:
    """Every rule's findings on the page, only the rules that found something."""
    paper = Paper.of(page)
    return {rule.__name__: found for rule in RULES if (found := rule(paper))}
