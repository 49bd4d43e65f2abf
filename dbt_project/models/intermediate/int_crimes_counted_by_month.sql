-- Recorded crimes per force, month and base key (area, offence group/subgroup, domestic abuse),
-- zero-filled: every key of the force exists in every month of its crimes spine. The keys are the
-- seeds' (areas of the force, offence subgroups valid during the spine) plus any seen in the data
-- (e.g. 'Unknown'). Missing months are zero here; the marts null them.
with

months as (
    select force_id, month
    from {{ ref('int_extract_months_spined') }}
    where extract = 'crimes'
),

counts as (
    select
        force_id,
        recorded_month as month,
        area,
        offence_group,
        offence_subgroup,
        domestic_abuse,
        count(*) as crimes
    from {{ ref('int_crimes_unioned') }}
    where is_recorded
    group by all
),

areas as (
    select force_id, area from {{ ref('area_lookup') }}
    union
    select force_id, area from counts
),

offences as (
    select spans.force_id, offences.offence_group, offences.offence_subgroup
    from {{ ref('int_offence_keys') }} as offences
    inner join (
        select force_id, min(month) as first_month, max(month) as last_month from months group by force_id
    ) as spans
        on offences.force_id = spans.force_id
        and offences.valid_from <= spans.last_month
        and coalesce(offences.valid_to, date '9999-12-31') >= spans.first_month
    union
    select force_id, offence_group, offence_subgroup from counts
),

keys as (
    select areas.force_id, areas.area, offences.offence_group, offences.offence_subgroup, flags.domestic_abuse
    from areas
    inner join offences using (force_id)
    cross join (values (true), (false)) as flags (domestic_abuse)
)

select
    months.force_id,
    months.month,
    keys.area,
    keys.offence_group,
    keys.offence_subgroup,
    keys.domestic_abuse,
    coalesce(counts.crimes, 0) as crimes
from months
inner join keys using (force_id)
left join counts using (force_id, month, area, offence_group, offence_subgroup, domestic_abuse)
