"""The PDF layout check (tests/pdf_layout.py) fires on pages made to break, one fault each, and
finds nothing in the same pages laid out well."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from tests.pdf_layout import layout_faults

# An A4 page with a running header and footer; a content area 257 mm high, lines 14 pt.
PAGE = """@page { size: A4; margin: 20mm 16mm;
  @top-center { content: "OFFICIAL" }
  @bottom-right { content: "Page " counter(page) " of " counter(pages) } }
body { font: 10pt/14pt Arial, sans-serif; margin: 0 }
p, h3, figure { margin: 0 }
h3 { font-size: 12pt; line-height: 14pt }
.spacer { height: %(spacer)smm }
.block { break-inside: avoid; height: 40mm }
"""
WORDS = "<p>" + "The section's words run on for a while here. " * 10 + "</p>"
CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="300pt" viewBox="0 0 200 300">'
    '<rect x="10" y="10" width="180" height="280" fill="#def" stroke="black"/>'
    '<path d="M10 150 L190 40" stroke="blue" fill="none"/></svg>'
)
LEGEND = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="60pt" viewBox="0 0 200 60">'
    '<path d="M10 50 L190 10" stroke="blue" fill="none"/>'
    '<text x="%s" y="20" font-size="8" font-family="Arial">Difference from the usual for the '
    "month</text></svg>"
)
TABLE = (
    "<table style='font-size:9pt'><caption style='font-size:8.5pt'>Custody by suite</caption>"
    "<thead><tr><th>Suite</th><th>Bookings</th></tr></thead><tbody>"
    "<tr style='break-inside:avoid'><td style='height:30mm'>Fenmoor</td><td>274</td></tr>"
    "</tbody></table>"
)


def _pdf(body: str, spacer: float, style: str = "") -> bytes:
    """`body` under a blank `spacer` mm high, so that it meets the page's foot."""
    css = PAGE % {"spacer": spacer} + style
    return HTML(string=f"<style>{css}</style><div class=spacer></div>{body}{WORDS}").write_pdf()


# (what is broken, body, spacer in mm, the rule that breaks it, the fault found)
BROKEN = [
    (
        "a heading left at the foot",
        "<h3>2.3 Serious Street Based Violence</h3><div class=block>" + WORDS + "</div>",
        250,
        "h3 { break-after: auto }",
        "page 1 to 2: a heading last on its page: '2.3 Serious Street Based Violence'",
    ),
    (
        "a chart split by the page break",
        "<div style='display:grid;grid-template-columns:1fr 1fr'>" + WORDS + "<figure>"
        f"{CHART}<figcaption>Proactive operations: cash seized by month</figcaption></figure>"
        "</div>",
        150,
        "figure { break-inside: auto }",
        "page 2: a drawing runs past the content area",
    ),
    (
        "a chart's caption carried over without it",
        "<figure><div style='height:100pt;background:#cde'></div><figcaption "
        "style='font-size:8pt;margin-top:12mm'>Proactive operations: cash seized by month"
        "</figcaption></figure>",
        257 - 100 * 25.4 / 72 - 8,
        "figure { break-inside: auto }",
        "page 1 to 2: a caption first on its page, its figure on the page before: "
        "'Proactive operations: cash seized by month'",
    ),
    (
        "a table's caption left at the foot",
        TABLE,
        257 - 12,
        "caption { break-after: auto }",
        "page 1 to 2: a table's caption last on its page: 'Custody by suite'",
    ),
    (
        "a table's header row left at the foot, repeated over its rows on the next page",
        "<div style='font:bold 9pt Arial'>Suite Bookings</div><div class=block>"
        "<div style='font:bold 9pt Arial'>Suite Bookings</div>" + WORDS + "</div>",
        257 - 6,
        "",
        "page 1 to 2: a table's header row with no row under it: 'Suite Bookings'",
    ),
    (
        "a chart's legend wider than the chart, cut off",
        "<div style='text-align:right'>" + LEGEND % 120 + "</div>",
        100,
        "",
        "page 1: text past the content area: 'usual for the month'",
    ),
    (
        "one word at the foot",
        "<p>2.3.3 Possession<br>of weapons offences have increased over the 12 months.</p>",
        251,
        "p { orphans: 1; widows: 1 }",
        "page 1 to 2: one word at the foot of the page: '2.3.3 Possession'",
    ),
    (
        "one word at the head",
        "<p>Possession of weapons offences have increased over the 12 months to October "
        "and<br>again.</p>",
        251,
        "p { orphans: 1; widows: 1 }",
        "page 1 to 2: one word at the head of the page: 'again.'",
    ),
]


@pytest.mark.parametrize(
    ("body", "spacer", "rule", "fault"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_each_fault_is_found(body: str, spacer: float, rule: str, fault: str) -> None:
    faults = layout_faults(_pdf(body, spacer, rule))
    assert len(faults) == 1 and faults[0].startswith(fault), faults


def test_the_same_pages_laid_out_well_have_no_fault() -> None:
    """The first cases under the print rules of the paper: headings kept with what follows,
    figures and paragraphs' first and last lines kept whole."""
    kept = "h3, caption { break-after: avoid } figure { break-inside: avoid }"
    for _what, body, spacer, _rule, _fault in BROKEN[:4]:
        assert layout_faults(_pdf(body, spacer, kept)) == [], body[:40]
    legend = "<div style='text-align:right'>" + LEGEND % 10 + "</div>"
    assert layout_faults(_pdf(legend, 100)) == []
    for _what, body, spacer, _rule, _fault in BROKEN[6:]:
        well = body.replace("<br>", " ")
        assert layout_faults(_pdf(well, spacer)) == [], body[:40]
