"""Departments' commentary: `<dir>/<force_id>/<YYYY-MM>.md` or `.yaml`, keyed by paper section.

Markdown: optional YAML front matter (header fields), then one `## <section>` heading per section
(e.g. `## 2.2 Dwelling Burglary`; the text after the number is ignored) with paragraphs separated
by blank lines; Markdown comments (`<!-- ... -->`) are skipped (the month's template,
reports/commentary_template.py, holds the paper's figures in them). YAML: header fields and
section numbers (quote them: "2.10" is not 2.1) as top-level keys, each section a string
(blank-line separated paragraphs) or a list of paragraphs.

A section's commentary may be marked `restricted: true` (Markdown: that line first under the
heading; YAML: the section as a mapping `{restricted: true, text: ...}`): the board's paper prints
it, the published paper leaves it out. The flag has that one spelling; anything else that looks
like it is an error naming the file and line (reports/restricted_flag.py).

Commentary is words only: every number the marts can compute is computed, so a percentage in
commentary is logged as a warning. Text for a section the paper does not have is an error rather
than a paragraph silently lost.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from reports.restricted_flag import CommentaryError, check_lines, check_yaml, markdown_flag
from reports.traces import unmarked

log = logging.getLogger(__name__)

HEADER_FIELDS = frozenset({"to", "from", "date", "meeting_date", "force_name"})
_SECTION_KEY = re.compile(r"^\d+(\.\d+)*$")
_HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)*)\b.*$")
_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?\s*%")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Commentary:
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    restricted: frozenset[str] = frozenset()  # sections whose commentary is not for publication

    def for_section(self, number: str) -> tuple[str, ...]:
        return self.sections.get(number, ())

    def unrestricted(self) -> Commentary:
        """The commentary for the published paper: restricted sections left out."""
        kept = {k: v for k, v in self.sections.items() if k not in self.restricted}
        return Commentary(kept, self.header)


def commentary_path(directory: Path, force_id: str, month: date) -> Path | None:
    candidates = [
        path
        for suffix in (".md", ".yaml", ".yml")
        if (path := directory / force_id / f"{month:%Y-%m}{suffix}").is_file()
    ]
    if len(candidates) > 1:
        raise CommentaryError(f"more than one commentary file: {', '.join(map(str, candidates))}")
    return candidates[0] if candidates else None


def load_commentary(
    directory: Path, force_id: str, month: date, known_sections: Iterable[str]
) -> Commentary:
    """The month's commentary, or an empty one when there is no file."""
    path = commentary_path(directory, force_id, month)
    if path is None:
        return Commentary()
    text = path.read_text(encoding="utf-8")
    parse = _parse_markdown if path.suffix == ".md" else _parse_yaml
    header, sections, restricted = parse(text, path)
    unknown = sorted(set(sections) - set(known_sections))
    if unknown:
        raise CommentaryError(
            f"{path}: sections {', '.join(unknown)} are not in the paper "
            f"(known: {', '.join(sorted(known_sections))})"
        )
    bad_fields = sorted(set(header) - HEADER_FIELDS)
    if bad_fields:
        raise CommentaryError(f"{path}: unknown header fields {', '.join(bad_fields)}")
    for number, paragraphs in sections.items():
        for paragraph in paragraphs:
            if _PERCENTAGE.search(paragraph):
                log.warning(
                    "%s section %s states a percentage; figures belong in the marts", path, number
                )
    return Commentary({k: v for k, v in sections.items() if v}, header, frozenset(restricted))


def _paragraphs(text: str) -> tuple[str, ...]:
    blocks = re.split(r"\n\s*\n", unmarked(text).strip())
    return tuple(" ".join(line.strip() for line in b.splitlines()) for b in blocks if b.strip())


Parsed = tuple[dict[str, Any], dict[str, tuple[str, ...]], set[str]]


def _without_comments(text: str, path: Path) -> str:
    """Markdown comments (`<!-- ... -->`, the template's figures) taken out, lines kept so that
    errors still name the file's own line numbers. A comment is not read, so the flag written in
    one (`<!-- restricted: true -->`) is an error, never silently dropped."""

    def blank(found: re.Match[str]) -> str:
        first = text.count("\n", 0, found.start()) + 1
        check_lines(path, found.group().splitlines(), first, "in a comment, which is not read")
        return "\n" * found.group().count("\n")

    return _COMMENT.sub(blank, text)


def _parse_markdown(text: str, path: Path) -> Parsed:
    text = _without_comments(text, path)
    header: dict[str, Any] = {}
    first_line = 1
    if text.startswith("---"):
        _, front, text = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
        check_lines(path, front.splitlines(), 1, "in the front matter (restrict each section)")
        header = yaml.safe_load(front) or {}
        first_line = front.count("\n") + 1  # the closing line, which the body begins on
    sections: dict[str, list[str]] = {}
    restricted: set[str] = set()
    current: list[str] | None = None
    number = ""
    for line_number, line in enumerate(text.splitlines(), start=first_line):
        match = _HEADING.match(line)
        under_heading = current is not None and not "".join(current).strip()
        if match:
            number = match.group(1)
            current = sections.setdefault(number, [])
        elif markdown_flag(path, line_number, line, under_heading):
            restricted.add(number)
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise CommentaryError(
                f"{path} line {line_number}: text before the first section heading: "
                f"{line.strip()!r}"
            )
    return header, {k: _paragraphs("\n".join(v)) for k, v in sections.items()}, restricted


def _parse_yaml(text: str, path: Path) -> Parsed:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise CommentaryError(f"{path}: commentary YAML must be a mapping")
    check_yaml(path, text, _SECTION_KEY)
    header: dict[str, Any] = {}
    sections: dict[str, tuple[str, ...]] = {}
    restricted: set[str] = set()
    for key, value in data.items():
        name = str(key)
        if not _SECTION_KEY.match(name):
            header[name] = value
            continue
        if isinstance(value, dict):
            if value.get("restricted") is True:
                restricted.add(name)
            value = value.get("text")
        items = value if isinstance(value, list) else [value or ""]
        sections[name] = tuple(p for item in items for p in _paragraphs(str(item)))
    return header, sections, restricted
