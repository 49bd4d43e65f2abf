-- The offence groups and subgroups every month of a force is zero-filled on: the Home Office
-- classification (seed offence_classification) for a force with its own crimes extract, the
-- data.police.uk crosswalk (seed police_uk_crime_type_map, crimes only) for a force loaded from
-- data.police.uk. A force whose crimes come only from one source never shows the other's groups.
with

forces as (
    select distinct
        force_id,
        extract = 'police_uk_street' as is_police_uk
    from {{ ref('stg_raw__loads') }}
    where extract in ('crimes', 'police_uk_street')
)

select forces.force_id, offences.offence_group, offences.offence_subgroup, offences.valid_from, offences.valid_to
from forces
cross join {{ ref('offence_classification') }} as offences
where not forces.is_police_uk
union all
select forces.force_id, crime_types.offence_group, crime_types.offence_subgroup, date '1900-01-01', cast(null as date)
from forces
cross join {{ ref('police_uk_crime_type_map') }} as crime_types
where forces.is_police_uk and crime_types.is_crime
