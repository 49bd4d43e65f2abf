"""The generated landing's extracts as the tests read them, apart from the pipeline: every CSV
of an extract as text, and the months of a 12 month window; a file delivered again without some
of its rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pcp_assets.sources.force_extracts.synthetic.writer import write_csv_atomically


def read_extract(landing: Path, extract: str) -> pd.DataFrame:
    """Every delivered file of the extract, values as text, each row with its file's month."""
    frames = [
        pd.read_csv(path, dtype=str, keep_default_na=False).assign(file_month=path.stem)
        for path in sorted((landing / extract).glob("*.csv"))
    ]
    return pd.concat(frames, ignore_index=True)


def window(month: str, n: int = 12) -> list[str]:
    """The n months ending with `month` ("2026-10"), newest first."""
    end = pd.Period(month, freq="M")
    return [str(end - i) for i in range(n)]


def withdraw(path: Path, rows: int, where: Callable[[pd.DataFrame], pd.Series]) -> None:
    """The file delivered again without `rows` of its rows that `where` picks (replaced whole at
    once, as a delivery is, so that a sensor never reads it half written)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    write_csv_atomically(frame.drop(frame.index[where(frame)][:rows]), path)
