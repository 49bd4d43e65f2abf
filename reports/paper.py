"""A board paper is an ordered list of sections; a variant is one such list (reports/sections).

Each section reads what it needs from the warehouse (`reads` names the tables, so the paper asset
declares them as its dependencies) and builds one part of the paper: the memo header, a numbered
section, the data-quality section or footnotes. The template lays the parts out in that order.
Kept apart from Jinja so tests can check the words and numbers without parsing HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol, TypeVar, cast

import duckdb

from pcp_assets.small_counts import Rounding
from reports import charts, figure_words, phrases
from reports.commentary_loader import Commentary
from reports.figures import BoardFigures, Value
from reports.figures_from_marts import load_figures
from reports.provenance import NO_RUN, Provenance
from reports.tables import left_out, trim
from reports.traces import plain

T = TypeVar("T")
# What a section reads from the warehouse for a force and month: `load(con, force_id, month)`.
Loader = Callable[[duckdb.DuckDBPyConnection, str, date], T]


@dataclass
class MonthWork:
    """What the editions of one month's paper share, done once for them all: what the sections
    load from the warehouse, by loader, and each section's charts (the editions differ in their
    tables' small counts and in restricted commentary, never in a figure or a chart)."""

    loaded: dict[Loader[Any], Any] = field(default_factory=dict)
    charts: dict[str, tuple[charts.Chart, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PaperContext:
    """What every section reads: the warehouse (read-only), whose paper, which month, the
    department's commentary and the caller's settings."""

    con: duckdb.DuckDBPyConnection
    force_id: str
    reporting_month: date
    commentary: Commentary
    peer_forces: tuple[str, ...] = ()
    paper_date: date | None = None
    force_name: str | None = None
    small_count_threshold: int = 5  # the published edition's rounding (pcp_assets/small_counts)
    # The published paper (for circulation outside the force): counts about people rounded and
    # restricted commentary left out (the caller passes `Commentary.unrestricted()` and says how
    # many paragraphs that left out).
    published: bool = False
    provenance: Provenance = NO_RUN
    # Shared by the editions of the same force and month (reports/render.py).
    shared: MonthWork = field(default_factory=MonthWork, compare=False)
    restricted_paragraphs_left_out: int = 0

    @property
    def rounding(self) -> Rounding | None:
        """The published edition's rule for counts about people; None in the board's."""
        return Rounding(self.small_count_threshold) if self.published else None

    def people(self, v: Value) -> str:
        """A count about people or cases, breakdown or total: exact in the board's paper,
        rounded or hidden in the published one (`figure_words.people`)."""
        return figure_words.people(v, self.rounding)

    def loaded(self, load: Loader[T]) -> T:
        """`load(con, force_id, reporting_month)`, done once for the month however many
        sections and editions ask."""
        if load not in self.shared.loaded:
            self.shared.loaded[load] = load(self.con, self.force_id, self.reporting_month)
        return cast(T, self.shared.loaded[load])

    @property
    def figures(self) -> BoardFigures:
        """Raises `ReportingMonthMissing` when the marts hold no row for the month."""
        return self.loaded(load_figures)

    def charts(
        self, section: str, draw: Callable[[], Iterable[charts.Chart | None]]
    ) -> tuple[charts.Chart, ...]:
        """A section's charts, drawn once for the month (`draw` gives None for a chart it has
        no data for)."""
        if section not in self.shared.charts:
            self.shared.charts[section] = tuple(c for c in draw() if c is not None)
        return self.shared.charts[section]

    @property
    def month_label(self) -> str:
        return phrases.month_label(self.reporting_month)

    def header_value(self, field: str) -> Any:
        return self.commentary.header.get(field)


class Part(Protocol):
    """A built part of the paper; `kind` tells the template where it goes."""

    @property
    def kind(self) -> str: ...


class Section(Protocol):
    """One section of a paper variant."""

    @property
    def number(self) -> str:
        """The commentary key ("2.1"), or "" for a part that takes no commentary."""
        ...

    @property
    def title(self) -> str: ...

    @property
    def reads(self) -> tuple[str, ...]:
        """Warehouse tables the section reads ("marts.crime_volume")."""
        ...

    def build(self, context: PaperContext) -> Part | None:
        """The section's part of the paper; None when it has nothing to say."""
        ...


PaperVariant = tuple[Section, ...]


@dataclass(frozen=True)
class Placed:
    """A section's place in one source's paper. A section module lists its places in `PAPERS`;
    reports/sections puts each source's paper together from them, in order of place."""

    paper: str  # the source whose paper it is (pcp_assets/sources: force_extracts, police_uk)
    place: tuple[int, ...]  # (0,) the memo header, (1,) background, (2, 1) section 2.1, ...
    section: Section
    # A fallback holds the place until a module places a section there (reports/plan.py).
    fallback: bool = False


def has_tables(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> bool:
    """Whether the warehouse holds every one of the tables ("marts.deliveries")."""
    found = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema || '.' || table_name in (select unnest(?))",
        [list(tables)],
    ).fetchone()[0]
    return found == len(tables)


def heading_level(number: str) -> int:
    """The HTML heading level of a numbered heading, by its numbering: h2 for "2.0", h3 for a
    theme or section ("3.1", "2.4"), h4 for an objective ("3.1.1"); Word's Heading 1 to 3."""
    return 2 if number.endswith(".0") else number.count(".") + 2


def paragraphs(*texts: str | None) -> tuple[str, ...]:
    """A section's paragraphs without the empty ones (figures left out for short history)."""
    return tuple(t for t in texts if t)


def tables_read(variants: Iterable[PaperVariant]) -> tuple[str, ...]:
    """Every table some section of the variants reads, sorted."""
    return tuple(sorted({table for variant in variants for s in variant for table in s.reads}))


@dataclass(frozen=True)
class Header:
    title: str
    to: str
    from_: str
    date_label: str
    kind: str = "header"


@dataclass(frozen=True)
class NumberedSection:
    number: str  # "2.1"; paragraphs are numbered "<number>.<n>"
    title: str
    paragraphs: tuple[str, ...]
    commentary: tuple[str, ...] = ()
    charts: tuple[charts.Chart, ...] = ()
    lead: str | None = None  # a heading printed above the section ("Priority Updates")
    # Further tables: {"caption": str, "headers": [str], "rows": [[str]]}
    tables: tuple[dict[str, Any], ...] = ()
    kind: str = "update"  # or "background" (section 1.0)
    note: str | None = None  # an unnumbered line after the paragraphs ("no commentary ...")
    # Plan objectives ("3.1.3") are already the third level: their paragraphs carry no numbers.
    numbered_paragraphs: bool = True

    @property
    def number_shown(self) -> str:
        """ "4" is shown "4.0", as the paper numbers its top-level sections."""
        return self.number if "." in self.number else f"{self.number}.0"

    @property
    def level(self) -> int:
        return heading_level(self.number_shown)

    @property
    def numbered(self) -> tuple[tuple[str, str, bool], ...]:
        """(number, text, is_commentary) for every paragraph, computed first."""
        texts = [(t, False) for t in self.paragraphs] + [(t, True) for t in self.commentary]
        return tuple((f"{self.number}.{i}", t, c) for i, (t, c) in enumerate(texts, start=1))


@dataclass(frozen=True)
class Footnotes:
    """Definitions under "How these figures are defined", and the licence attribution."""

    definitions: tuple[str, ...] = ()
    attribution: str | None = None
    kind: str = "footnotes"


APPENDIX_TITLE = "Appendix: where the figures come from"


@dataclass(frozen=True)
class ContentsEntry:
    level: int  # its depth: 2 for "2.0", 3 for "2.1", 4 for "3.1.1"
    anchor: str  # the heading's id in the HTML
    label: str


@dataclass(frozen=True)
class Paper:
    """Everything the template shows, in the variant's order."""

    force_id: str
    reporting_month: date
    parts: tuple[Part, ...]
    # The published edition says what it leaves out, under the memo header.
    edition_note: str | None = None

    @property
    def month_label(self) -> str:
        return phrases.month_label(self.reporting_month)

    def _of(self, kind: str) -> list[Any]:
        return [part for part in self.parts if part.kind == kind]

    @property
    def header(self) -> Header:
        return self._of("header")[0]

    @property
    def background(self) -> NumberedSection:
        return self._of("background")[0]

    @property
    def sections(self) -> tuple[NumberedSection, ...]:
        return tuple(self._of("update"))

    @property
    def body(self) -> tuple[Part, ...]:
        """The numbered sections and the headings between them, in order."""
        return tuple(part for part in self.parts if part.kind in ("update", "heading"))

    @property
    def data_quality(self) -> Any:
        found = self._of("data_quality")
        return found[0] if found else None

    @property
    def appendix(self) -> Any:
        found = self._of("appendix")
        return found[0] if found else None

    @property
    def appendix_title(self) -> str:
        return APPENDIX_TITLE

    @property
    def record_kept(self) -> str | None:
        """The published edition's sentence on where the full record is kept."""
        return next((part.text for part in self._of("record_kept")), None)

    @property
    def has_appendix(self) -> bool:
        """The board's edition ends with the appendix (its provenance, when the warehouse has
        it, and the list of every figure's source); the published edition has none and says
        where the record is kept instead."""
        return self.record_kept is None

    @property
    def contents(self) -> tuple[ContentsEntry, ...]:
        """The contents list: every heading of the paper, in order (the PDF adds page numbers)."""
        entries = [ContentsEntry(2, "section-1.0", f"1.0 {self.background.title}")]
        for part in self.body:
            number = part.number if part.kind == "heading" else part.number_shown
            entries.append(
                ContentsEntry(heading_level(number), f"section-{number}", f"{number} {part.title}")
            )
        if self.data_quality:
            entries.append(ContentsEntry(2, "section-6.0", "6.0 Data quality"))
        entries.append(ContentsEntry(2, "definitions", "How these figures are defined"))
        if self.has_appendix:
            entries.append(ContentsEntry(2, "appendix", APPENDIX_TITLE))
        return tuple(entries)

    @property
    def definitions(self) -> tuple[str, ...]:
        return tuple(text for notes in self._of("footnotes") for text in notes.definitions)

    @property
    def attribution(self) -> str | None:
        return next((n.attribution for n in self._of("footnotes") if n.attribution), None)

    @property
    def all_paragraphs(self) -> str:
        """Every sentence of the paper as a reader sees it, for tests and search."""
        return "\n".join(
            plain(t) for s in (self.background, *self.sections) for _n, t, _c in s.numbered
        )


def _without_its_marts(section: Section, context: PaperContext) -> NumberedSection | None:
    """For a numbered section some of whose marts the warehouse lacks (one not built by this
    version of the pipeline), a section that says so; None when it has them all."""
    marts = tuple(t for t in section.reads if t.startswith("marts."))
    if not section.number or has_tables(context.con, marts):
        return None
    missing = [t for t in marts if not has_tables(context.con, (t,))]
    return NumberedSection(
        section.number.removesuffix(".0"),
        section.title,
        (
            "The figures of this section are not available: the warehouse has no "
            f"{', '.join(missing)} (built by the pipeline's dbt run).",
        ),
        context.commentary.for_section(section.number),
    )


def trimmed(section: NumberedSection) -> NumberedSection:
    """The section with its tables as printed (`reports.tables.trim`), a line for each left out."""
    if not section.tables:
        return section
    kept = [(table, trim(table)) for table in section.tables]
    return replace(
        section,
        paragraphs=section.paragraphs + tuple(left_out(t) for t, found in kept if found is None),
        tables=tuple(found for _t, found in kept if found is not None),
    )


def build_paper(variant: PaperVariant, context: PaperContext) -> Paper:
    context.figures  # noqa: B018  (no paper without the reporting month: fail before any part)
    parts = tuple(
        trimmed(part) if isinstance(part, NumberedSection) else part
        for s in variant
        if (part := _without_its_marts(s, context) or s.build(context)) is not None
    )
    note = edition_note(context) if context.published else None
    return Paper(context.force_id, context.reporting_month, parts, note)


def edition_note(context: PaperContext) -> str:
    """What the published edition leaves out this month, and its disclosure control in a line."""
    rounding = Rounding(context.small_count_threshold)
    left_out = context.restricted_paragraphs_left_out
    commentary = (
        "no commentary was marked restricted this month"
        if not left_out
        else f"{phrases.number_word(left_out)} paragraph{'' if left_out == 1 else 's'} of "
        "commentary marked restricted "
        f"{'is' if left_out == 1 else 'are'} left out"
    )
    return (
        f"Published edition: {commentary}. Every count of people or cases is rounded on its own "
        f"to the nearest {rounding.threshold} and counts below {rounding.hidden_below} are shown "
        f"as “{rounding.hidden_label}”, so figures may not add up; charts of small monthly counts "
        "are left out."
    )


def commentary_sections(variant: PaperVariant) -> dict[str, str]:
    """The sections a commentary file may address: {number: title}."""
    return {s.number: s.title for s in variant if s.number}
