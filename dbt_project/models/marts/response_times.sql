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

-- every selected month with the call months of its R12 window
window_months as (
    select
        force_id,
        reporting_month,
        cast(unnest(generate_series(
            {{ add_months('reporting_month', -11) }}, reporting_month, interval 1 month
        )) as date) as call_month
    from selected_months
),

-- every attended incident counts under offence subgroup 'All'; one linked to a recorded crime also
-- under that crime's subgroup
attended as (
    select force_id, call_month, area, grade, 'All' as offence_subgroup, attendance_minutes
    from {{ of_run_force(ref('int_incidents_joined_to_crimes')) }}
    where is_attended
    union all
    select force_id, call_month, area, grade, offence_subgroup, attendance_minutes
    from {{ of_run_force(ref('int_incidents_joined_to_crimes')) }}
    where is_attended and offence_subgroup is not null
),

{#- Area and grade totals as one group by each (not `cube`): quantiles hold every value, and
    separate aggregations keep only one breakdown's values in memory at a time. -#}
{%- set breakdowns = [('area', 'grade'), ("'All'", 'grade'), ('area', "'All'"), ("'All'", "'All'")] %}

-- month figures for the selected months and the month before each
monthly as (
    {%- for area, grade in breakdowns %}
    select
        force_id,
        call_month,
        {{ area }} as area,
        {{ grade }} as grade,
        offence_subgroup,
        count(*) as incidents,
        quantile_cont(attendance_minutes, [0.5, 0.9]) as quantiles
    from attended
    where call_month in (
        select reporting_month from selected_months
        union
        select {{ add_months('reporting_month', -1) }} from selected_months
    )
    group by all
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

rolling as (
    {%- for area, grade in breakdowns %}
    select
        window_months.force_id,
        window_months.reporting_month,
        {{ area }} as area,
        {{ grade }} as grade,
        attended.offence_subgroup,
        count(*) as incidents,
        quantile_cont(attended.attendance_minutes, [0.5, 0.9]) as quantiles
    from window_months
    inner join attended
        on attended.force_id = window_months.force_id
        and attended.call_month = window_months.call_month
    group by all
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

keys as (
    select areas.force_id, areas.area, grades.grade, subgroups.offence_subgroup
    from (
        select distinct force_id, area from attended
        union select distinct force_id, area from {{ of_run_force(ref('int_crimes_counted_by_month')) }}
        union select distinct force_id, 'All' from selected_months
    ) as areas
    inner join (
        select distinct force_id, grade from attended
        union select distinct force_id, 'All' from selected_months
    ) as grades using (force_id)
    inner join (
        select distinct force_id, offence_subgroup from {{ of_run_force(ref('int_crimes_counted_by_month')) }}
        union select distinct force_id, 'All' from selected_months
    ) as subgroups using (force_id)
)

select
    selected_months.force_id,
    selected_months.reporting_month,
    keys.area,
    keys.grade,
    keys.offence_subgroup,
    case when selected_months.is_loaded then coalesce(this_month.incidents, 0) end as incidents_month,
    case when selected_months.is_loaded then this_month.quantiles[1] end as median_minutes_month,
    case when selected_months.is_loaded then this_month.quantiles[2] end as p90_minutes_month,
    case when selected_months.is_r12_complete then coalesce(rolling.incidents, 0) end as incidents_r12,
    case when selected_months.is_r12_complete then rolling.quantiles[1] end as median_minutes_r12,
    case when selected_months.is_r12_complete then rolling.quantiles[2] end as p90_minutes_r12,
    case when selected_months.is_previous_month_loaded then previous_month.quantiles[1] end
        as median_minutes_previous_month,
    {{ unavailable_reason(11, 'selected_months') }} as unavailable_reason
from selected_months
inner join keys
    on keys.force_id = selected_months.force_id
left join rolling
    on rolling.force_id = keys.force_id
    and rolling.reporting_month = selected_months.reporting_month
    and rolling.area = keys.area
    and rolling.grade = keys.grade
    and rolling.offence_subgroup = keys.offence_subgroup
left join monthly as this_month
    on this_month.force_id = keys.force_id
    and this_month.call_month = selected_months.reporting_month
    and this_month.area = keys.area
    and this_month.grade = keys.grade
    and this_month.offence_subgroup = keys.offence_subgroup
left join monthly as previous_month
    on previous_month.force_id = keys.force_id
    and previous_month.call_month = {{ add_months('selected_months.reporting_month', -1) }}
    and previous_month.area = keys.area
    and previous_month.grade = keys.grade
    and previous_month.offence_subgroup = keys.offence_subgroup
