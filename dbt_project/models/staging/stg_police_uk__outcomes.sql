-- data.police.uk outcomes in the interface of stg_raw__outcomes (docs/police-uk.md): the published
-- outcome text mapped to the nearest Home Office outcome type through seed police_uk_outcome_map
-- (approximate where the seed says so). A month, not a date, is published: outcome_date is the first
-- of the month, so several outcomes of a crime in one month are ordered by their row in the file.
with

outcomes as (
    select * from {{ source('raw', 'police_uk_outcomes') }}
),

outcome_map as (
    select * from {{ ref('police_uk_outcome_map') }}
),

outcome_types as (
    select * from {{ ref('stg_reference__outcome_types') }}
),

areas as (
    select * from {{ ref('stg_police_uk__lsoa_areas') }}
)

select
    outcomes.force_id,
    outcomes.crime_id as crime_ref,
    outcome_map.outcome_type,
    outcomes.month as outcome_date,
    outcomes.month as outcome_month,
    outcome_types.outcome_group,
    coalesce(outcome_types.is_prosecution_possible, false) as is_prosecution_possible,
    coalesce(outcome_types.is_out_of_court_disposal, false) as is_out_of_court_disposal,
    coalesce(outcome_types.is_pending, false) as is_pending,
    outcomes.month as delivery_month,
    outcomes._row_number as delivery_row_number,
    outcomes.outcome_category,
    coalesce(areas.area, 'No location') as area

from outcomes
left join outcome_map
    on outcome_map.outcome_category = outcomes.outcome_category
left join outcome_types
    on outcome_types.outcome_type = outcome_map.outcome_type
left join areas
    on areas.force_id = outcomes.force_id
    and areas.lsoa_code = outcomes.lsoa_code
