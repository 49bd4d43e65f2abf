with

crimes as (
    select * from {{ source('raw', 'crimes') }}
    -- the same crime in two deliveries: the later delivery (then the later row) wins
    qualify row_number() over (
        partition by force_id, crime_ref order by month desc, _row_number desc
    ) = 1
),

offences as (
    select * from {{ ref('offence_classification') }}
),

lsoas as (
    select force_id, lsoa_code, district, area from {{ ref('area_lookup') }}
)

select
    crimes.force_id,
    crimes.crime_ref,
    crimes.recorded_at,
    cast(date_trunc('month', crimes.recorded_at) as date) as recorded_month,
    crimes.offence_code,
    coalesce(offences.offence_group, 'Unknown') as offence_group,
    coalesce(offences.offence_subgroup, 'Unknown') as offence_subgroup,
    coalesce(lsoas.area, 'Unknown') as area,
    coalesce(lsoas.district, 'Unknown') as district,
    crimes.beat_code,
    crimes.lsoa_code,
    crimes.domestic_abuse,
    crimes.status,
    crimes.status = 'recorded' as is_recorded,
    crimes.month as delivery_month

from crimes
-- the classification valid on the day the crime was recorded (burglary codes changed in April 2017)
left join offences
    on offences.offence_code = crimes.offence_code
    and cast(crimes.recorded_at as date)
        between offences.valid_from and coalesce(offences.valid_to, date '9999-12-31')
left join lsoas
    on lsoas.force_id = crimes.force_id
    and lsoas.lsoa_code = crimes.lsoa_code
