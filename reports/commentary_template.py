"""The month's commentary template: the file a department fills in, with the paper's own figures,
signals and drivers under each heading, so that commentary on causes is written against the right
numbers.

Written beside the board paper (`board_paper_commentary.md`) at every rendering. It is a commentary
file as reports/commentary_loader.py reads it: copied to `<commentary_dir>/<force>/<YYYY-MM>.md`
with text written under the headings, it is the month's commentary. The figures are in Markdown
comments (`<!-- ... -->`), which the loader skips, so they never print as commentary.
"""

from __future__ import annotations

from reports.paper import NumberedSection, Paper
from reports.traces import plain

TEMPLATE_STEM = "board_paper_commentary"


def _comment(lines: list[str]) -> str:
    # "--" cannot appear inside an HTML comment; the paper's text has none but a dash pair
    return "<!--\n" + "\n".join(line.replace("--", "- -") for line in lines) + "\n-->"


def _section(section: NumberedSection, month: str) -> str:
    said = [f"- {plain(paragraph)}" for paragraph in section.paragraphs]
    facts = (
        [f"What the paper says for {month} (figures, signals and what drove them):", *said]
        if said
        else [f"The paper computes no figure for this section for {month}."]
    )
    return f"## {section.number} {section.title}\n\n{_comment(facts)}\n"


def commentary_template(paper: Paper, sections: dict[str, str]) -> str:
    """The template for the paper's month: a heading per section a commentary file may address
    (`sections`, number -> title), each with what the board edition says there."""
    month = paper.month_label
    header = _comment(
        [
            f"Commentary for {month} ({paper.force_id}). Write each section's update under its "
            "heading, in words: every figure is computed. Put `restricted: true` on the line "
            "under a heading to keep that section out of the published edition. A section left "
            "empty prints that no update was provided.",
        ]
    )
    shown = {section.number: section for section in paper.sections}
    blocks = [
        _section(shown[number], month) if number in shown else f"## {number} {title}\n"
        for number, title in sections.items()
    ]
    return "\n".join([header + "\n", *blocks])
