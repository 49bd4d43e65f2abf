-- Outcome mix: effective outcomes per outcome type, month and R12, each as of its own reporting month,
-- with the R12 a year earlier (as of m-12).
with

months as (
    {{ spined_months(['crimes', 'outcomes']) }}
),

available as (
    select
        counts.force_id,
        counts.reporting_month,
        counts.breakdown,
        counts.area,
        counts.offence_group,
        counts.outcome_type,
        case when months.is_loaded then counts.outcomes_month end as outcomes_month,
        case when months.is_r12_complete then counts.outcomes_r12 end as outcomes_r12,
        months.missing_months_24,
        months.first_loaded_month
    from {{ of_run_force(ref('int_outcome_counts_rolled_up')) }} as counts
    inner join months using (force_id, reporting_month)
),

year_earlier as (
    select
        *,
        lag(outcomes_r12, 12) over (
            partition by force_id, breakdown, area, offence_group, outcome_type order by reporting_month
        ) as outcomes_prev_r12
    from available
)

select
    year_earlier.force_id,
    year_earlier.reporting_month,
    year_earlier.breakdown,
    year_earlier.area,
    year_earlier.offence_group,
    year_earlier.outcome_type,
    outcome_types.outcome_group,
    outcome_types.is_prosecution_possible,
    year_earlier.outcomes_month,
    year_earlier.outcomes_r12,
    year_earlier.outcomes_prev_r12,
    {{ unavailable_reason(23) }} as unavailable_reason
from year_earlier
inner join {{ ref('stg_reference__outcome_types') }} as outcome_types using (outcome_type)
where {{ is_selected_reporting_month('year_earlier.reporting_month') }}
