"""Nominal IDs become keyed pseudonyms at ingestion (docs/personal-data.md).

A pseudonym is an HMAC-SHA256 of the force and the nominal ID under a secret key
(PCP_PSEUDONYM_KEY): the same person has the same pseudonym in every extract and month, so
offences, custody and IOM can be joined, but nobody without the key can recover or test an ID.
Generated data may use a fixed development key, with a warning; the force's own deliveries may
not: a run that must pseudonymise without a key refuses the delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

# Written by `pcp generate` beside its extracts: the landing folder holds made-up people.
GENERATED_MARKER = ".generated"
DEVELOPMENT_KEY = b"pcp-development-key-for-generated-data-only"
PSEUDONYM_PREFIX = "P"
PSEUDONYM_HEX_DIGITS = 20  # 80 bits: no two of a force's people share one in practice


class PseudonymKeyMissing(Exception):
    """Real deliveries name people, and no PCP_PSEUDONYM_KEY is set."""


@dataclass(frozen=True)
class PseudonymKey:
    secret: bytes

    def pseudonymise(self, force_id: str, values: pd.Series) -> pd.Series:
        """Each non-blank value's pseudonym (`P` and 20 hex digits); blanks stay null. A person
        named on many rows is hashed once."""

        def one(value: object) -> str:
            message = f"{force_id}\x1f{value}".encode()
            digest = hmac.new(self.secret, message, hashlib.sha256).hexdigest()
            return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_DIGITS]

        named = values.notna() & (values != "")
        pseudonyms = {value: one(value) for value in values[named].unique()}
        return values.where(named).map(pseudonyms).astype(object).where(named, None)


@cache
def _warn_development_key() -> None:
    """Once per process: every extract of every month would say it again."""
    log.warning(
        "PCP_PSEUDONYM_KEY is not set: generated data is pseudonymised with the fixed "
        "development key; set a secret key before loading real deliveries"
    )


def is_generated(landing_dir: Path) -> bool:
    return (landing_dir / GENERATED_MARKER).is_file()


def pseudonym_key(secret: str | None, landing_dir: Path) -> PseudonymKey:
    """The key from the setting; for generated data without one, the development key (logged)."""
    if secret:
        return PseudonymKey(secret.encode())
    if is_generated(landing_dir):
        _warn_development_key()
        return PseudonymKey(DEVELOPMENT_KEY)
    raise PseudonymKeyMissing(
        f"{landing_dir} holds deliveries that name people and PCP_PSEUDONYM_KEY is not set: "
        "set it to the force's secret pseudonymisation key (the same key every month)"
    )
