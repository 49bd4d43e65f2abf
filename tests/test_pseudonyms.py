"""Nominal IDs become keyed pseudonyms: stable, unlinkable without the key, never the ID itself."""

from __future__ import annotations

import hashlib
import hmac
import logging
from pathlib import Path

import pandas as pd
import pytest

from pcp_assets.pseudonyms import (
    DEVELOPMENT_KEY,
    GENERATED_MARKER,
    PseudonymKey,
    PseudonymKeyMissing,
    _warn_development_key,
    pseudonym_key,
)


def test_a_pseudonym_is_the_keyed_hash_of_force_and_id() -> None:
    key = PseudonymKey(b"secret")
    got = key.pseudonymise("midshire", pd.Series(["MS-N0000001", "MS-N0000001", "", None]))
    expected = hmac.new(b"secret", b"midshire\x1fMS-N0000001", hashlib.sha256).hexdigest()[:20]
    assert got.tolist() == [f"P{expected}", f"P{expected}", None, None]


def test_another_key_or_force_gives_another_pseudonym() -> None:
    ids = pd.Series(["MS-N0000001"])
    one = PseudonymKey(b"a").pseudonymise("midshire", ids)[0]
    assert PseudonymKey(b"b").pseudonymise("midshire", ids)[0] != one
    assert PseudonymKey(b"a").pseudonymise("wealdshire", ids)[0] != one


def test_real_deliveries_need_a_key(tmp_path: Path) -> None:
    with pytest.raises(PseudonymKeyMissing, match="PCP_PSEUDONYM_KEY"):
        pseudonym_key(None, tmp_path)
    assert pseudonym_key("s3cret", tmp_path) == PseudonymKey(b"s3cret")


def test_generated_data_falls_back_to_the_development_key_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / GENERATED_MARKER).write_text("generated\n")
    _warn_development_key.cache_clear()
    with caplog.at_level(logging.WARNING):
        key = pseudonym_key(None, tmp_path)
    assert key == PseudonymKey(DEVELOPMENT_KEY)
    assert "development key" in caplog.text
