"""Each extract's headline count of a month, as the marts hold it: what a correction of an earlier
month is judged by. Publication keeps them as they were when the paper went out
(pcp_assets/published_figures.py); the next paper names those a correction changed
(reports/sections/corrected_months.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MonthFigure:
    extract: str  # the extract whose deliveries make it
    name: str  # as the paper says it: "recorded crimes"
    table: str  # the mart
    column: str  # summed over the rows of `keys` for the month
    keys: dict[str, str] = field(default_factory=dict)
    people: bool = False  # a count of people: rounded in the published edition

    @property
    def sql(self) -> str:
        """force_id, month, extract, figure, value: one row per force and month of the mart."""
        where = "".join(f" AND {key} = '{value}'" for key, value in self.keys.items())
        return (
            f"SELECT force_id, reporting_month AS month, '{self.extract}' AS extract, "
            f"'{self.name}' AS figure, sum({self.column}) AS value FROM {self.table} "
            f"WHERE {self.column} IS NOT NULL{where} GROUP BY ALL"
        )


MONTH_FIGURES = (
    MonthFigure(
        "crimes", "recorded crimes", "marts.crime_volume", "crimes", {"breakdown": "force"}
    ),
    MonthFigure(
        "outcomes",
        "outcomes recorded",
        "marts.outcome_counts",
        "outcomes_month",
        {"breakdown": "force"},
    ),
    MonthFigure(
        "custody",
        "custody bookings",
        "marts.custody_throughput",
        "detainees_month",
        {"suite": "All"},
        people=True,
    ),
    MonthFigure(
        "dvpn_dvpo",
        "DVPN applications",
        "marts.domestic_abuse_protection",
        "dvpn_applications_month",
        people=True,
    ),
    MonthFigure(
        "incidents",
        "incidents attended",
        "marts.response_times",
        "incidents_month",
        {"area": "All", "grade": "All", "offence_subgroup": "All"},
    ),
    MonthFigure(
        "case_files",
        "court files submitted",
        "marts.case_file_quality",
        "court_files_submitted",
        people=True,
    ),
    MonthFigure(
        "outstanding_suspects",
        "wanted suspects",
        "marts.wanted_suspects",
        "suspects",
        {"risk_level": "All", "age_band": "All"},
        people=True,
    ),
    MonthFigure(
        "iom_cohort",
        "IOM cohort members",
        "marts.iom_cohort_summary",
        "members",
        {"cohort_type": "All", "area": "All"},
        people=True,
    ),
    MonthFigure(
        "imu_queue",
        "items open in IMU queues",
        "marts.imu_queues",
        "open_items",
        {"queue": "All"},
        people=True,
    ),
    MonthFigure(
        "operations",
        "arrests by proactive operations",
        "marts.operations_results",
        "arrests",
        {"operation": "All"},
        people=True,
    ),
)
