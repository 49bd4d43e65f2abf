"""The board paper for a force loaded from data.police.uk: the shared figures and wording where the
source supports them, plainly "not supported" where it does not (docs/police-uk.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb

from reports import comparison, paragraphs, phrases
from reports import police_uk as source
from reports.commentary_loader import load_commentary
from reports.context import (
    FROM,
    TO,
    PaperContext,
    Section,
    _as_date,
    _definitions,
    headline_charts,
    load_data_quality,
)
from reports.figures import BoardFigures

SECTIONS = {
    "1.0": "Background",
    "2.1": "Performance Headlines",
    "2.2": "Outcomes by Crime Type",
    "2.3": "Robbery and Possession of Weapons",
    "2.4": "National and Peer Comparison",
    "2.5": "What the Published Data Holds",
}


def _background(month: str, caps: source.SourceCapabilities) -> tuple[str, ...]:
    return (
        "The purpose of this paper is to give the Business Coordination Board (“the Board”) the "
        "performance picture of the Offenders pillar of the Police and Crime Plan (PCP) from "
        f"{caps.description}.",
        f"It reviews performance up to the end of {month}. It shows what the published data "
        "supports: recorded crime by crime type, its trends, and the outcome mix and rates on "
        "the nearest Home Office outcome groups.",
        source.unsupported_paragraph(caps),
    )


def _robbery_and_weapons(f: BoardFigures) -> tuple[str, ...]:
    t, s = paragraphs.texts(f), f.street_violence
    weapons = paragraphs._volume_change(
        "possession of weapons offences",
        s.weapons,
        "have",
        f"over the 12 months to {t.month}",
        f"{paragraphs.count(s.weapons.r12)} offences",
    )
    return (paragraphs.robbery(f), phrases.sentence(weapons))


def build_context(
    con: duckdb.DuckDBPyConnection,
    figures: BoardFigures,
    commentary_dir: Path,
    paper_date: date | None,
    peer_forces: tuple[str, ...],
    force_name: str | None,
) -> PaperContext:
    caps = source.POLICE_UK
    f = source.without_unknown_type(figures)
    m, force_id = f.reporting_month, f.force_id
    commentary = load_commentary(commentary_dir, force_id, m, SECTIONS)
    header = commentary.header
    name = force_name or header.get("force_name") or force_id.replace("-", " ").title()
    month = phrases.month_label(m)
    mix = source.outcome_mix(con, force_id, m)
    national = comparison.national_comparison(con, force_id, m, peer_forces)

    def section(number: str, texts: tuple[str, ...], **extra: object) -> Section:
        return Section(
            number=number,
            title=SECTIONS[number],
            paragraphs=texts,
            commentary=commentary.for_section(number),
            **extra,  # type: ignore[arg-type]
        )

    sections = (
        section(
            "2.1",
            (
                paragraphs.all_crime_trend(f),
                paragraphs.offence_groups(f),
                source.anti_social_behaviour(con, force_id, m),
                paragraphs.pp_rate_all_crime(f),
            ),
            charts=headline_charts(f, " (nearest outcome group)"),
            table=tuple(paragraphs.offence_group_table(f)),
        ),
        section(
            "2.2",
            (source.outcome_mix_paragraph(mix, m, f.all_crime.r12.reason),),
            tables=(source.outcome_mix_table(mix),) if mix[-1].outcomes_r12 is not None else (),
        ),
        section("2.3", _robbery_and_weapons(f)),
        section(
            "2.4",
            (national.statement,),
            tables=(comparison.comparison_table(national),) if national.available else (),
        ),
        section(
            "2.5",
            (
                "The published files are used as they are: their quirks are counted below, none "
                "is dropped unseen and none stops the run.",
            ),
            tables=(source.quirks_table(con, force_id, m),),
        ),
    )
    window, pp, _o16, rules, missing = _definitions(f)
    ons = source.ONS_SOURCE if national.available else ""
    return PaperContext(
        force_id=force_id,
        force_name=name,
        reporting_month=m,
        month_label=month,
        title=f"Police & Crime Plan – performance from published data – {name}",  # noqa: RUF001
        to=str(header.get("to") or TO),
        from_=str(header.get("from") or FROM),
        date_label=phrases.day_label(_as_date(header.get("date")) or paper_date or date.today()),
        background=Section("1", SECTIONS["1.0"], _background(month, caps)),
        sections=sections,
        definitions=(
            window.replace("Crimes are counted by recorded date.", ""),
            source.force_figures_note(f),
            pp,
            rules,
            missing,
        ),
        figures=replace(figures),
        commentary=commentary,
        data_quality=load_data_quality(con, force_id, m),
        attribution=source.OGL_ATTRIBUTION.format(ons=ons),
    )
