-- Incidents are placed by beat through the distinct beats of area_lookup: a beat in two districts or
-- areas would count its incidents twice.
select force_id, beat_code
from {{ ref('area_lookup') }}
group by force_id, beat_code
having count(distinct (district, area)) > 1
