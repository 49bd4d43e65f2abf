"""Everything the template shows, as plain data: figures -> paragraphs, charts and commentary.

Kept apart from Jinja so tests can check the words and numbers without parsing HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from reports import charts, paragraphs, phrases, police_uk
from reports.commentary_loader import Commentary, load_commentary
from reports.data_quality import DataQuality, load_data_quality
from reports.figures import BoardFigures, add_months, load_figures

DEFAULT_COMMENTARY_DIR = Path(__file__).resolve().parent / "commentary"
TO = "Business Coordination Board"
FROM = "Chief Constable"


@dataclass(frozen=True)
class Section:
    number: str  # "2.1"; paragraphs are numbered "<number>.<n>"
    title: str
    paragraphs: tuple[str, ...]
    commentary: tuple[str, ...] = ()
    charts: tuple[charts.Chart, ...] = ()
    table: tuple[dict[str, str], ...] = ()
    lead: str | None = None  # a heading printed above the section ("Priority Updates")
    # Further tables: {"caption": str, "headers": [str], "rows": [[str]]} (reports/police_uk.py)
    tables: tuple[dict[str, Any], ...] = ()

    @property
    def numbered(self) -> tuple[tuple[str, str, bool], ...]:
        """(number, text, is_commentary) for every paragraph, computed first."""
        texts = [(t, False) for t in self.paragraphs] + [(t, True) for t in self.commentary]
        return tuple((f"{self.number}.{i}", t, c) for i, (t, c) in enumerate(texts, start=1))


@dataclass(frozen=True)
class PaperContext:
    force_id: str
    force_name: str
    reporting_month: date
    month_label: str
    title: str
    to: str
    from_: str
    date_label: str
    background: Section
    sections: tuple[Section, ...]
    definitions: tuple[str, ...]
    figures: BoardFigures
    commentary: Commentary = field(default_factory=Commentary)
    data_quality: DataQuality | None = None  # section 3.0; None without raw bookkeeping
    # Open Government Licence attribution, for published sources (data.police.uk, ONS)
    attribution: str | None = None

    @property
    def all_paragraphs(self) -> str:
        """Every sentence of the paper, for tests and search."""
        return "\n".join(t for s in (self.background, *self.sections) for _n, t, _c in s.numbered)


SECTIONS = {
    "1.0": "Background",
    "2.1": "Performance Headlines and Department Updates",
    "2.2": "Dwelling Burglary",
    "2.3": "Serious Street Based Violence",
}


def build_context(
    con: duckdb.DuckDBPyConnection,
    force_id: str,
    reporting_month: date,
    force_name: str | None = None,
    commentary_dir: Path = DEFAULT_COMMENTARY_DIR,
    paper_date: date | None = None,
    peer_forces: tuple[str, ...] = (),
) -> PaperContext:
    figures = load_figures(con, force_id, reporting_month)
    if police_uk.detect_source(con, force_id).is_police_uk:
        # what data.police.uk supports, and plainly what it does not (docs/police-uk.md)
        return police_uk_paper.build_context(
            con, figures, commentary_dir, paper_date, peer_forces, force_name
        )
    commentary = load_commentary(commentary_dir, force_id, reporting_month, SECTIONS)
    header = commentary.header
    name = force_name or header.get("force_name") or force_id.replace("_", " ").title()
    month = phrases.month_label(reporting_month)
    paper_day = _as_date(header.get("date")) or paper_date or date.today()

    def section(number: str, **extra: Any) -> Section:
        return Section(
            number=number,
            title=SECTIONS[number],
            paragraphs=tuple(paragraphs.section_paragraphs(figures, number)),
            commentary=commentary.for_section(number),
            **extra,
        )

    return PaperContext(
        force_id=force_id,
        force_name=name,
        reporting_month=reporting_month,
        month_label=month,
        title=f"Police & Crime Plan – update on performance and offenders theme – {name}",  # noqa: RUF001
        to=str(header.get("to") or TO),
        from_=str(header.get("from") or FROM),
        date_label=phrases.day_label(paper_day),
        background=Section(
            "1",
            SECTIONS["1.0"],
            _background(month, _as_date(header.get("meeting_date"))),
            commentary.for_section("1.0"),
        ),
        sections=(
            section(
                "2.1",
                charts=_charts_21(figures),
                table=tuple(paragraphs.offence_group_table(figures)),
            ),
            section("2.2", charts=_charts_22(figures), lead="Priority Updates"),
            section("2.3", charts=_charts_23(figures)),
        ),
        definitions=_definitions(figures),
        figures=figures,
        commentary=commentary,
        data_quality=load_data_quality(con, force_id, reporting_month),
    )


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _background(month: str, meeting: date | None) -> tuple[str, ...]:
    held = f" was held on {phrases.day_label(meeting)} and" if meeting else ""
    return (
        "The purpose of this paper is to provide an update to the Business Coordination Board "
        "(“the Board”) on the actions taken against the Offenders pillar of the Police and Crime "
        "Plan (PCP).",
        f"The most recent Operational Performance Meeting{held} reviewed performance up to the end "
        f"of {month}. This report reflects the updates provided to that meeting.",
        "This report first gives an overall review of performance and then updates on the "
        "priorities. This month’s priority areas were Dwelling Burglary and Serious "  # noqa: RUF001
        "Street Based Violence under the PCC’s Offenders theme.",  # noqa: RUF001
    )


def headline_charts(f: BoardFigures, outcome_basis: str = "") -> tuple[charts.Chart, ...]:
    """All recorded crime and the prosecution possible outcome rate: the first charts of 2.1,
    whatever the source; `outcome_basis` qualifies the rate (e.g. nearest outcome group)."""
    s = f.series
    made = (
        charts.bar_line_chart(
            "all-crime",
            "All recorded crime: monthly count and rolling 12 month total",
            ("Crimes in month", s.all_crime_month),
            ("Rolling 12 months", s.all_crime_r12),
        ),
        charts.rate_chart(
            "pp-rate",
            f"Prosecution possible outcome rate{outcome_basis}, all crime, rolling 12 months",
            {"In-period basis": s.pp_rate_in_period, "Cohort basis": s.pp_rate_cohort},
        ),
    )
    return tuple(c for c in made if c)


def _charts_21(f: BoardFigures) -> tuple[charts.Chart, ...]:
    outcome16 = charts.rate_chart(
        "o16-share",
        "Outcome 16 share of outcomes, rolling 12 months",
        {"Domestic abuse": f.series.o16_share_da, "All crime": f.series.o16_share},
    )
    return headline_charts(f) + ((outcome16,) if outcome16 else ())


def _charts_22(f: BoardFigures) -> tuple[charts.Chart, ...]:
    made = charts.minutes_chart(
        "burglary-response",
        "Median attendance time, prompt graded dwelling burglary, by month",
        {"Median minutes": f.series.burglary_prompt_median},
    )
    return (made,) if made else ()


def _charts_23(f: BoardFigures) -> tuple[charts.Chart, ...]:
    made = (
        charts.line_chart(
            "robbery",
            "Robbery: recorded offences by month",
            {"Robbery": f.series.robbery_month},
            phrases.format_count,
            "Offences",
        ),
        charts.line_chart(
            "vwi",
            "Violence with injury: rolling 12 month total",
            {"Violence with injury": f.series.vwi_r12},
            phrases.format_count,
            "Rolling 12 months",
        ),
    )
    return tuple(c for c in made if c)


def _definitions(f: BoardFigures) -> tuple[str, ...]:
    m = f.reporting_month
    window = (
        f"“12 months to {phrases.month_label(m)}” means {phrases.month_label(add_months(m, -11))} "
        f"to {phrases.month_label(m)} inclusive (rolling 12 months, R12); changes compare it with "
        f"the 12 months to {phrases.month_label(add_months(m, -12))}. The discrete month is "
        f"{phrases.month_label(m)} alone. Crimes are counted by recorded date."
    )
    pp_types = (
        f" (outcome types {phrases.join_words(list(f.prosecution_possible_types))})"
        if f.prosecution_possible_types
        else ""
    )
    pp = (
        "Prosecution possible outcome rate: the headline uses the in-period basis, prosecution "
        f"possible outcomes{pp_types} dated in the 12 months divided by crimes recorded in them. "
        "The cohort basis (Home Office method) is the share of crimes recorded in the 12 months "
        "that had a prosecution possible outcome by the end of the month; recent months are "
        "understated."
    )
    o16 = (
        "Outcome 16 share: outcome 16 outcomes as a share of all outcomes assigned in the 12 "
        "months (pending excluded). Response time: median minutes from call to arrival for "
        "attended incidents graded prompt and linked to a residential burglary."
    )
    missing = (
        "A month with no data is missing, not zero: any figure whose window includes it is shown "
        "as “not available” with the missing months."
    )
    return (window, pp, o16, phrases.RULES, missing)


from reports import police_uk_paper  # noqa: E402  (builds on this module)
