-- Monthly recorded crimes rolled up into the crime_volume breakdowns (zero-filled, missing months 0).
select
    force_id,
    month as reporting_month,
    {{ breakdown_name(['area', 'offence_group', 'offence_subgroup']) }} as breakdown,
    {{ total_label('area') }} as area,
    {{ total_label('offence_group', 'All crime') }} as offence_group,
    {{ total_label('offence_subgroup') }} as offence_subgroup,
    cast(sum(crimes) as bigint) as crimes
from {{ ref('int_crimes_counted_by_month') }}
group by grouping sets (
    (force_id, month),
    (force_id, month, area),
    (force_id, month, offence_group),
    (force_id, month, area, offence_group),
    (force_id, month, offence_group, offence_subgroup),
    (force_id, month, area, offence_group, offence_subgroup)
)
