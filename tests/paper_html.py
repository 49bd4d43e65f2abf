"""The paper's HTML as a reader reads it: figure links (reports/traces.py) taken out, entities
unescaped, so tests can look for sentences whatever figure in them is a link."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_FIGURE_LINK = re.compile(r"</?a\b[^>]*>")
FORCE = "midshire"  # the force of the generated data


@dataclass(frozen=True)
class Month:
    """A month's folder of papers (reports/out/<force>/<YYYY-MM>)."""

    folder: Path

    def path(self, stem: str, suffix: str) -> Path:
        return self.folder / f"{stem}.{suffix}"

    def html(self, stem: str = "board_paper") -> str:
        return self.path(stem, "html").read_text(encoding="utf-8")


def readable(page: str) -> str:
    return html.unescape(_FIGURE_LINK.sub("", page))


def read_paper(path: Path) -> str:
    return readable(path.read_text(encoding="utf-8"))


def visible_text(page: str) -> str:
    """What a reader of the HTML sees: no styles, no chart markup, no tags."""
    page = re.sub(r"<(style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
