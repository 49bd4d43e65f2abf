-- Every row of a month's crimes delivery is accounted for, and the crimes counted are the month's
-- all-crime figure of marts.crime_volume, for the months the build writes.
select counted.force_id, counted.reporting_month
from {{ ref('crimes_counted') }} as counted
left join {{ ref('crime_volume') }} as volume
    on volume.force_id = counted.force_id
    and volume.reporting_month = counted.reporting_month
    and volume.area = 'All'
    and volume.offence_group = 'All crime'
    and volume.offence_subgroup = 'All'
where {{ is_selected_reporting_month('counted.reporting_month') }}
    and (
        counted.rows_delivered <> counted.rows_rejected + counted.rows_replaced
        + counted.rows_cancelled + counted.rows_transferred
        + counted.rows_recorded_in_another_month + counted.crimes_counted
        or counted.crimes_counted is distinct from volume.crimes
    )
