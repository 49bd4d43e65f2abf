-- Attendance times (minutes from call to arrival) of attended incidents by area, grade and linked
-- offence subgroup: month, R12 and the previous month's median. Zero-filled: every key every month.
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

incidents as (
    select distinct force_id, area, grade from {{ ref('stg_raw__incidents') }}
),

crime_keys as (
    select distinct force_id, area, offence_subgroup from {{ ref('int_crimes_counted_by_month') }}
),

keys as (
    select areas.force_id, areas.area, grades.grade, subgroups.offence_subgroup
    from (
        select force_id, area from incidents
        union select force_id, area from crime_keys
        union select distinct force_id, 'All' from incidents
    ) as areas
    inner join (
        select force_id, grade from incidents
        union select distinct force_id, 'All' from incidents
    ) as grades using (force_id)
    inner join (
        select force_id, offence_subgroup from crime_keys
        union select distinct force_id, 'All' from crime_keys
    ) as subgroups using (force_id)
),

response as (
    select * from {{ ref('int_response_times_rolled_up') }}
    where {{ is_selected_reporting_month() }}
)

select
    selected_months.force_id,
    selected_months.reporting_month,
    keys.area,
    keys.grade,
    keys.offence_subgroup,
    case when is_loaded then coalesce(response.incidents_month, 0) end as incidents_month,
    case when is_loaded then response.median_minutes_month end as median_minutes_month,
    case when is_loaded then response.p90_minutes_month end as p90_minutes_month,
    case when is_r12_complete then coalesce(response.incidents_r12, 0) end as incidents_r12,
    case when is_r12_complete then response.median_minutes_r12 end as median_minutes_r12,
    case when is_r12_complete then response.p90_minutes_r12 end as p90_minutes_r12,
    case when is_previous_month_loaded then response.median_minutes_previous_month end
        as median_minutes_previous_month,
    {{ unavailable_reason(11) }} as unavailable_reason
from selected_months
inner join keys using (force_id)
left join response using (force_id, reporting_month, area, grade, offence_subgroup)
