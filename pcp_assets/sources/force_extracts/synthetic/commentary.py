"""Example department commentary for generated months, so a generated paper reads complete.

One Markdown file per month (`<commentary_dir>/<force>/<YYYY-MM>.md`, the layout departments use,
reports/commentary_loader.py), for the sections of the force's paper only; a file already there is
never overwritten (it may be a department's own text). The words come from
`example_commentary.yaml`: no figures, since every figure is computed, and nothing about a figure
the month's paper cannot report yet (a paragraph's `needs`: the months of data its figure needs).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from pcp_assets.sources.force_extracts.synthetic.writer import write_text_atomically

BANK = Path(__file__).with_name("example_commentary.yaml")
HEADER = "---\n# Example commentary written by `pcp generate` for generated data.\n---\n"


@cache
def _bank() -> dict[str, dict]:
    return yaml.safe_load(BANK.read_text(encoding="utf-8"))


def _text(item: str | dict) -> str:
    return item["text"] if isinstance(item, dict) else item


def _needs(item: str | dict) -> int:
    return int(item.get("needs", 1)) if isinstance(item, dict) else 1


def paragraphs_for(section: str, period: pd.Period, months_of_data: int) -> list[str]:
    """The section's example paragraphs for a month: one of its general paragraphs whose figure
    the month's `months_of_data` can report (by month, so consecutive papers differ) and any
    paragraph for the season."""
    entry = _bank()[section]
    general = [_text(item) for item in entry["any"] if _needs(item) <= months_of_data]
    chosen = [general[period.ordinal % len(general)]] if general else []
    for months, text in entry.get("seasons", {}).items():
        if period.month in {int(m) for m in months.split()}:
            chosen.append(text)
    return chosen


def month_commentary(sections: dict[str, str], period: pd.Period, months_of_data: int) -> str:
    """The Markdown file for a month: a heading per section of the paper with example text."""
    blocks = [HEADER]
    for number, title in sections.items():
        found = paragraphs_for(number, period, months_of_data) if number in _bank() else []
        if found:
            blocks.append(f"## {number} {title}\n\n" + "\n\n".join(found))
    return "\n\n".join(blocks) + "\n"


def write_example_commentary(
    commentary_dir: Path,
    force_id: str,
    periods: pd.PeriodIndex,
    sections: dict[str, str],
    first: pd.Period | None = None,
) -> list[Path]:
    """Write the months' example commentary where no commentary exists yet; `first`: the month
    the data start (else the first of `periods`)."""
    start = first if first is not None else periods[0]
    written = []
    for period in periods:
        path = commentary_dir / force_id / f"{period}.md"
        if not path.exists():
            months = (period - start).n + 1
            write_text_atomically(month_commentary(sections, period, months), path)
            written.append(path)
    return written
