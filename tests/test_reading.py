"""The paper read as its board reads it, over a history as it grows: a force's papers after 4, 13
and 36 months of deliveries (each month's run done in turn, as the force would, so no paper sees
a later month), both editions, against the rules of tests/paper_reading.py. The data.police.uk
paper is read the same way in tests/test_police_uk.py.

Each rule is first shown firing on a sentence that breaks it, so a clean paper means the rule
looked and found nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from orchestration.cli import main
from pcp_assets.settings import Settings
from tests import paper_reading as rules
from tests.conftest import FRESHNESS_DAY, isolate
from tests.pdf_layout import layout_faults

pytestmark = pytest.mark.minutes(8)

# month of the paper: months of history it has (the generated history starts November 2023)
PAPERS = {"2024-02": 4, "2024-11": 13, "2026-10": 36}
EDITIONS = ("board_paper", "board_paper_published")


def _page(*paragraphs: str, extra: str = "") -> str:
    return "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + extra + "</body></html>"


def test_sentences_said_more_than_twice_are_found() -> None:
    said = "These figures need the force's own extracts. "
    assert rules.repeated_sentences(rules.Paper.of(_page(said * 3)))
    assert not rules.repeated_sentences(rules.Paper.of(_page(said * 2)))


@pytest.mark.parametrize(
    ("rule", "broken"),
    [
        ("doubled_words", "12 people were booked in in October."),
        ("unbalanced_brackets", "94.8% (of 13,089 eligible."),
        ("no_the", "The files hold no the IOM cohort."),
        ("count_noun_disagreements", "1 offences were recorded."),
        ("empty_comparisons", "Little change in the South (0 points)."),
    ],
)
def test_the_paper_is_read_by_every_sentence_rule(rule: str, broken: str) -> None:
    """The sentence rules themselves are tested in tests/test_reading_rules.py; here, that a
    paper's prose reaches them."""
    assert rule in rules.stumbles(_page("October was a month like others.", broken))
    assert rules.stumbles(_page("October was a month like others.")) == {}


def test_a_heading_and_the_paragraph_under_it_are_not_one_sentence() -> None:
    """ "2.4 Rape" then "Rape offences ...": a word ending one paragraph and starting the next is
    not said twice."""
    page = "<html><body><h3>2.4 Rape</h3><p>Rape offences rose in October.</p></body></html>"
    assert rules.stumbles(page) == {}


def test_a_caption_naming_limits_needs_them_drawn() -> None:
    def figure(caption: str, legend: str) -> str:
        return (
            f"<figure><svg><g><text>{legend}</text></g></svg>"
            f"<figcaption>{caption}</figcaption></figure>"
        )

    undrawn = _page(extra=figure("Burglary by month, against its process limits", "Average"))
    drawn = _page(extra=figure("Burglary by month, against its process limits", "Normal variation"))
    assert rules.captions_naming_undrawn_limits(rules.Paper.of(undrawn))
    assert not rules.captions_naming_undrawn_limits(rules.Paper.of(drawn))


def test_a_column_of_nothing_but_not_available_is_found() -> None:
    table = (
        "<table><thead><tr><th>Area</th><th>Month</th><th>12 months</th></tr></thead><tbody>"
        "<tr><th>North</th><td>12</td><td>not available (needs 12 months)</td></tr>"
        "<tr><th>South</th><td>9</td><td>not available</td></tr></tbody></table>"
    )
    assert rules.unavailable_columns(rules.Paper.of(_page(extra=table))) == ["12 months"]
    whole = table.replace("<td>not available</td>", "<td>104</td>")
    assert not rules.unavailable_columns(rules.Paper.of(_page(extra=whole)))


@pytest.fixture(scope="module")
def growing_history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """36 months landed (November 2023 to October 2026), run month by month as they would have
    been: February 2024 (4 months loaded), November 2024 (13), October 2026 (36). Freshness is
    judged on a day after October 2026's files were due, so the earlier months arrive as a
    backfill would."""
    from pcp_assets.sources.force_extracts.synthetic import generate

    root = tmp_path_factory.mktemp("reading")
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, root)
        patch.setenv("PCP_TODAY", FRESHNESS_DAY)
        settings = Settings.from_env()
        generate(
            settings.landing_dir,
            end_month="2026-10",
            months=36,
            commentary_dir=settings.commentary_dir,
        )
        for month in PAPERS:
            assert main(["run", "--month", month]) == 0, month
        yield settings


def _page_of(settings: Settings, month: str, edition: str) -> str:
    path = settings.reports_dir / settings.force_id / month / f"{edition}.html"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("month", list(PAPERS))
def test_the_paper_reads_without_stumbling(
    growing_history: Settings, month: str, edition: str
) -> None:
    assert rules.stumbles(_page_of(growing_history, month, edition)) == {}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("month", list(PAPERS))
def test_the_printed_paper_splits_no_figure_or_table(
    growing_history: Settings, month: str, edition: str
) -> None:
    """From the PDF alone (tests/pdf_layout.py, shown firing in tests/test_pdf_layout.py)."""
    folder = growing_history.reports_dir / growing_history.force_id / month
    assert layout_faults((folder / f"{edition}.pdf").read_bytes()) == []


@pytest.mark.parametrize("month", [m for m, history in PAPERS.items() if history < 12])
def test_a_short_history_names_its_windows_by_what_they_cover(
    growing_history: Settings, month: str
) -> None:
    """Over fewer than 12 months no figure is said to be of "the 12 months to" a month."""
    paper = rules.Paper.of(_page_of(growing_history, month, "board_paper"))
    assert not [p for p in paper.paragraphs if "the 12 months to" in p.lower()]
