"""What a board member stumbles on, found in a paper's HTML: the sentence rules of
tests/reading_rules.py over its prose, and the rules that need the whole paper (a sentence said
too often, a chart's caption against its drawing, a table's columns). Each returns the offending
snippets (empty when the paper reads cleanly), so a failing test shows them.

The rules read what a reader reads: paragraphs, list items, captions and table cells of the
HTML (charts' SVG apart from their drawn legend), figure links taken out (tests/paper_html.py)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import html as lxml_html

from tests import reading_rules as reading
from tests.paper_html import readable

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\u201c\"(])")
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


def repeated_sentences(paper: Paper, most: int = 2) -> list[str]:
    """A sentence said more than `most` times in one paper (a heading is not a sentence)."""
    counts = Counter(s for s in paper.sentences() if len(s.split()) > 3)
    return [f"{n}x {s}" for s, n in counts.items() if n > most]


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


# Sentence rules (tests/reading_rules.py) read the prose, one paragraph a line.
SENTENCE_RULES = (
    reading.doubled_words,
    reading.count_noun_disagreements,
    reading.unbalanced_brackets,
    reading.nested_brackets,
    reading.no_the,
    reading.empty_comparisons,
    reading.mixed_precision,
)
PAPER_RULES = (repeated_sentences, captions_naming_undrawn_limits, unavailable_columns)


def stumbles(page: str) -> dict[str, list[str]]:
    """Every rule's findings on the page, only the rules that found something."""
    paper = Paper.of(page)
    prose = "\n".join(paper.paragraphs)
    found = {rule.__name__: rule(prose) for rule in SENTENCE_RULES}
    found |= {rule.__name__: rule(paper) for rule in PAPER_RULES}
    return {name: snippets for name, snippets in found.items() if snippets}
