-- First-time entrants: offenders whose first charge/summons or out-of-court disposal in all the
-- loaded history falls in the month. As of each month's end, from each crime's current outcome
-- (int_outcomes_versioned: its latest outcome dated by then, so a charge later revised away does
-- not count), of crimes linked to the person as offender by then (a suspect is not an offender).
-- The person's area is that of the crime of their first such outcome.
with

months as (
    select * from ({{ spined_months(['offender_links', 'outcomes']) }})
    where {{ is_selected_reporting_month() }}
),

-- a charge/summons, or an out-of-court disposal (formal or informal, and diversion: outcome 22),
-- per seed outcome_type
entry_types as (
    select outcome_type from {{ ref('stg_reference__outcome_types') }}
    where outcome_group = 'Charged/summonsed' or is_out_of_court_disposal
),

current_entry_outcomes as (
    select
        months.force_id,
        months.reporting_month,
        outcomes.crime_ref,
        outcomes.outcome_date,
        outcomes.outcome_month,
        coalesce(outcomes.area, 'Unknown') as area
    from months
    inner join {{ of_run_force(ref('int_outcomes_versioned')) }} as outcomes
        on outcomes.force_id = months.force_id
        and outcomes.outcome_month <= months.reporting_month
        and coalesce(outcomes.effective_to_month, months.reporting_month) >= months.reporting_month
    where outcomes.outcome_type in (select outcome_type from entry_types)
),

offender_links as (
    select force_id, crime_ref, nominal_pseudonym, linked_month
    from {{ of_run_force(ref('stg_raw__offender_links')) }}
    where role = 'offender'
),

firsts as (
    select
        entries.force_id,
        entries.reporting_month,
        links.nominal_pseudonym,
        min(entries.outcome_month) as first_month,
        arg_min(entries.area, (entries.outcome_date, entries.crime_ref)) as area
    from current_entry_outcomes as entries
    inner join offender_links as links
        on links.force_id = entries.force_id
        and links.crime_ref = entries.crime_ref
        and links.linked_month <= entries.reporting_month
    group by all
),

counted as (
    select
        force_id,
        reporting_month,
        {{ total_label('area') }} as area,
        count(*) filter (where first_month = reporting_month) as entrants_month,
        count(*) filter (
            where first_month >= {{ add_months('reporting_month', -11) }}
        ) as entrants_r12
    from firsts
    group by grouping sets ((force_id, reporting_month, area), (force_id, reporting_month))
),

areas as (
    select distinct force_id, area from {{ ref('area_lookup') }}
    union select distinct force_id, area from firsts
    union select distinct force_id, 'All' from months
)

select
    months.force_id,
    months.reporting_month,
    areas.area,
    case when months.is_loaded then coalesce(counted.entrants_month, 0) end as entrants_month,
    case when months.is_r12_complete then coalesce(counted.entrants_r12, 0) end as entrants_r12,
    cast(date_diff('month', months.first_loaded_month, months.reporting_month) + 1 as integer)
        as history_months,
    -- under five years loaded, someone whose first entry predates the history counts as new
    date_diff('month', months.first_loaded_month, months.reporting_month) + 1 < 60
        as is_overcount,
    {{ unavailable_reason(11, 'months') }} as unavailable_reason
from months
inner join areas
    on areas.force_id = months.force_id
left join counted
    on counted.force_id = months.force_id
    and counted.reporting_month = months.reporting_month
    and counted.area = areas.area
