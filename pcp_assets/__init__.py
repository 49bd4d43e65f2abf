"""Dagster assets of the PCP board-paper pipeline, and the settings they share."""
