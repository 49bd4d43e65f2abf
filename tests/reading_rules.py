"""Reading rules over a paper's text: pure functions, each returning the snippets that break it
(an empty list when the text reads cleanly), for the reading test over whole papers and for the
unit tests of the sentence builders. The text is the paper as a reader sees it (marks removed,
one paragraph a line)."""

from __future__ import annotations

import re

MINUS = "\u2212"
_CONTEXT = 30  # characters either side of a finding

_DOUBLED = re.compile(r"\b([A-Za-z]+)[ \t]+\1\b", re.IGNORECASE)  # within a paragraph (a line)
# a count of one with a plural noun ("1 offences", "1 people"); not "1.0 points", "£1 ..."
_ONE = re.compile(rf"(?<![\d.,£+{MINUS}-])\b1 ([a-z]+)\b")
_NOT_PLURAL = re.compile(r"(ss|us|is|ys)$")
_IRREGULAR_PLURALS = {"people", "children", "men", "women"}
_VERBS = {"does", "goes", "remains", "needs", "means", "stays"}  # "1 remains outstanding"
_SPANS = {"months", "years", "days", "weeks", "hours"}  # "the 12 months has": one period
# a count other than one with "person" ("5 person"), or a plural noun and a singular verb
_PERSON = re.compile(r"(?<![\d.,])\b(\d[\d,]*) (person)\b")
_PLURAL_WAS = re.compile(
    r"(?<![\d.,])(?<!outcome )(?<!type )\b(\d[\d,]*) ([a-z]+s) (was|has)\b"
)  # not a label: "outcome 16 disposals was the highest"
# "it"/"they" standing for a count: "the highest it has been"
_IT_FOR_A_COUNT = re.compile(r"\b(highest|lowest) (it|they) (has|have) been\b")
_NO_THE = re.compile(r"\bno the\b", re.IGNORECASE)
# a change that rounds to zero printed as a figure: "0 points", "0%", "+0.0%", "+0"; a rate
# of "0.0%" is a level, not a change, and reads as it is
_EMPTY_CHANGE = re.compile(
    rf"(?<![\d.,])[+{MINUS}]?0(?:\.0)? points?\b"
    rf"|(?<![\d.,])(?:[+{MINUS}]0(?:\.0)?%|0%)"
    rf"|(?<![\w.,])[+{MINUS}]0\b(?![.,]\d)"
)
_PERCENT = re.compile(rf"[+{MINUS}]?\d[\d,]*(\.\d+)?(%| points?\b)")
_PAIRS = {")": "(", "]": "["}


def _around(text: str, start: int, end: int) -> str:
    return text[max(0, start - _CONTEXT) : end + _CONTEXT].strip()


def doubled_words(text: str) -> list[str]:
    """ "booked in in the 12 months": a word printed twice in a row (any case)."""
    return [_around(text, m.start(), m.end()) for m in _DOUBLED.finditer(text)]


def count_noun_disagreements(text: str) -> list[str]:
    """A count whose noun or verb disagrees with it ("1 offences", "5 person", "25 suspects
    was"), or "it"/"they" standing for a count ("the highest it has been")."""
    found = []
    for m in _ONE.finditer(text):
        noun = m.group(1)
        plural = noun in _IRREGULAR_PLURALS or (
            noun.endswith("s")
            and len(noun) > 3
            and noun not in _VERBS
            and not _NOT_PLURAL.search(noun)
        )
        if plural:
            found.append(_around(text, m.start(), m.end()))
    for pattern in (_PERSON, _PLURAL_WAS):
        for m in pattern.finditer(text):
            if m.group(1) != "1" and m.group(2) not in _SPANS:
                found.append(_around(text, m.start(), m.end()))
    found += [_around(text, m.start(), m.end()) for m in _IT_FOR_A_COUNT.finditer(text)]
    return found


def unbalanced_brackets(text: str) -> list[str]:
    """A closing bracket with no opening one, or an opening one never closed (round and
    square brackets), each with the text around it."""
    found, open_at = [], []
    for i, ch in enumerate(text):
        if ch in "([":
            open_at.append((ch, i))
        elif ch in _PAIRS:
            if open_at and open_at[-1][0] == _PAIRS[ch]:
                open_at.pop()
            else:
                found.append(_around(text, i, i + 1))
    found += [_around(text, i, i + 1) for _ch, i in open_at]
    return found


def nested_brackets(text: str) -> list[str]:
    """A bracket opened inside another ("(nationally 21.0%, ...; source: ... (as quoted))"):
    each outermost bracket that holds one."""
    found, depth, start, nested = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start, nested = i, False
            else:
                nested = True
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and nested:
                found.append(text[start : i + 1])
    return found


def no_the(text: str) -> list[str]:
    """ "The files hold no the Integrated Offender Management cohort"."""
    return [_around(text, m.start(), m.end()) for m in _NO_THE.finditer(text)]


def empty_comparisons(text: str) -> list[str]:
    """A change that rounds to zero printed as a figure ("0 points", "0%", "+0"): the paper
    says "no change"."""
    return [_around(text, m.start(), m.end()) for m in _EMPTY_CHANGE.finditer(text)]


def mixed_precision(text: str) -> list[str]:
    """Paragraphs (lines) that print percentages or points at different precisions ("-22%"
    beside "-10.1%", "by 13% on average" after "by 4.7%"): every one is given to one decimal
    place."""
    found = []
    for paragraph in text.splitlines():
        decimals = {len(m.group(1) or "") for m in _PERCENT.finditer(paragraph)}
        if len(decimals) > 1:
            found.append(paragraph.strip())
    return found
