"""Tests on the shared data skip on a machine without it, and fail in CI, where it must be."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import require_shared_data


def test_missing_shared_data_skips_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not here"):
        require_shared_data(tmp_path / "missing")


def test_missing_shared_data_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"CI runs with \.\./shared"):
        require_shared_data(tmp_path / "missing")


def test_present_shared_data_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require_shared_data(tmp_path)
