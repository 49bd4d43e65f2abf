"""Every extract: the modules of this package that define `EXTRACT`, found, not listed.

Adding an extract is adding its module (data_contracts/<extract>.py); nothing here changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import data_contracts
from data_contracts.extract import Extract


@cache
def extracts() -> dict[str, Extract]:
    """Every extract by name, in module-name order."""
    found: dict[str, Extract] = {}
    for module in sorted(pkgutil.iter_modules(data_contracts.__path__), key=lambda m: m.name):
        spec = getattr(importlib.import_module(f"data_contracts.{module.name}"), "EXTRACT", None)
        if isinstance(spec, Extract):
            found[spec.name] = spec
    return found


def extract(name: str) -> Extract:
    try:
        return extracts()[name]
    except KeyError:
        known = ", ".join(sorted(extracts()))
        raise ValueError(f"unknown extract {name!r}; expected one of {known}") from None


def extracts_of(source: str) -> tuple[str, ...]:
    """The extracts a source delivers, in registry order."""
    return tuple(name for name, spec in extracts().items() if spec.source == source)


def names_people(name: str) -> bool:
    """Whether the extract's rows name people (pseudonymised columns; docs/personal-data.md)."""
    return bool(extract(name).pseudonymised)


def person_columns() -> frozenset[str]:
    """Every column of any extract that names a person: pseudonymised IDs and personal details."""
    return frozenset(
        column for spec in extracts().values() for column in (*spec.pseudonymised, *spec.personal)
    )
