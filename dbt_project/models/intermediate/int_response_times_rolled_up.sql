-- Attendance times of attended incidents per reporting month m, rolled up over every combination of
-- area, grade and the linked crime's offence subgroup ('All' = every incident, linked or not).
-- Percentiles need the individual times, so each incident is repeated for the 12 reporting months
-- whose R12 window holds it; a mart filter on reporting_month is pushed below the aggregation.
with

linked_crimes as (
    select force_id, crime_ref, offence_subgroup
    from {{ ref('stg_raw__crimes') }}
    where is_recorded
),

attended as (
    select
        incidents.force_id,
        incidents.call_month,
        incidents.area,
        incidents.grade,
        linked_crimes.offence_subgroup,
        incidents.attendance_minutes
    from {{ ref('stg_raw__incidents') }} as incidents
    left join linked_crimes
        on linked_crimes.force_id = incidents.force_id
        and linked_crimes.crime_ref = incidents.linked_crime_ref
    where incidents.is_attended
),

windowed as (
    select
        *,
        cast(unnest(generate_series(call_month, {{ add_months('call_month', 11) }}, interval 1 month)) as date)
            as reporting_month
    from attended
),

summarised as (
    select
        force_id,
        reporting_month,
        {{ total_label('area') }} as area,
        {{ total_label('grade') }} as grade,
        {{ total_label('offence_subgroup') }} as offence_subgroup,
        count(*) filter (where call_month = reporting_month) as incidents_month,
        quantile_cont(attendance_minutes, [0.5, 0.9]) filter (where call_month = reporting_month)
            as quantiles_month,
        count(*) as incidents_r12,
        quantile_cont(attendance_minutes, [0.5, 0.9]) as quantiles_r12,
        quantile_cont(attendance_minutes, 0.5) filter (where call_month = {{ add_months('reporting_month', -1) }})
            as median_minutes_previous_month
    from windowed
    group by force_id, reporting_month, cube (area, grade, offence_subgroup)
    -- incidents without a linked recorded crime count only under offence_subgroup 'All'
    having grouping(offence_subgroup) = 1 or offence_subgroup is not null
)

select
    force_id,
    reporting_month,
    area,
    grade,
    offence_subgroup,
    incidents_month,
    quantiles_month[1] as median_minutes_month,
    quantiles_month[2] as p90_minutes_month,
    incidents_r12,
    quantiles_r12[1] as median_minutes_r12,
    quantiles_r12[2] as p90_minutes_r12,
    median_minutes_previous_month
from summarised
