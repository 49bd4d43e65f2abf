-- A change's drivers, named and the rest, add up to the change (marts.crime_change_drivers).
select force_id, reporting_month, area, offence_group, offence_subgroup, driven_by
from {{ ref('crime_change_drivers') }}
where {{ is_selected_reporting_month() }}
group by force_id, reporting_month, area, offence_group, offence_subgroup, driven_by
having sum(contribution) <> any_value(r12_change) or count(distinct r12_change) <> 1
