-- The IOM cohort at each month end by cohort type and area: members, entries and exits in the
-- month. Zero-filled: every cohort type and area of the force every month (null when the month's
-- snapshot was not delivered).
with

months as (
    select * from ({{ spined_months(['iom_cohort']) }}) where {{ is_selected_reporting_month() }}
),

cohort as (
    select * from {{ of_run_force(ref('stg_raw__iom_cohort')) }}
),

counted as (
    select
        force_id,
        snapshot_month as reporting_month,
        {{ total_label('cohort_type') }} as cohort_type,
        {{ total_label('area') }} as area,
        count(*) filter (where is_member_at_month_end) as members,
        count(*) filter (where entry_date >= snapshot_month) as entries,
        count(*) filter (where exit_date is not null) as exits
    from cohort
    where snapshot_month in (select reporting_month from months)
    group by grouping sets (
        (force_id, snapshot_month, cohort_type, area),
        (force_id, snapshot_month, cohort_type),
        (force_id, snapshot_month, area),
        (force_id, snapshot_month)
    )
),

keys as (
    select types.force_id, types.cohort_type, areas.area
    from (
        select distinct force_id, cohort_type from cohort
        union select distinct force_id, 'All' from months
    ) as types
    inner join (
        select distinct force_id, area from {{ ref('area_lookup') }}
        union select distinct force_id, area from cohort
        union select distinct force_id, 'All' from months
    ) as areas using (force_id)
)

select
    months.force_id,
    months.reporting_month,
    keys.cohort_type,
    keys.area,
    case when months.is_loaded then coalesce(counted.members, 0) end as members,
    case when months.is_loaded then coalesce(counted.entries, 0) end as entries,
    case when months.is_loaded then coalesce(counted.exits, 0) end as exits,
    case when not months.is_loaded then 'missing month: ' || strftime(months.reporting_month, '%Y-%m') end
        as unavailable_reason
from months
inner join keys
    on keys.force_id = months.force_id
left join counted
    on counted.force_id = months.force_id
    and counted.reporting_month = months.reporting_month
    and counted.cohort_type = keys.cohort_type
    and counted.area = keys.area
