-- Effective outcomes per outcome type as of each reporting month, zero-filled on every outcome type of
-- the seed and the crimes keys and months, rolled up into the outcome_counts breakdowns.
-- Missing months are not nulled here; the mart does that.
with

keys as (
    select distinct force_id, month as reporting_month, area, offence_group
    from {{ ref('int_crimes_counted_by_month') }}
),

counts as (
    select force_id, reporting_month, area, offence_group, outcome_type, outcomes_month, outcomes_r12
    from {{ ref('int_outcomes_counted_as_of_month') }}
),

base as (
    select keys.*, outcome_types.outcome_type, counts.outcomes_month, counts.outcomes_r12
    from keys
    cross join {{ ref('stg_reference__outcome_types') }} as outcome_types
    left join counts
        on counts.force_id = keys.force_id
        and counts.reporting_month = keys.reporting_month
        and counts.area = keys.area
        and counts.offence_group = keys.offence_group
        and counts.outcome_type = outcome_types.outcome_type
)

select
    force_id,
    reporting_month,
    {{ breakdown_name(['area', 'offence_group']) }} as breakdown,
    {{ total_label('area') }} as area,
    {{ total_label('offence_group', 'All crime') }} as offence_group,
    outcome_type,
    cast(coalesce(sum(outcomes_month), 0) as bigint) as outcomes_month,
    cast(coalesce(sum(outcomes_r12), 0) as bigint) as outcomes_r12
from base
group by grouping sets (
    (force_id, reporting_month, outcome_type),
    (force_id, reporting_month, outcome_type, area),
    (force_id, reporting_month, outcome_type, offence_group),
    (force_id, reporting_month, outcome_type, area, offence_group)
)
