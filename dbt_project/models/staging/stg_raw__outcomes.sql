-- Every outcome row is kept: a later row for the same crime is a revision, resolved per reporting
-- month in int_outcomes_versioned.
with

outcomes as (
    select * from {{ source('raw', 'outcomes') }}
),

outcome_types as (
    select * from {{ ref('stg_reference__outcome_types') }}
)

select
    outcomes.force_id,
    outcomes.crime_ref,
    outcomes.outcome_type,
    outcomes.outcome_date,
    cast(date_trunc('month', outcomes.outcome_date) as date) as outcome_month,
    outcome_types.outcome_group,
    coalesce(outcome_types.is_prosecution_possible, false) as is_prosecution_possible,
    coalesce(outcome_types.is_out_of_court_disposal, false) as is_out_of_court_disposal,
    coalesce(outcome_types.is_pending, false) as is_pending,
    outcomes.month as delivery_month,
    outcomes._row_number as delivery_row_number

from outcomes
left join outcome_types
    on outcome_types.outcome_type = outcomes.outcome_type
