-- The headline figures of every force in the warehouse added up (a region's or the country's
-- roll-up, when `pcp run --force` has loaded several forces): recorded crime by offence group in
-- the month and over 12 months with its change, and the prosecution-possible outcome rate on the
-- in-period basis. A figure is null when any force of the warehouse lacks it for the month (a sum
-- over fewer forces would read as a fall); `unavailable_reason` names those forces and why.
with

forces as (
    select distinct force_id from {{ ref('crime_volume') }}
),

volume as (
    select force_id, reporting_month, offence_group, crimes, crimes_r12, crimes_prev_r12,
        unavailable_reason
    from {{ ref('crime_volume') }}
    where area = 'All' and offence_subgroup = 'All' and {{ is_selected_reporting_month() }}
),

rates as (
    select force_id, reporting_month, offence_group, pp_outcomes_r12,
        crimes_r12 as rate_crimes_r12
    from {{ ref('outcome_rates') }}
    where area = 'All' and offence_subgroup = 'All' and domestic_abuse = 'All'
        and {{ is_selected_reporting_month() }}
),

-- every force at every month and group some force has: a force without the row counts as missing
by_force as (
    select
        forces.force_id,
        keys.reporting_month,
        keys.offence_group,
        volume.crimes,
        volume.crimes_r12,
        volume.crimes_prev_r12,
        rates.pp_outcomes_r12,
        rates.rate_crimes_r12,
        case
            when volume.force_id is null then 'no figures for the month'
            else volume.unavailable_reason
        end as reason
    from forces
    cross join (select distinct reporting_month, offence_group from volume) as keys
    left join volume using (force_id, reporting_month, offence_group)
    left join rates using (force_id, reporting_month, offence_group)
),

summed as (
    select
        reporting_month,
        offence_group,
        count(*) as forces,
        -- count(x) counts the forces that have x: a sum only when every force has it
        case when count(crimes) = count(*) then sum(crimes) end as crimes,
        case when count(crimes_r12) = count(*) then sum(crimes_r12) end as crimes_r12,
        case when count(crimes_prev_r12) = count(*) then sum(crimes_prev_r12) end as crimes_prev_r12,
        case when count(pp_outcomes_r12) = count(*) and count(rate_crimes_r12) = count(*)
            then sum(pp_outcomes_r12) / nullif(sum(rate_crimes_r12), 0) end as pp_rate_in_period,
        case when count(pp_outcomes_r12) = count(*) then sum(pp_outcomes_r12) end as pp_outcomes_r12,
        string_agg(
            case
                when crimes is null or crimes_r12 is null or crimes_prev_r12 is null
                    or pp_outcomes_r12 is null
                    then force_id || ': ' || coalesce(reason, 'outcome figures not available')
            end,
            '; ' order by force_id
        ) as unavailable_reason
    from by_force
    group by reporting_month, offence_group
)

select
    reporting_month,
    offence_group,
    cast(forces as integer) as forces,
    cast(crimes as bigint) as crimes,
    cast(crimes_r12 as bigint) as crimes_r12,
    cast(crimes_prev_r12 as bigint) as crimes_prev_r12,
    cast(crimes_r12 - crimes_prev_r12 as bigint) as r12_change,
    cast((crimes_r12 - crimes_prev_r12) / nullif(crimes_prev_r12, 0) as double) as r12_pct_change,
    cast(pp_outcomes_r12 as bigint) as pp_outcomes_r12,
    cast(pp_rate_in_period as double) as pp_rate_in_period,
    unavailable_reason
from summed
