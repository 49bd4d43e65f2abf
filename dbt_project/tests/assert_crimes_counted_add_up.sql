-- The crimes counted from a month's delivery are the month's all-crime figure of
-- marts.crime_volume, for the months the build writes (that staging keeps every loaded row is
-- quality.row_reconciliation's check).
select counted.force_id, counted.reporting_month
from {{ ref('crimes_counted') }} as counted
left join {{ ref('crime_volume') }} as volume
    on volume.force_id = counted.force_id
    and volume.reporting_month = counted.reporting_month
    and volume.area = 'All'
    and volume.offence_group = 'All crime'
    and volume.offence_subgroup = 'All'
where {{ is_selected_reporting_month('counted.reporting_month') }}
    and counted.crimes_counted is distinct from volume.crimes
