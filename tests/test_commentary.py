"""Departments' commentary files: each way a file cannot be placed in the paper is a
CommentaryError naming the problem; a file that can be placed gives its paragraphs by section."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from reports.commentary_loader import Commentary, CommentaryError, load_commentary

FORCE = "midshire"
MONTH = date(2026, 10, 1)
SECTIONS = ("2.1", "2.2", "2.10")


def write(directory: Path, suffix: str, text: str) -> Path:
    path = directory / FORCE / f"2026-10{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(directory: Path) -> Commentary:
    return load_commentary(directory, FORCE, MONTH, SECTIONS)


def test_markdown_and_yaml_give_paragraphs_by_section(tmp_path: Path) -> None:
    write(
        tmp_path / "md",
        ".md",
        "---\nfrom: Head of Performance\n---\n## 2.1 All crime\nFirst line\ncontinued.\n\n"
        "Second.\n\n## 2.10 Outcomes\nThird.\n",
    )
    write(tmp_path / "yaml", ".yaml", 'from: Head of Performance\n"2.1": [First, Second]\n')
    markdown, yaml = load(tmp_path / "md"), load(tmp_path / "yaml")
    assert markdown.for_section("2.1") == ("First line continued.", "Second.")
    assert markdown.for_section("2.10") == ("Third.",)
    assert markdown.for_section("2.2") == ()
    assert markdown.header == yaml.header == {"from": "Head of Performance"}
    assert yaml.for_section("2.1") == ("First", "Second")


def test_no_file_is_no_commentary(tmp_path: Path) -> None:
    assert load(tmp_path).sections == {}


def test_two_files_for_one_month(tmp_path: Path) -> None:
    write(tmp_path, ".md", "## 2.1\nText.\n")
    write(tmp_path, ".yaml", '"2.1": Text.\n')
    with pytest.raises(CommentaryError, match="more than one commentary file"):
        load(tmp_path)


@pytest.mark.parametrize(
    ("suffix", "text"),
    [(".md", "## 2.1\nText.\n\n## 2.9 Stray\nLost.\n"), (".yaml", '"2.1": Text.\n"2.9": Lost.\n')],
)
def test_a_section_the_paper_does_not_have(tmp_path: Path, suffix: str, text: str) -> None:
    write(tmp_path, suffix, text)
    with pytest.raises(CommentaryError, match=r"sections 2\.9 are not in the paper"):
        load(tmp_path)


def test_an_unknown_header_field(tmp_path: Path) -> None:
    write(tmp_path, ".md", "---\nauthor: Someone\n---\n## 2.1\nText.\n")
    with pytest.raises(CommentaryError, match="unknown header fields author"):
        load(tmp_path)


def test_text_before_the_first_heading(tmp_path: Path) -> None:
    write(tmp_path, ".md", "Loose words.\n## 2.1\nText.\n")
    with pytest.raises(CommentaryError, match="text before the first section heading"):
        load(tmp_path)


def test_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    write(tmp_path, ".yaml", "- 2.1\n- Text.\n")
    with pytest.raises(CommentaryError, match="must be a mapping"):
        load(tmp_path)


def test_a_percentage_in_commentary_is_a_warning_not_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, ".md", "## 2.2\nBurglary fell by 12% this year.\n")
    with caplog.at_level(logging.WARNING, logger="reports.commentary_loader"):
        commentary = load(tmp_path)
    assert commentary.for_section("2.2") == ("Burglary fell by 12% this year.",)
    assert "section 2.2 states a percentage" in caplog.text


def test_restricted_commentary_is_marked_and_left_out_of_the_published_paper(
    tmp_path: Path,
) -> None:
    write(
        tmp_path / "md",
        ".md",
        "## 2.1 All crime\nrestricted: true\n\nNamed household.\n\n"
        "## 2.2 Burglary\nrestricted: false\n\nFor all.\n\n"
        "## 2.10\nAlso for all.\nrestricted: true\n",
    )
    write(
        tmp_path / "yaml",
        ".yaml",
        '"2.1": {restricted: true, text: Named household.}\n"2.2": For all.\n',
    )
    for folder in ("md", "yaml"):
        notes = load(tmp_path / folder)
        assert notes.for_section("2.1") == ("Named household.",), folder
        assert notes.for_section("2.2") == ("For all.",), folder
        published = notes.unrestricted()
        assert published.for_section("2.1") == (), folder
        assert published.for_section("2.2") == ("For all.",), folder
    # a "restricted:" line inside the text is words, not the flag
    assert load(tmp_path / "md").for_section("2.10") == ("Also for all. restricted: true",)
