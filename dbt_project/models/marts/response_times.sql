-- Attendance times (minutes from call to arrival) of attended incidents by area, grade and linked
-- offence subgroup: month, R12 and the previous month's median. Percentiles need the individual
-- times, so each selected reporting month is joined to the incidents of its 12 window months.
-- Zero-filled: every key every month (count 0, times null).
with

months as (
    select
        *,
        coalesce(lag(is_loaded) over (partition by force_id order by reporting_month), false)
            as is_previous_month_loaded
    from ({{ spined_months(['incidents']) }})
),

selected_months as (
    select * from months where {{ is_selected_reporting_month() }}
),

window_months as (
    select
        force_id,
        reporting_month,
        cast(unnest(generate_series(
            {{ add_months('reporting_month', -11) }}, reporting_month, interval 1 month
        )) as date) as call_month
    from selected_months
),

attended as (
    select * from {{ ref('int_incidents_joined_to_crimes') }} where is_attended
),

summarised as (
    select
        window_months.force_id,
        window_months.reporting_month,
        {{ total_label('area') }} as area,
        {{ total_label('grade') }} as grade,
        {{ total_label('offence_subgroup') }} as offence_subgroup,
        count(*) filter (where attended.call_month = window_months.reporting_month) as incidents_month,
        quantile_cont(attendance_minutes, [0.5, 0.9])
            filter (where attended.call_month = window_months.reporting_month) as quantiles_month,
        count(*) as incidents_r12,
        quantile_cont(attendance_minutes, [0.5, 0.9]) as quantiles_r12,
        quantile_cont(attendance_minutes, 0.5)
            filter (where attended.call_month = {{ add_months('window_months.reporting_month', -1) }})
            as median_minutes_previous_month
    from window_months
    inner join attended
        on attended.force_id = window_months.force_id
        and attended.call_month = window_months.call_month
    group by window_months.force_id, window_months.reporting_month, cube (area, grade, offence_subgroup)
    -- incidents without a linked recorded crime count only under offence_subgroup 'All'
    having grouping(offence_subgroup) = 1 or offence_subgroup is not null
),

keys as (
    select areas.force_id, areas.area, grades.grade, subgroups.offence_subgroup
    from (
        select distinct force_id, area from {{ ref('int_incidents_joined_to_crimes') }}
        union select distinct force_id, area from {{ ref('int_crimes_counted_by_month') }}
        union select distinct force_id, 'All' from selected_months
    ) as areas
    inner join (
        select distinct force_id, grade from {{ ref('int_incidents_joined_to_crimes') }}
        union select distinct force_id, 'All' from selected_months
    ) as grades using (force_id)
    inner join (
        select distinct force_id, offence_subgroup from {{ ref('int_crimes_counted_by_month') }}
        union select distinct force_id, 'All' from selected_months
    ) as subgroups using (force_id)
)

select
    selected_months.force_id,
    selected_months.reporting_month,
    keys.area,
    keys.grade,
    keys.offence_subgroup,
    case when is_loaded then coalesce(summarised.incidents_month, 0) end as incidents_month,
    case when is_loaded then summarised.quantiles_month[1] end as median_minutes_month,
    case when is_loaded then summarised.quantiles_month[2] end as p90_minutes_month,
    case when is_r12_complete then coalesce(summarised.incidents_r12, 0) end as incidents_r12,
    case when is_r12_complete then summarised.quantiles_r12[1] end as median_minutes_r12,
    case when is_r12_complete then summarised.quantiles_r12[2] end as p90_minutes_r12,
    case when is_previous_month_loaded then summarised.median_minutes_previous_month end
        as median_minutes_previous_month,
    {{ unavailable_reason(11) }} as unavailable_reason
from selected_months
inner join keys using (force_id)
left join summarised using (force_id, reporting_month, area, grade, offence_subgroup)
