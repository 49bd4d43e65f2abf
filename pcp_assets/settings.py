"""Where the pipeline reads and writes: one place, overridable by environment variables.

Every path is absolute so that Dagster, dbt (which runs in `dbt_project/`) and the CLI agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
TEMPLATES_DIR = PROJECT_ROOT / "reports" / "templates"


def _path(variable: str, default: str) -> Path:
    value = os.environ.get(variable) or default
    path = Path(value)
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


@dataclass(frozen=True)
class Settings:
    duckdb_path: Path
    landing_dir: Path
    reports_dir: Path
    dagster_home: Path
    force_id: str

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            duckdb_path=_path("PCP_DUCKDB_PATH", "data/warehouse/pcp.duckdb"),
            landing_dir=_path("PCP_LANDING_DIR", "data/landing"),
            reports_dir=_path("PCP_REPORTS_DIR", "reports/out"),
            dagster_home=_path("DAGSTER_HOME", "data/dagster_home"),
            force_id=os.environ.get("PCP_FORCE_ID") or "midshire",
        )

    def export(self) -> None:
        """Publish the resolved paths to the environment, where dbt's profile reads them."""
        os.environ["PCP_DUCKDB_PATH"] = str(self.duckdb_path)
        os.environ["PCP_LANDING_DIR"] = str(self.landing_dir)
        os.environ["PCP_REPORTS_DIR"] = str(self.reports_dir)
        os.environ["DAGSTER_HOME"] = str(self.dagster_home)
        os.environ["PCP_FORCE_ID"] = self.force_id
