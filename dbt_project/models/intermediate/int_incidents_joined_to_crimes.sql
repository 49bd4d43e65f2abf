-- Incidents with the offence subgroup of the recorded crime raised from them (null when none is
-- linked, or the linked crime is not a recorded crime in raw.crimes).
with

linked_crimes as (
    select force_id, crime_ref, offence_subgroup
    from {{ ref('stg_raw__crimes') }}
    where is_recorded
)

select
    incidents.force_id,
    incidents.incident_ref,
    incidents.call_month,
    incidents.area,
    incidents.grade,
    linked_crimes.offence_subgroup,
    incidents.is_attended,
    incidents.attendance_minutes
from {{ ref('stg_raw__incidents') }} as incidents
left join linked_crimes
    on linked_crimes.force_id = incidents.force_id
    and linked_crimes.crime_ref = incidents.linked_crime_ref
