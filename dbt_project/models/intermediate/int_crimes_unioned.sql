-- The one point where the sources meet (docs/police-uk.md): crimes of the force extracts
-- (stg_raw__crimes) and of data.police.uk (stg_police_uk__crimes), in one interface, plus one row per
-- crime known only from a data.police.uk outcome (recorded before the first street month loaded):
-- its crime type is unknown and its recorded month is taken as the month before that first month,
-- so it never counts as a crime in a loaded month but its outcomes still count.
with

police_uk_crimes as (
    select * from {{ ref('stg_police_uk__crimes') }}
),

first_street_months as (
    select force_id, min(month) as first_month
    from {{ ref('stg_raw__loads') }}
    where extract = 'police_uk_street'
    group by force_id
),

crimes_before_first_month as (
    select
        outcomes.force_id,
        outcomes.crime_ref,
        any_value(outcomes.area) as area
    from {{ ref('stg_police_uk__outcomes') }} as outcomes
    anti join police_uk_crimes
        on police_uk_crimes.force_id = outcomes.force_id
        and police_uk_crimes.crime_ref = outcomes.crime_ref
    group by outcomes.force_id, outcomes.crime_ref
)

select *, 'force extracts' as source from {{ ref('stg_raw__crimes') }}
union all by name
select *, 'police.uk' as source from police_uk_crimes
union all by name
select
    crimes_before_first_month.force_id,
    crimes_before_first_month.crime_ref,
    cast(null as timestamp) as recorded_at,
    {{ add_months('first_street_months.first_month', -1) }} as recorded_month,
    cast(null as varchar) as offence_code,
    'Crime type not known' as offence_group,
    'Recorded before the first month loaded' as offence_subgroup,
    crimes_before_first_month.area,
    crimes_before_first_month.area as district,
    cast(null as varchar) as beat_code,
    cast(null as varchar) as lsoa_code,
    false as domestic_abuse,
    'recorded' as status,
    true as is_recorded,
    cast(null as date) as delivery_month,
    'police.uk' as source
from crimes_before_first_month
inner join first_street_months using (force_id)
