"""What the paper's appendix says about the run behind it: the Dagster runs that built the marts
and rendered the paper, and the rules checked on the way (contracts, dbt tests, Great Expectations
suites, the row reconciliation). The caller (the paper asset) knows them; the paper only prints."""

from __future__ import annotations

from dataclasses import dataclass

# Check names (pcp_assets): how the appendix groups the rules that were checked, each kind named
# for one and for several; any other name is a dbt test's.
RULE_KINDS = {
    "contract": ("extract contract (Pandera)", "extract contracts (Pandera)"),
    "great_expectations": ("Great Expectations suite", "Great Expectations suites"),
    "rows_conserved": ("row reconciliation", "row reconciliations"),
    "freshness": (
        "freshness check (files landed by their due day)",
        "freshness checks (files landed by their due day)",
    ),
    "volume": (
        "volume check (rows against the months before)",
        "volume checks (rows against the months before)",
    ),
    "people_seen_before": (
        "check of people seen before (pseudonym keys)",
        "checks of people seen before (pseudonym keys)",
    ),
    "withdrawn_rows": (
        "check of rows withdrawn by re-deliveries",
        "checks of rows withdrawn by re-deliveries",
    ),
}
DBT_TESTS = ("dbt test", "dbt tests")


_ONE = {several: one for one, several in (*RULE_KINDS.values(), DBT_TESTS)}


def kind_named(kind: str, n: int) -> str:
    """ "1 freshness check (...)", "2 freshness checks (...)": a kind (its plural) counted."""
    return f"{n:,} {_ONE.get(kind, kind) if n == 1 else kind}"


@dataclass(frozen=True)
class CheckResult:
    asset: str  # "marts/crime_volume"
    name: str  # "great_expectations", a dbt test's name, ...
    passed: bool

    @property
    def kind(self) -> str:
        """The kind's name for several ("dbt tests")."""
        return RULE_KINDS.get(self.name, DBT_TESTS)[1]


@dataclass(frozen=True)
class Provenance:
    paper_run_id: str | None = None  # the Dagster run that rendered the paper
    marts_run_id: str | None = None  # the Dagster run that last built the marts' month
    checks: tuple[CheckResult, ...] = ()  # the rules evaluated in the paper's run before it

    def checks_by_kind(self) -> dict[str, list[CheckResult]]:
        grouped: dict[str, list[CheckResult]] = {}
        for check in sorted(self.checks, key=lambda c: (c.kind, c.asset, c.name)):
            grouped.setdefault(check.kind, []).append(check)
        return grouped


NO_RUN = Provenance()  # rendered outside a pipeline run (tests, a caller of reports.render)
