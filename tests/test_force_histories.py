"""Forces whose histories begin in different months, in one landing folder: a month before a
force's first delivery is neither loaded nor recorded as missing for it, while a gap inside its
history still is (pcp_assets/ingest.py `delivered_and_missing`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pcp_assets.ingest import delivered_and_missing
from pcp_assets.settings import Settings
from pcp_assets.sources.force_extracts.source import ForceExtracts

SOURCE = ForceExtracts()
JULY_TO_OCTOBER = [date(2026, month, 1) for month in range(7, 11)]


@pytest.fixture
def landing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """midshire delivered July, September and October (August is a gap); wealdshire joined in
    September. Every extract's file of those months is there (empty: only their presence is
    read here)."""
    delivered = {
        "midshire": ("2026-07", "2026-09", "2026-10"),
        "wealdshire": ("2026-09", "2026-10"),
    }
    for force, months in delivered.items():
        for extract in SOURCE.extracts:
            folder = tmp_path / "landing" / force / extract
            folder.mkdir(parents=True)
            for month in months:
                (folder / f"{month}.csv").touch()
    monkeypatch.setenv("PCP_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.delenv("PCP_FIRST_MONTH", raising=False)
    return SOURCE.settle_force(Settings.from_env())


def loaded(deliveries: list) -> list[tuple[str, str]]:
    return [(d.settings.force_id, f"{d.month:%Y-%m}") for d in deliveries]


def test_a_force_that_joined_later_has_no_missing_months_before_its_first(
    landing: Settings,
) -> None:
    delivered, missing = delivered_and_missing(SOURCE, landing, "crimes", JULY_TO_OCTOBER, [])

    assert missing == ["midshire 2026-08"]
    assert loaded(delivered) == [
        ("midshire", "2026-07"),
        ("midshire", "2026-09"),
        ("midshire", "2026-10"),
        ("wealdshire", "2026-09"),
        ("wealdshire", "2026-10"),
    ]


def test_a_history_set_to_begin_earlier_counts_every_force_from_there(
    landing: Settings,
) -> None:
    """PCP_FIRST_MONTH says where every force's history begins: a force without its months
    is missing them, as a run of one force is."""
    settings = replace(landing, first_month=date(2026, 7, 1))

    _, missing = delivered_and_missing(SOURCE, settings, "crimes", JULY_TO_OCTOBER, [])

    assert missing == ["midshire 2026-08", "wealdshire 2026-07", "wealdshire 2026-08"]
