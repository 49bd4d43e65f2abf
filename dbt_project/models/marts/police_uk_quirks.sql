-- The quirks of data.police.uk files, counted per force and delivered month (docs/police-uk.md):
-- none is dropped silently, none stops the run; the paper prints them. Counted over every delivered
-- month (a repeat looks back), written for the selected months only.
with

street as (
    select * from {{ source('raw', 'police_uk_street') }}
),

outcomes as (
    select * from {{ source('raw', 'police_uk_outcomes') }}
),

areas as (
    select * from {{ of_run_force(ref('stg_police_uk__lsoa_areas')) }}
),

-- a Crime ID delivered more than once: every row after the first (by delivery, then row) is dropped
repeats as (
    select force_id, month, count(*) as rows
    from (
        select
            force_id,
            month,
            row_number() over (partition by force_id, crime_id order by month desc, _row_number desc) as n
        from street
        where crime_id is not null
    )
    where n > 1
    group by all
),

street_counts as (
    select
        street.force_id,
        street.month,
        count(*) as street_rows,
        count(*) filter (where street.crime_type = 'Anti-social behaviour') as anti_social_behaviour,
        count(*) filter (where street.crime_id is null) as blank_crime_ids,
        count(*) filter (where street.lsoa_code is null) as rows_without_location,
        count(*) filter (where areas.is_outside_force) as rows_outside_force_area
    from street
    left join areas
        on areas.force_id = street.force_id
        and areas.lsoa_code = street.lsoa_code
    group by all
),

crimes as (
    select force_id, crime_ref, recorded_month, offence_group
    from {{ of_run_force(ref('int_crimes_unioned')) }}
    where source = 'police.uk'
),

-- each crime's latest published outcome (later month, then later row) against the street file's
-- "Last outcome category": a difference is a revision published after the crime's street delivery
latest_outcomes as (
    select force_id, crime_id, outcome_category
    from outcomes
    qualify row_number() over (partition by force_id, crime_id order by month desc, _row_number desc) = 1
),

revisions as (
    select street.force_id, street.month, count(*) as last_outcome_revisions
    from street
    inner join latest_outcomes
        on latest_outcomes.force_id = street.force_id
        and latest_outcomes.crime_id = street.crime_id
    where street.last_outcome_category is distinct from latest_outcomes.outcome_category
    group by all
),

outcome_counts as (
    select
        outcomes.force_id,
        outcomes.month,
        count(*) as outcome_rows,
        count(*) filter (where crimes.offence_group = 'Crime type not known')
            as outcomes_of_crimes_before_first_month,
        count(*) - count(distinct outcomes.crime_id) as repeated_outcome_rows
    from outcomes
    left join crimes
        on crimes.force_id = outcomes.force_id
        and crimes.crime_ref = outcomes.crime_id
    group by all
)

select
    street_counts.force_id,
    street_counts.month as reporting_month,
    street_counts.street_rows,
    street_counts.anti_social_behaviour,
    street_counts.blank_crime_ids,
    coalesce(repeats.rows, 0) as repeated_crime_id_rows,
    street_counts.rows_without_location,
    street_counts.rows_outside_force_area,
    coalesce(outcome_counts.outcome_rows, 0) as outcome_rows,
    coalesce(outcome_counts.repeated_outcome_rows, 0) as repeated_outcome_rows,
    coalesce(outcome_counts.outcomes_of_crimes_before_first_month, 0) as outcomes_of_crimes_before_first_month,
    coalesce(revisions.last_outcome_revisions, 0) as last_outcome_revisions
from street_counts
left join repeats using (force_id, month)
left join outcome_counts using (force_id, month)
left join revisions using (force_id, month)
where {{ is_selected_reporting_month('street_counts.month') }}
