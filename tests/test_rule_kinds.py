"""The appendix groups the rules checked in a run by kind (reports/provenance.py): a freshness
check is counted as such, never as a dbt test, so the sentence naming the rules that did not pass
and the table counting them by kind agree."""

from __future__ import annotations

from reports.provenance import CheckResult, Provenance
from reports.sections.traceability import rules_sentence, rules_table


def test_a_kind_is_counted_with_its_noun_agreeing() -> None:
    one = Provenance(checks=(CheckResult("raw/police_uk_street", "freshness", passed=True),))
    assert rules_sentence(one).startswith(
        "Rules checked before this paper was rendered: 1 freshness check (files landed by their "
        "due day); all passed."
    )


def test_freshness_checks_are_their_own_kind_not_dbt_tests() -> None:
    provenance = Provenance(
        paper_run_id="run",
        checks=(
            CheckResult("raw/police_uk_outcomes", "freshness", passed=False),
            CheckResult("raw/police_uk_street", "freshness", passed=False),
            CheckResult("raw/police_uk_street", "not_null_police_uk_street_month", passed=True),
            CheckResult("raw/police_uk_street", "unique_police_uk_street_id", passed=True),
        ),
    )
    assert rules_sentence(provenance).startswith(
        "Rules checked before this paper was rendered: 2 dbt tests and 2 freshness checks (files "
        "landed by their due day); 2 did not pass (warnings): raw/police_uk_outcomes freshness "
        "and raw/police_uk_street freshness."
    )
    rows = {row[0]: row[1:3] for row in rules_table(provenance)["rows"]}
    assert rows == {
        "Dbt tests": ["2", "2"],
        "Freshness checks (files landed by their due day)": ["2", "0"],
    }
