with

incidents as (
    select * from {{ source('raw', 'incidents') }}
    -- the same incident in two deliveries: the later delivery (then the later row) wins
    qualify row_number() over (
        partition by force_id, incident_ref order by month desc, _row_number desc
    ) = 1
),

beats as (
    select distinct force_id, beat_code, district, area from {{ ref('area_lookup') }}
)

select
    incidents.force_id,
    incidents.incident_ref,
    incidents.grade,
    incidents.call_at,
    cast(date_trunc('month', incidents.call_at) as date) as call_month,
    incidents.arrived_at,
    incidents.arrived_at is not null as is_attended,
    date_diff('second', incidents.call_at, incidents.arrived_at) / 60.0 as attendance_minutes,
    nullif(trim(incidents.linked_crime_ref), '') as linked_crime_ref,
    incidents.beat_code,
    coalesce(beats.area, 'Unknown') as area,
    coalesce(beats.district, 'Unknown') as district,
    incidents.month as delivery_month

from incidents
left join beats
    on beats.force_id = incidents.force_id
    and beats.beat_code = incidents.beat_code
