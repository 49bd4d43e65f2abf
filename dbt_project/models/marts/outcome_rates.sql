-- Prosecution-possible rates (in-period and cohort bases), outcome 16 share, TICs and out-of-court
-- disposals, R12 and month, each as of its own reporting month. Figures need both the crimes and the
-- outcomes extracts for their window.
with

months as (
    {{ spined_months(['crimes', 'outcomes']) }}
),

series as (
    select
        rates.*,
        months.is_loaded,
        months.is_r12_complete,
        months.missing_months_24,
        months.first_loaded_month
    from {{ of_run_force(ref('int_outcome_rates_rolled_up')) }} as rates
    inner join months using (force_id, reporting_month)
),

available as (
    select
        force_id,
        reporting_month,
        breakdown,
        area,
        offence_group,
        offence_subgroup,
        domestic_abuse,
        case when is_r12_complete then sum(crimes) over last_12 end as crimes_r12,
        {%- for measure in ['pp_outcomes_r12', 'pp_cohort_r12', 'assigned_outcomes_r12', 'outcome16_r12', 'tic_r12', 'oocd_r12'] %}
        case when is_r12_complete then {{ measure }} end as {{ measure }},
        {%- endfor %}
        case when is_loaded then tic_month end as tic_month,
        case when is_loaded then oocd_month end as oocd_month,
        missing_months_24,
        first_loaded_month
    from series
    window last_12 as (
        partition by force_id, breakdown, area, offence_group, offence_subgroup, domestic_abuse
        order by reporting_month rows between 11 preceding and current row
    )
),

shares as (
    select
        *,
        pp_outcomes_r12 / nullif(crimes_r12, 0) as pp_rate_in_period,
        pp_cohort_r12 / nullif(crimes_r12, 0) as pp_rate_cohort,
        outcome16_r12 / nullif(assigned_outcomes_r12, 0) as outcome16_share
    from available
),

year_earlier as (
    select
        *,
        -- the m-12 row was itself computed as of m-12
        lag(outcome16_share, 12) over (
            partition by force_id, breakdown, area, offence_group, offence_subgroup, domestic_abuse
            order by reporting_month
        ) as outcome16_share_year_earlier
    from shares
)

select
    force_id,
    reporting_month,
    breakdown,
    area,
    offence_group,
    offence_subgroup,
    domestic_abuse,
    cast(crimes_r12 as bigint) as crimes_r12,
    pp_outcomes_r12,
    cast(pp_rate_in_period as double) as pp_rate_in_period,
    pp_cohort_r12,
    cast(pp_rate_cohort as double) as pp_rate_cohort,
    assigned_outcomes_r12,
    outcome16_r12,
    cast(outcome16_share as double) as outcome16_share,
    cast(outcome16_share_year_earlier as double) as outcome16_share_year_earlier,
    tic_month,
    tic_r12,
    oocd_month,
    oocd_r12,
    {{ unavailable_reason(23) }} as unavailable_reason
from year_earlier
where {{ is_selected_reporting_month() }}
