-- A rate's mix and rate effects add up to its change (marts.outcome_rate_decomposition), to the
-- rounding of doubles.
select force_id, reporting_month, area, offence_group, offence_subgroup, measure, mix_of
from {{ ref('outcome_rate_decomposition') }}
where {{ is_selected_reporting_month() }}
    and (abs(mix_effect + rate_effect - rate_change) > 1e-12
        or (rate_change is null) <> (mix_effect is null))
