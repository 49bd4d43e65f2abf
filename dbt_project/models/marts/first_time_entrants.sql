-- First-time entrants: people whose first charge/summons or out-of-court disposal in all the
-- loaded history falls in the month. As of each month's end: outcomes dated by then, of crimes
-- linked to the person (as suspect or offender) by then. The person's area is that of the crime
-- of their first such outcome.
with

months as (
    select * from ({{ spined_months(['offender_links', 'outcomes']) }})
    where {{ is_selected_reporting_month() }}
),

-- a charge/summons, or an out-of-court disposal (formal or informal, and diversion: outcome 22),
-- per seed outcome_type
entry_outcomes as (
    select force_id, crime_ref, outcome_date, outcome_month
    from {{ of_run_force(ref('stg_raw__outcomes')) }}
    where outcome_group = 'Charged/summonsed' or is_out_of_court_disposal
),

person_outcomes as (
    select
        links.force_id,
        links.nominal_pseudonym,
        links.linked_month,
        entry_outcomes.crime_ref,
        entry_outcomes.outcome_date,
        entry_outcomes.outcome_month,
        coalesce(crimes.area, 'Unknown') as area
    from {{ of_run_force(ref('stg_raw__offender_links')) }} as links
    inner join entry_outcomes
        on entry_outcomes.force_id = links.force_id
        and entry_outcomes.crime_ref = links.crime_ref
    left join {{ of_run_force(ref('stg_raw__crimes')) }} as crimes
        on crimes.force_id = links.force_id
        and crimes.crime_ref = links.crime_ref
),

firsts as (
    select
        months.force_id,
        months.reporting_month,
        person_outcomes.nominal_pseudonym,
        min(person_outcomes.outcome_month) as first_month,
        arg_min(
            person_outcomes.area, (person_outcomes.outcome_date, person_outcomes.crime_ref)
        ) as area
    from months
    inner join person_outcomes
        on person_outcomes.force_id = months.force_id
        and person_outcomes.outcome_month <= months.reporting_month
        and person_outcomes.linked_month <= months.reporting_month
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
    date_diff('month', months.first_loaded_month, months.reporting_month) + 1 < 60
        as is_floor,
    {{ unavailable_reason(11, 'months') }} as unavailable_reason
from months
inner join areas
    on areas.force_id = months.force_id
left join counted
    on counted.force_id = months.force_id
    and counted.reporting_month = months.reporting_month
    and counted.area = areas.area
