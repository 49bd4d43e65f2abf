-- The change of each prosecution-possible rate (in-period basis) on the previous month split, after
-- Kitagawa, into the part from the mix of its parts (offence groups of all crime, subgroups of all
-- crime or a group, areas of a force-wide rate: macros/parts.sql) and the part from the rates
-- within them. With each part's share of crimes w and rate r in the two months (0 and 1), and the
-- averages of the two:
--   mix_effect  = sum over parts of (w1 - w0) * (r0 + r1) / 2
--   rate_effect = sum over parts of (r1 - r0) * (w0 + w1) / 2
-- which add up exactly to the rate's change, because the rate is the crime-weighted sum of the
-- parts' rates. A part without crimes in one month takes the other month's rate (its share is 0
-- there); a part with outcomes but no crimes breaks that identity, and its parent is left out.
with

rates as (
    select force_id, reporting_month, area, offence_group, offence_subgroup, crimes_r12,
        pp_outcomes_r12, pp_rate_in_period, unavailable_reason
    from {{ of_run_force(ref('outcome_rates')) }}
    where domestic_abuse = 'All'
),

paired as (
    select
        now.*,
        cast(now.reporting_month - interval 1 month as date) as previous_month,
        before.crimes_r12 as crimes_r12_previous,
        before.pp_outcomes_r12 as pp_outcomes_r12_previous,
        before.pp_rate_in_period as pp_rate_in_period_previous
    from rates as now
    left join rates as before
        on before.force_id = now.force_id
        and before.reporting_month = cast(now.reporting_month - interval 1 month as date)
        and before.area = now.area and before.offence_group = now.offence_group
        and before.offence_subgroup = now.offence_subgroup
),

parents as (
    select * from paired where {{ is_selected_reporting_month() }}
),

parts as (
    {%- for dimension in part_dimensions() %}
    select parent.*, '{{ dimension }}' as mix_of, child.crimes_r12 as part_crimes,
        child.crimes_r12_previous as part_crimes_previous, child.pp_outcomes_r12 as part_outcomes,
        child.pp_outcomes_r12_previous as part_outcomes_previous
    from parents as parent
    {{ joined_to_parts('paired', dimension) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

weighted as (
    select
        *,
        part_crimes / nullif(crimes_r12, 0) as share,
        part_crimes_previous / nullif(crimes_r12_previous, 0) as share_previous,
        coalesce(
            part_outcomes / nullif(part_crimes, 0),
            part_outcomes_previous / nullif(part_crimes_previous, 0), 0
        ) as part_rate,
        coalesce(
            part_outcomes_previous / nullif(part_crimes_previous, 0),
            part_outcomes / nullif(part_crimes, 0), 0
        ) as part_rate_previous,
        (part_crimes = 0 and part_outcomes <> 0)
            or (part_crimes_previous = 0 and part_outcomes_previous <> 0) as has_outcomes_without_crimes
    from parts
),

summed as (
    select
        force_id, reporting_month, area, offence_group, offence_subgroup, mix_of, previous_month,
        any_value(pp_rate_in_period) as pp_rate_in_period,
        any_value(pp_rate_in_period_previous) as pp_rate_in_period_previous,
        count(*) as parts,
        -- null when any part is (a missing month, no crimes in the parent)
        case when count(share) = count(*) and count(share_previous) = count(*)
            then sum((share - share_previous) * (part_rate + part_rate_previous) / 2) end as mix_effect,
        case when count(share) = count(*) and count(share_previous) = count(*)
            then sum((part_rate - part_rate_previous) * (share + share_previous) / 2) end as rate_effect,
        bool_or(has_outcomes_without_crimes) as has_outcomes_without_crimes,
        any_value(unavailable_reason) as unavailable_reason
    from weighted
    group by force_id, reporting_month, area, offence_group, offence_subgroup, mix_of, previous_month
),

judged as (
    select
        *,
        pp_rate_in_period is not null and pp_rate_in_period_previous is not null
            and mix_effect is not null and not has_outcomes_without_crimes as is_decomposed
    from summed
)

select
    force_id,
    reporting_month,
    area,
    offence_group,
    offence_subgroup,
    mix_of,
    previous_month,
    cast(parts as integer) as parts,
    cast(pp_rate_in_period as double) as pp_rate_in_period,
    cast(pp_rate_in_period_previous as double) as pp_rate_in_period_previous,
    cast(case when is_decomposed then pp_rate_in_period - pp_rate_in_period_previous end as double)
        as pp_rate_change,
    cast(case when is_decomposed then mix_effect end as double) as mix_effect,
    cast(case when is_decomposed then rate_effect end as double) as rate_effect,
    case
        when is_decomposed then null
        when has_outcomes_without_crimes then 'a part has outcomes but no crimes in the window'
        else coalesce(unavailable_reason, 'no rate in ' || strftime(previous_month, '%Y-%m'))
    end as unavailable_reason
from judged
