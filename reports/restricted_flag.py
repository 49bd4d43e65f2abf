"""The commentary's restricted flag, read strictly: one spelling, `restricted: true`.

Markdown: that line, exactly, as the first line under a section's heading. YAML: the section as a
mapping whose `restricted` is the plain `true` beside its `text`. Anything else that looks like
the flag is a CommentaryError naming the file and line, never words: another case
(`Restricted: True`), another word (`yes`, `on`, `1`, `false`), a list item (`- restricted: true`),
quotes or `=`, the flag after the section's text, before the first heading or in the front matter.
Read leniently, each of these once put restricted text into the published edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

FLAG = "restricted: true"
HOW = f"a section is restricted by the line `{FLAG}`, exactly, directly under its heading"
_BOOLEAN_WORD = r"(true|false|yes|no|on|off|y|n|1|0)"
# "restricted" as a line's first word, after any list, quote or emphasis marks, followed by a
# separator, a yes/no word or nothing: prose ("Restricted funding meant ...") is not caught.
_MARKS_AFTER = r"[\s*_`'\"\]})>-]*"
_LOOKS_LIKE = re.compile(
    r"^[\s\-*+>#_`'\"\[{(<!]*restricted"
    + _MARKS_AFTER
    + r"([:=]|$|"
    + _BOOLEAN_WORD
    + _MARKS_AFTER
    + "$)",
    re.IGNORECASE,
)


class CommentaryError(ValueError):
    """A commentary file that cannot be placed in the paper."""


def looks_like_flag(line: str) -> bool:
    return _LOOKS_LIKE.match(line) is not None


def not_the_flag(path: Path, line_number: int, line: str, why: str) -> CommentaryError:
    return CommentaryError(f"{path} line {line_number}: {line.strip()!r} {why}; {HOW}")


def check_lines(path: Path, lines: list[str], first_number: int, where: str) -> None:
    """No line of text (front matter, or text outside the flag's place) looks like the flag."""
    for offset, line in enumerate(lines):
        if looks_like_flag(line):
            raise not_the_flag(path, first_number + offset, line, f"looks like the flag {where}")


def markdown_flag(path: Path, line_number: int, line: str, under_heading: bool) -> bool:
    """Whether a Markdown body line is the flag; an error if it only looks like it."""
    if not looks_like_flag(line):
        return False
    if line.rstrip() != FLAG:
        raise not_the_flag(path, line_number, line, "is not the flag's one spelling")
    if not under_heading:
        raise not_the_flag(path, line_number, line, "is not directly under a section heading")
    return True


@dataclass(frozen=True)
class _Yaml:
    path: Path
    lines: list[str]

    def error(self, node: yaml.Node, why: str) -> CommentaryError:
        number = node.start_mark.line + 1
        return not_the_flag(self.path, number, self.lines[number - 1], why)


def check_yaml(path: Path, text: str, is_section: re.Pattern[str]) -> None:
    """Each section of a YAML commentary file is text, a list of paragraphs, or a mapping of
    `text` and the flag `restricted: true`; nothing else may look like the flag."""
    source = _Yaml(path, text.splitlines())
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return  # the loader says the file must be a mapping
    for key, value in root.value:
        name = str(key.value)
        if not is_section.match(name):
            if looks_like_flag(name):
                raise source.error(key, "is outside any section (restrict each section)")
            continue
        if isinstance(value, yaml.MappingNode):
            _check_section_mapping(source, value)
        else:
            _check_text(source, value)


def _check_section_mapping(source: _Yaml, section: yaml.MappingNode) -> None:
    for key, value in section.value:
        if key.value == "text":
            _check_text(source, value)
        elif key.value != "restricted" and not looks_like_flag(str(key.value)):
            raise source.error(key, "is not a key of a section (only text and restricted)")
        elif not (
            key.value == "restricted"
            and isinstance(value, yaml.ScalarNode)
            and value.style is None
            and value.value == "true"
        ):
            raise source.error(key, "is not the flag's one spelling (restricted: true)")


def _check_text(source: _Yaml, node: yaml.Node) -> None:
    """A paragraph or a list of paragraphs, none of which looks like the flag."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        if not isinstance(item, yaml.ScalarNode):
            why = "looks like the flag" if _mentions_flag(item) else "is not a paragraph"
            raise source.error(item, f"{why} in a list of paragraphs")
        if any(looks_like_flag(line) for line in str(item.value).splitlines()):
            raise source.error(item, "looks like the flag inside a section's text")


def _mentions_flag(node: yaml.Node) -> bool:
    if isinstance(node, yaml.MappingNode):
        return any(looks_like_flag(str(key.value)) for key, _ in node.value)
    return False
