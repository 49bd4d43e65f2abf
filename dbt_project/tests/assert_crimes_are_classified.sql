-- Warns about crimes the seeds cannot place: an offence code with no classification valid on the
-- recorded date, or an LSOA missing from area_lookup. They count under 'Unknown' in the marts.
{{ config(severity='warn') }}

select force_id, crime_ref, recorded_at, offence_code, lsoa_code
from {{ ref('stg_raw__crimes') }}
where offence_group = 'Unknown' or area = 'Unknown'
