-- The change of each outcome rate the paper compares, split after Kitagawa into the part from the
-- mix of its parts (offence groups of all crime, subgroups of all crime or a group, areas of a
-- force-wide rate: macros/parts.sql) and the part from the rates within them. Two measures of
-- outcome_rates: the prosecution-possible rate (in-period basis; outcomes over crimes) on the
-- previous month, and the outcome 16 share (outcome 16 over assigned outcomes) on a year earlier,
-- of all crime and of domestic abuse cases.
-- With each part's share of the base w and rate r in the month compared (0) and this one (1):
--   mix_effect  = sum over parts of (w1 - w0) * (r0 + r1) / 2
--   rate_effect = sum over parts of (r1 - r0) * (w0 + w1) / 2
-- which add up exactly to the rate's change, because the rate is the base-weighted sum of the
-- parts' rates. A part with no base in one month takes the other month's rate (its share is 0
-- there); a part with events but no base breaks that identity, and its parent is left out.
with

rates as (
    select force_id, reporting_month, area, offence_group, offence_subgroup,
        'pp_rate_in_period' as measure, 1 as months_back, crimes_r12 as base,
        pp_outcomes_r12 as events, pp_rate_in_period as rate, unavailable_reason
    from {{ of_run_force(ref('outcome_rates')) }}
    where domestic_abuse = 'All'

    union all

    select force_id, reporting_month, area, offence_group, offence_subgroup,
        'outcome16_share', 12, assigned_outcomes_r12, outcome16_r12, outcome16_share,
        unavailable_reason
    from {{ of_run_force(ref('outcome_rates')) }}
    where domestic_abuse = 'All'

    union all

    -- the same share of domestic abuse cases (outcome_rates splits them by area only)
    select force_id, reporting_month, area, offence_group, offence_subgroup,
        'outcome16_share_domestic_abuse', 12, assigned_outcomes_r12, outcome16_r12,
        outcome16_share, unavailable_reason
    from {{ of_run_force(ref('outcome_rates')) }}
    where domestic_abuse = 'Domestic abuse'
),

paired as (
    select
        now.*,
        cast(now.reporting_month - to_months(now.months_back) as date) as compared_month,
        compared.base as base_compared,
        compared.events as events_compared,
        compared.rate as rate_compared
    from rates as now
    left join rates as compared
        on compared.force_id = now.force_id and compared.measure = now.measure
        and compared.reporting_month = cast(now.reporting_month - to_months(now.months_back) as date)
        and compared.area = now.area and compared.offence_group = now.offence_group
        and compared.offence_subgroup = now.offence_subgroup
),

parents as (
    select * from paired where {{ is_selected_reporting_month() }}
),

parts as (
    {%- for dimension in part_dimensions() %}
    select parent.*, '{{ dimension }}' as mix_of, child.base as part_base,
        child.base_compared as part_base_compared, child.events as part_events,
        child.events_compared as part_events_compared
    from parents as parent
    {{ joined_to_parts('paired', dimension, same=['measure']) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

weighted as (
    select
        *,
        part_base / nullif(base, 0) as share,
        part_base_compared / nullif(base_compared, 0) as share_compared,
        coalesce(
            part_events / nullif(part_base, 0),
            part_events_compared / nullif(part_base_compared, 0), 0
        ) as part_rate,
        coalesce(
            part_events_compared / nullif(part_base_compared, 0),
            part_events / nullif(part_base, 0), 0
        ) as part_rate_compared,
        (part_base = 0 and part_events <> 0)
            or (part_base_compared = 0 and part_events_compared <> 0) as has_events_without_base
    from parts
),

summed as (
    select
        force_id, reporting_month, area, offence_group, offence_subgroup, measure, mix_of,
        compared_month,
        any_value(rate) as rate,
        any_value(rate_compared) as rate_compared,
        count(*) as parts,
        -- null when any part's share is (a missing month, no base in the parent)
        case when count(share) = count(*) and count(share_compared) = count(*)
            then sum((share - share_compared) * (part_rate + part_rate_compared) / 2) end as mix_effect,
        case when count(share) = count(*) and count(share_compared) = count(*)
            then sum((part_rate - part_rate_compared) * (share + share_compared) / 2) end as rate_effect,
        bool_or(has_events_without_base) as has_events_without_base,
        any_value(unavailable_reason) as unavailable_reason
    from weighted
    group by force_id, reporting_month, area, offence_group, offence_subgroup, measure, mix_of,
        compared_month
),

judged as (
    select
        *,
        rate is not null and rate_compared is not null and mix_effect is not null
            and not has_events_without_base as is_decomposed
    from summed
)

select
    force_id,
    reporting_month,
    area,
    offence_group,
    offence_subgroup,
    measure,
    mix_of,
    compared_month,
    cast(parts as integer) as parts,
    cast(rate as double) as rate,
    cast(rate_compared as double) as rate_compared,
    cast(case when is_decomposed then rate - rate_compared end as double) as rate_change,
    cast(case when is_decomposed then mix_effect end as double) as mix_effect,
    cast(case when is_decomposed then rate_effect end as double) as rate_effect,
    case
        when is_decomposed then null
        when has_events_without_base then 'a part has outcomes counted but no base in the window'
        else coalesce(unavailable_reason, 'no rate in ' || strftime(compared_month, '%Y-%m'))
    end as unavailable_reason
from judged
