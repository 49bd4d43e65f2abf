-- Recorded crime volume: discrete month, R12, previous R12, change, trend runs, lowest/highest in 12.
-- Windows run over the full zero-filled monthly series; only the selected reporting month(s) are written.
with

months as (
    {{ spined_months(['crimes']) }}
),

series as (
    select
        volume.*,
        months.is_loaded,
        months.is_r12_complete,
        months.missing_months_24,
        months.first_loaded_month,
        date_diff('month', months.first_loaded_month, volume.reporting_month) as month_index
    from {{ of_run_force(ref('int_crime_volume_rolled_up')) }} as volume
    inner join months using (force_id, reporting_month)
),

rolling as (
    select
        *,
        case when is_loaded then crimes end as crimes_discrete,
        case when is_r12_complete then sum(crimes) over last_12 end as crimes_r12,
        case when is_r12_complete then crimes = min(crimes) over last_12 end as is_lowest_in_12,
        case when is_r12_complete then crimes = max(crimes) over last_12 end as is_highest_in_12
    from series
    window last_12 as (
        partition by force_id, breakdown, area, offence_group, offence_subgroup
        order by reporting_month rows between 11 preceding and current row
    )
),

compared as (
    select
        *,
        lag(crimes_r12, 12) over by_key as crimes_prev_r12,
        -- null when either R12 is unavailable: a trend run never runs through a null
        crimes_r12 > lag(crimes_r12) over by_key as r12_rose,
        crimes_r12 < lag(crimes_r12) over by_key as r12_fell
    from rolling
    window by_key as (partition by force_id, breakdown, area, offence_group, offence_subgroup order by reporting_month)
),

runs as (
    select
        *,
        -- the latest month up to m in which R12 did not rise (or could not be compared)
        max(case when r12_rose is distinct from true then month_index end) over up_to_m as last_non_rise_index,
        max(case when r12_fell is distinct from true then month_index end) over up_to_m as last_non_fall_index
    from compared
    window up_to_m as (
        partition by force_id, breakdown, area, offence_group, offence_subgroup
        order by reporting_month rows between unbounded preceding and current row
    )
)

select
    force_id,
    reporting_month,
    breakdown,
    area,
    offence_group,
    offence_subgroup,
    cast(crimes_discrete as bigint) as crimes,
    cast(crimes_r12 as bigint) as crimes_r12,
    cast(crimes_prev_r12 as bigint) as crimes_prev_r12,
    cast(crimes_r12 - crimes_prev_r12 as bigint) as r12_change,
    cast((crimes_r12 - crimes_prev_r12) / nullif(crimes_prev_r12, 0) as double) as r12_pct_change,
    crimes_prev_r12 < 50 as is_small_base,
    cast(case when r12_rose then month_index - last_non_rise_index when not r12_rose then 0 end as integer)
        as r12_rising_months,
    cast(case when r12_fell then month_index - last_non_fall_index when not r12_fell then 0 end as integer)
        as r12_falling_months,
    is_lowest_in_12,
    is_highest_in_12,
    {{ unavailable_reason(23) }} as unavailable_reason
from runs
where {{ is_selected_reporting_month() }}
