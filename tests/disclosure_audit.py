"""An attack on a paper edition's counts about people, as a reader with a pencil would make it.

The auditor reads the figures an edition prints (tables by caption and row, sentences by their
words), writes what it knows of them as integer linear constraints, and with an integer linear
program (scipy's `milp`) finds the narrowest range each protected count can take: a count from 1
to threshold - 1, whether printed or hidden inside a difference (the earlier months of an
operation's "since" figure, the DVPNs refused between two stages of the funnel, the highest-harm
offenders outside the IOM cohort).

What a printed figure tells the reader is a `Reading` of the edition's rule: the published rule
(docs/personal-data.md: "<10" is 0 to 9, "1,235" is 1,233 to 1,237) or, for the old published
edition and the board's, the exact figure ("<5" is 1 to 4). The protected counts and their true
values come from the board's edition of the same month, never from the code under test.

The unknowns are "atoms", counts that do not overlap, each at least 0; a printed figure is a sum
of atoms. Relations are the ones the paper states or a reader can infer: a table's total is the
sum of its rows, a later stage of the DVPN funnel is at most the one before, an operation's
figure since it began is at least its 12 month figure, which is at least the month's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from tests.paper_html import readable, visible_text

Interval = tuple[int, int]
UNBOUNDED = 10**7


def _number(text: str) -> int | None:
    found = re.fullmatch(r"\s*(\d[\d,]*)\s*", text)
    return int(found.group(1).replace(",", "")) if found else None


@dataclass(frozen=True)
class Reading:
    """What a printed count tells a reader who knows the edition's rule; None: nothing (a rate,
    "not available")."""

    interval: Callable[[str], Interval | None]


def published_reading(threshold: int = 5) -> Reading:
    """Rounded to the nearest multiple of `threshold` (halves up); under twice it, hidden."""

    def interval(text: str) -> Interval | None:
        if text.strip() == f"<{2 * threshold}":
            return (0, 2 * threshold - 1)
        n = _number(text)
        if n is None:
            return None
        return (max(n - (threshold - 1) // 2 - (threshold % 2 == 0), 0), n + (threshold - 1) // 2)

    return Reading(interval)


def exact_reading(threshold: int = 5) -> Reading:
    """The board's figures, and the old published edition's ("<5" for 1 to 4, the rest exact)."""

    def interval(text: str) -> Interval | None:
        if text.strip() == f"<{threshold}":
            return (1, threshold - 1)
        n = _number(text)
        return None if n is None else (n, n)

    return Reading(interval)


@dataclass(frozen=True)
class Narrowest:
    atom: str
    true: int
    low: int
    high: int

    @property
    def values(self) -> int:
        return self.high - self.low + 1


Terms = dict[str, int]  # atom -> coefficient


@dataclass
class Audit:
    """Atoms with their true values, and what the reader knows of sums of them."""

    reading: Reading
    truth: dict[str, int] = field(default_factory=dict)
    figures: list[tuple[Terms, Interval, str]] = field(default_factory=list)

    def atom(self, name: str, true: int) -> str:
        assert true >= 0, (name, true)
        self.truth[name] = true
        return name

    def printed(self, atoms: Iterable[str], text: str, where: str) -> None:
        """The figure printed as `text` is the sum of `atoms`."""
        found = self.reading.interval(text)
        if found is not None:
            self.figures.append(({a: 1 for a in atoms}, found, f"{where}: {text}"))

    def stated(self, atoms: Iterable[str], low: int, high: int, where: str) -> None:
        """The paper says in words that the sum of `atoms` lies from `low` to `high`."""
        self.figures.append(({a: 1 for a in atoms}, (low, high), where))

    def at_least(self, big: Iterable[str], small: Iterable[str], where: str) -> None:
        """The sum of `big` is at least the sum of `small` (a later stage, a shorter window)."""
        terms: Terms = {}
        for a in big:
            terms[a] = terms.get(a, 0) + 1
        for a in small:
            terms[a] = terms.get(a, 0) - 1
        self.figures.append((terms, (0, UNBOUNDED), where))

    def check_truth(self) -> None:
        """Every figure holds for the true values (else the auditor misread the paper)."""
        for terms, (low, high), where in self.figures:
            total = sum(self.truth[a] * k for a, k in terms.items())
            assert low <= total <= high, (where, total)

    def narrowest(self, threshold: int) -> list[Narrowest]:
        """The range each protected atom (true value 1 to threshold - 1) can take."""
        self.check_truth()
        names = list(self.truth)
        index = {name: i for i, name in enumerate(names)}
        rows = np.zeros((len(self.figures), len(names)))
        lows, highs = [], []
        for r, (terms, (low, high), _where) in enumerate(self.figures):
            for a, k in terms.items():
                rows[r, index[a]] += k
            lows.append(low)
            highs.append(high)
        constraints = LinearConstraint(rows, lows, highs)
        bounds = Bounds(np.zeros(len(names)), np.full(len(names), UNBOUNDED))
        found = []
        for name in names:
            if not 0 < self.truth[name] < threshold:
                continue
            ends = []
            for sign in (1, -1):
                c = np.zeros(len(names))
                c[index[name]] = sign
                result = milp(
                    c, constraints=constraints, bounds=bounds, integrality=np.ones(len(names))
                )
                assert result.success, (name, result.message)
                ends.append(round(sign * result.fun))
            found.append(Narrowest(name, self.truth[name], ends[0], ends[1]))
        return found


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: dict[str, tuple[str, ...]]  # row label -> its cells


def tables(page: str) -> dict[str, Table]:
    """Every table of the page by its caption, cells as a reader reads them."""
    found = {}
    for body in re.findall(r"<table\b.*?</table>", readable(page), re.S):
        caption = re.search(r"<caption>(.*?)</caption>", body, re.S)
        if caption is None:
            continue
        headers = tuple(re.findall(r'<th scope="col">(.*?)</th>', body, re.S))
        rows = {}
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.S):
            cells = [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            if cells and 'scope="col"' not in row:
                rows[cells[0]] = tuple(cells[1:])
        found[caption.group(1).strip()] = Table(caption.group(1).strip(), headers, rows)
    return found


def table_starting(page_tables: dict[str, Table], start: str) -> Table | None:
    return next((t for c, t in page_tables.items() if c.startswith(start)), None)


def text_of(page: str) -> str:
    """The page's words before the appendix (which repeats the figures it traces)."""
    return visible_text(page.split('id="appendix"')[0])
