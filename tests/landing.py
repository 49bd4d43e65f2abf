"""The generated landing's extracts as the tests read them, apart from the pipeline: every CSV
of an extract as text, and the months of a 12 month window."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


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
