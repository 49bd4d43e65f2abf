"""Dagster assets of the PCP board-paper pipeline, and the settings they share."""

import warnings

from dagster import BetaWarning

# Single-run backfill policies are marked beta; they are the documented way to backfill dbt assets.
warnings.filterwarnings("ignore", category=BetaWarning)
