-- Outcome rows of recorded crimes, each with the span of reporting months for which it is the crime's
-- effective outcome: the latest row dated on or before the month end (ties: later delivery, later row).
-- A row is effective from its own month until the month before the crime's next row; a row followed
-- by another in the same month is never effective at a month end and is dropped.
with

outcomes as (
    select
        *,
        lead(outcome_month) over (
            partition by force_id, crime_ref
            order by outcome_date, delivery_month, delivery_row_number
        ) as next_outcome_month
    from {{ ref('int_outcomes_unioned') }}
),

-- outcomes take the crime's offence group, area and domestic abuse flag; outcomes of cancelled or
-- transferred crimes, or of crimes not (yet) in raw.crimes, are not counted
recorded_crimes as (
    select force_id, crime_ref, recorded_month, area, offence_group, offence_subgroup, domestic_abuse
    from {{ ref('int_crimes_unioned') }}
    where is_recorded
)

select
    outcomes.force_id,
    outcomes.crime_ref,
    outcomes.outcome_type,
    outcomes.outcome_date,
    outcomes.outcome_month,
    {{ add_months('outcomes.next_outcome_month', -1) }} as effective_to_month,
    outcomes.is_prosecution_possible,
    outcomes.is_out_of_court_disposal,
    outcomes.is_pending,
    recorded_crimes.recorded_month,
    recorded_crimes.area,
    recorded_crimes.offence_group,
    recorded_crimes.offence_subgroup,
    recorded_crimes.domestic_abuse

from outcomes
inner join recorded_crimes using (force_id, crime_ref)
where outcomes.next_outcome_month is distinct from outcomes.outcome_month
