-- The area of each LSOA a force's data.police.uk files mention: its local authority (the LSOA name
-- without its trailing code, e.g. 'Bedford 001A' -> 'Bedford'), or 'Outside force area' when that
-- local authority holds under 1% of the force's located street rows (a crime recorded by the force
-- but placed in a neighbouring force's area). See docs/police-uk.md.
with

located as (
    select force_id, lsoa_code, lsoa_name from {{ source('raw', 'police_uk_street') }}
    where lsoa_code is not null
    union all
    select force_id, lsoa_code, lsoa_name from {{ source('raw', 'police_uk_outcomes') }}
    where lsoa_code is not null
),

named as (
    select
        force_id,
        lsoa_code,
        regexp_replace(trim(lsoa_name), '\s+[0-9]{3}[A-Z]$', '') as local_authority
    from located
),

shares as (
    select
        force_id,
        local_authority,
        count(*) / sum(count(*)) over (partition by force_id) as share
    from named
    group by force_id, local_authority
)

select
    named.force_id,
    named.lsoa_code,
    any_value(named.local_authority) as local_authority,
    case
        when any_value(shares.share) >= 0.01 then any_value(named.local_authority)
        else 'Outside force area'
    end as area,
    any_value(shares.share) < 0.01 as is_outside_force
from named
inner join shares using (force_id, local_authority)
group by named.force_id, named.lsoa_code
