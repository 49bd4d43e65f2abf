"""Departments' commentary files: each way a file cannot be placed in the paper is a
CommentaryError naming the problem; a file that can be placed gives its paragraphs by section."""

from __future__ import annotations

import logging
import re
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
        "## 2.2 Burglary\n\nFor all.\n\n"
        "## 2.10\nRestricted funding meant fewer visits.\n",
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
    # prose that begins with the word is words, not the flag
    notes = load(tmp_path / "md")
    assert notes.unrestricted().for_section("2.10") == ("Restricted funding meant fewer visits.",)


# Each spelling a department wrote for the flag other than `restricted: true` directly under the
# heading; read leniently, the first two put restricted text into the published edition. The
# number is the line the error must name.
MARKDOWN_NOT_THE_FLAG = {
    "restricted: yes": ("## 2.1\nrestricted: yes\n\nNamed household.\n", 2),
    "a list item": ("## 2.1\n- restricted: true\n\nNamed household.\n", 2),
    "capitals": ("## 2.1\nRestricted: True\n\nNamed household.\n", 2),
    "upper case": ("## 2.1\nRESTRICTED: TRUE\n\nNamed household.\n", 2),
    "on": ("## 2.1\nrestricted: on\n\nNamed household.\n", 2),
    "1": ("## 2.1\nrestricted: 1\n\nNamed household.\n", 2),
    "false": ("## 2.1\nrestricted: false\n\nFor all.\n", 2),
    "no space": ("## 2.1\nrestricted:true\n\nNamed household.\n", 2),
    "equals": ("## 2.1\nrestricted = true\n\nNamed household.\n", 2),
    "quoted": ('## 2.1\n"restricted": true\n\nNamed household.\n', 2),
    "bold": ("## 2.1\n**Restricted:** yes\n\nNamed household.\n", 2),
    "a word alone": ("## 2.1\nRESTRICTED\n\nNamed household.\n", 2),
    "an HTML comment": ("## 2.1\n<!-- restricted: true -->\nNamed household.\n", 2),
    "indented": ("## 2.1\n  restricted: true\n\nNamed household.\n", 2),
    "after the text": ("## 2.1\nNamed household.\nrestricted: true\n", 3),
    "after a paragraph": ("## 2.1\nIntro.\n\nrestricted: true\n\nNamed household.\n", 4),
    "before any heading": ("restricted: true\n## 2.1\nNamed household.\n", 1),
    "in the front matter": ("---\nto: Board\nrestricted: true\n---\n## 2.1\nText.\n", 3),
    "line after front matter": ("---\nto: Board\n---\n## 2.1\nrestricted: yes\nText.\n", 5),
}


@pytest.mark.parametrize("case", MARKDOWN_NOT_THE_FLAG)
def test_markdown_that_only_looks_like_the_flag_is_an_error_naming_file_and_line(
    tmp_path: Path, case: str
) -> None:
    text, line = MARKDOWN_NOT_THE_FLAG[case]
    path = write(tmp_path, ".md", text)
    wrong = text.splitlines()[line - 1].strip()
    with pytest.raises(CommentaryError) as raised:
        load(tmp_path)
    assert str(raised.value).startswith(f"{path} line {line}: {wrong!r} ")
    assert "`restricted: true`, exactly, directly under its heading" in str(raised.value)


YAML_NOT_THE_FLAG = {
    "yes": ('"2.1":\n  restricted: yes\n  text: Named household.\n', 2),
    "True": ('"2.1":\n  restricted: True\n  text: Named household.\n', 2),
    "on": ('"2.1":\n  restricted: on\n  text: Named household.\n', 2),
    "1": ('"2.1":\n  restricted: 1\n  text: Named household.\n', 2),
    "quoted true": ('"2.1":\n  restricted: "true"\n  text: Named household.\n', 2),
    "false": ('"2.1":\n  restricted: false\n  text: For all.\n', 2),
    "key in capitals": ('"2.1":\n  Restricted: true\n  text: Named household.\n', 2),
    "a list item": ('"2.1":\n  - restricted: true\n  - Named household.\n', 2),
    "in the text": ('"2.1": |\n  restricted: true\n\n  Named household.\n', 1),
    "at the top": ('restricted: true\n"2.1": Named household.\n', 1),
    "flow mapping": ('"2.1": {restricted: yes, text: Named household.}\n', 1),
    "unknown key": ('"2.1":\n  restricted: true\n  txt: Named household.\n', 3),
}


@pytest.mark.parametrize("case", YAML_NOT_THE_FLAG)
def test_yaml_that_only_looks_like_the_flag_is_an_error_naming_file_and_line(
    tmp_path: Path, case: str
) -> None:
    text, line = YAML_NOT_THE_FLAG[case]
    path = write(tmp_path, ".yaml", text)
    with pytest.raises(CommentaryError, match=f"^{re.escape(str(path))} line {line}: "):
        load(tmp_path)


def test_markdown_comments_are_not_read_and_lines_keep_their_numbers(tmp_path: Path) -> None:
    write(
        tmp_path / "ok",
        ".md",
        "<!--\nThe figures: 6,000 crimes, +4.2%.\n-->\n## 2.1 All crime\n<!-- what the paper "
        "says:\n- 5,880 crimes\n-->\nOur words.\n",
    )
    assert load(tmp_path / "ok").sections == {"2.1": ("Our words.",)}
    write(tmp_path / "bad", ".md", "<!--\na note\n-->\n## 2.1\n\nText.\nrestricted: true\n")
    with pytest.raises(CommentaryError, match=r"2026-10\.md line 7: 'restricted: true'"):
        load(tmp_path / "bad")
