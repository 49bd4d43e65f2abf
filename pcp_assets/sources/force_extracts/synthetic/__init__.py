"""Deterministic synthetic extracts of a fictional county force (see `generate`)."""

from pcp_assets.sources.force_extracts.synthetic.generate import DEFAULT_END_MONTH, generate

__all__ = ["DEFAULT_END_MONTH", "generate"]
