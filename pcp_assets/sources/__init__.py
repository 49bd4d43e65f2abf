"""The sources a run can read, by their one name (PCP_SOURCE, `pcp run --source`)."""

from __future__ import annotations

from pcp_assets.sources.base import Source
from pcp_assets.sources.force_extracts.source import ForceExtracts
from pcp_assets.sources.police_uk.source import PoliceUk

SOURCES: dict[str, Source] = {source.name: source for source in (ForceExtracts(), PoliceUk())}


def source_named(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise ValueError(f"unknown source {name!r}; expected one of {', '.join(SOURCES)}") from None
