-- data.police.uk crimes in the interface of stg_raw__crimes (docs/police-uk.md): one row per crime,
-- offence group/subgroup through seed police_uk_crime_type_map, anti-social behaviour excluded (see
-- stg_police_uk__anti_social_behaviour). A month, not a date, is published: recorded_at is the first
-- of the month. Area: the local authority of the LSOA ('Outside force area' for an LSOA in a local
-- authority holding under 1% of the force's located crimes and anti-social behaviour, 'No location'
-- when the row has none). Published data has no domestic abuse flag (false) and every crime is
-- recorded.
with

street as (
    select * from {{ source('raw', 'police_uk_street') }}
    where crime_id is not null
    -- a Crime ID repeated (in one file or two deliveries): the later delivery, then the later row wins
    qualify row_number() over (
        partition by force_id, crime_id order by month desc, _row_number desc
    ) = 1
),

crime_types as (
    select * from {{ ref('police_uk_crime_type_map') }}
),

areas as (
    select * from {{ ref('stg_police_uk__lsoa_areas') }}
)

select
    street.force_id,
    street.crime_id as crime_ref,
    cast(street.month as timestamp) as recorded_at,
    street.month as recorded_month,
    cast(null as varchar) as offence_code,
    coalesce(crime_types.offence_group, 'Unknown') as offence_group,
    coalesce(crime_types.offence_subgroup, 'Unknown') as offence_subgroup,
    coalesce(areas.area, 'No location') as area,
    coalesce(areas.area, 'No location') as district,
    cast(null as varchar) as beat_code,
    street.lsoa_code,
    false as domestic_abuse,
    'recorded' as status,
    true as is_recorded,
    street.month as delivery_month

from street
left join crime_types
    on crime_types.crime_type = street.crime_type
left join areas
    on areas.force_id = street.force_id
    and areas.lsoa_code = street.lsoa_code
where coalesce(crime_types.is_crime, true)
