"""The paper's HTML as a reader reads it: figure links (reports/traces.py) taken out, entities
unescaped, so tests can look for sentences whatever figure in them is a link."""

from __future__ import annotations

import html
import re
from pathlib import Path

_FIGURE_LINK = re.compile(r"</?a\b[^>]*>")


def readable(page: str) -> str:
    return html.unescape(_FIGURE_LINK.sub("", page))


def read_paper(path: Path) -> str:
    return readable(path.read_text(encoding="utf-8"))
