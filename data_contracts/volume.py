"""What of an extract's month is compared with its own history, besides its row count.

Every extract's row count is checked (pcp_assets/volume_checks.py); an extract declares further
measures of its shape in `Extract.shares`: the share of its rows in each group of a column
(`share_by`: crimes by offence group), or its rows per row of another extract of the same month
(`rows_per`: outcomes per crime). docs/data-quality.md, "Volume and shape against history".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    """One measure: `label` as people read it ("offence group", "outcomes per crime"); either
    `column` (rows by its value, named through `groups` when given) or `per` (another extract)."""

    label: str
    column: str | None = None
    groups: Callable[[], Mapping[str, str]] | None = None
    per: str | None = None


def share_by(
    column: str, label: str, groups: Callable[[], Mapping[str, str]] | None = None
) -> Share:
    """The share of the month's rows in each value of `column` (mapped by `groups`, value ->
    group, when the column holds codes)."""
    return Share(label=label, column=column, groups=groups)


def rows_per(extract: str, label: str) -> Share:
    """The month's rows per row of `extract` in the same month."""
    return Share(label=label, per=extract)
