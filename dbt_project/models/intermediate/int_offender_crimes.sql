-- One row per person, recorded crime linked to them and role (offender or suspect): a crime linked
-- to the same person twice in one role counts once, known from its first such link, with the
-- crime's harm weight. The offender marts count the offender rows; suspects are counted apart.
-- Links to crimes that are not (or no longer) recorded count for nothing.
with

links as (
    select force_id, nominal_pseudonym, crime_ref, role, min(linked_at) as linked_at
    from {{ ref('stg_raw__offender_links') }}
    group by all
),

crimes as (
    select * from {{ ref('stg_raw__crimes') }} where is_recorded
),

harm_weights as (
    select * from {{ ref('harm_weight') }}
)

select
    links.force_id,
    links.nominal_pseudonym,
    links.crime_ref,
    links.role,
    links.linked_at,
    cast(date_trunc('month', links.linked_at) as date) as linked_month,
    cast(crimes.recorded_at as date) as recorded_date,
    crimes.recorded_month,
    crimes.offence_subgroup,
    crimes.area,
    -- a subgroup the harm seed does not weigh adds no harm
    coalesce(harm_weights.harm_weight_days, 0) as harm_weight_days

from links
inner join crimes
    on crimes.force_id = links.force_id
    and crimes.crime_ref = links.crime_ref
left join harm_weights
    on harm_weights.offence_subgroup = crimes.offence_subgroup
