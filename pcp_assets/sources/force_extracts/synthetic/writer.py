"""Writing an extract as one CSV per month, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from data_contracts.extract import DATE_FORMAT, TIMESTAMP_FORMAT, Extract

FORMATS = {"timestamp": TIMESTAMP_FORMAT, "date": DATE_FORMAT}


def as_text(frame: pd.DataFrame, extract: Extract) -> pd.DataFrame:
    """The extract's columns in file order, dates and flags written as the contract wants."""
    out = frame.loc[:, list(extract.columns)].copy()
    for column, kind in extract.kinds.items():
        if kind in FORMATS:
            out[column] = out[column].dt.strftime(FORMATS[kind])
        elif kind == "flag":
            out[column] = out[column].map({True: "Y", False: "N"})
        elif kind == "amount":
            out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        elif kind == "integer":
            out[column] = out[column].astype("Int64")
    return out


def write_text_atomically(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_csv_atomically(frame: pd.DataFrame, path: Path) -> None:
    write_text_atomically(frame.to_csv(index=False, lineterminator="\n"), path)


def write_monthly(
    frame: pd.DataFrame, extract: Extract, periods: pd.PeriodIndex, landing_dir: Path
) -> list[Path]:
    """`landing_dir/<extract>/<YYYY-MM>.csv` for every month of `periods` (a quiet month gets a
    header-only file), each holding the rows whose event date falls in it."""
    month = frame[extract.event_column].dt.to_period("M")
    order = [extract.event_column, *extract.key_columns]
    text = as_text(frame, extract)
    paths = []
    for period in periods:
        rows = frame.index[month == period]
        monthly = text.loc[rows].sort_values(order, kind="stable")
        path = landing_dir / extract.name / f"{period}.csv"
        write_csv_atomically(monthly, path)
        paths.append(path)
    return paths
