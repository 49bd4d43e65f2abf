-- The headline figures of the forces in the warehouse added up (a region's or the country's
-- roll-up, when `pcp run --force` has loaded several forces): recorded crime by offence group in
-- the month and over 12 months with its change, and the prosecution-possible outcome rate on the
-- in-period basis. A month adds up the forces whose history covers it (`crime_volume` has a row for
-- every month from a force's first loaded month to its latest); `forces` says how many. A figure
-- is null when any of them lacks it (a gap in its history, too short a history), so a total never
-- covers fewer forces than `forces` says; `unavailable_reason` names them and why.
with

volume as (
    select force_id, reporting_month, offence_group, crimes, crimes_r12, crimes_prev_r12,
        unavailable_reason
    from {{ ref('crime_volume') }}
    where area = 'All' and offence_subgroup = 'All' and {{ is_selected_reporting_month(by_force=false) }}
),

rates as (
    select force_id, reporting_month, offence_group, pp_outcomes_r12,
        crimes_r12 as rate_crimes_r12
    from {{ ref('outcome_rates') }}
    where area = 'All' and offence_subgroup = 'All' and domestic_abuse = 'All'
        and {{ is_selected_reporting_month(by_force=false) }}
),

by_force as (
    select
        volume.*,
        rates.pp_outcomes_r12,
        rates.rate_crimes_r12,
        case
            when volume.crimes is null or volume.crimes_r12 is null
                or volume.crimes_prev_r12 is null
                then coalesce(volume.unavailable_reason, 'crime figures not available')
            when rates.pp_outcomes_r12 is null or rates.rate_crimes_r12 is null
                then 'outcome figures not available'
        end as missing
    from volume
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
            then sum(pp_outcomes_r12) end as pp_outcomes_r12,
        case when count(pp_outcomes_r12) = count(*) and count(rate_crimes_r12) = count(*)
            then sum(pp_outcomes_r12) / nullif(sum(rate_crimes_r12), 0) end as pp_rate_in_period,
        string_agg(force_id || ': ' || missing, '; ' order by force_id) as unavailable_reason
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
