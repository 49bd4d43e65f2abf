-- Offenders ranked by the harm of the recorded crimes linked to them as offender in the 12 months
-- to m (by the crime's recorded month; links made by the end of m), the top 50 per force and
-- month. Named by pseudonym only. Ties: more offences first, then the pseudonym (a stable order).
-- People linked to the window's crimes only as suspects are not ranked; they are counted apart.
{%- set top_n = 50 %}
with

months as (
    select * from ({{ spined_months(['offender_links', 'crimes']) }})
    where {{ is_selected_reporting_month() }}
),

cohort as (
    select force_id, snapshot_month, nominal_pseudonym, is_member_at_month_end
    from {{ of_run_force(ref('stg_raw__iom_cohort')) }}
),

cohort_months as (
    select distinct force_id, snapshot_month from cohort
),

window_links as (
    select months.force_id, months.reporting_month, crimes.nominal_pseudonym, crimes.role,
        crimes.area, crimes.harm_weight_days
    from months
    inner join {{ of_run_force(ref('int_offender_crimes')) }} as crimes
        on crimes.force_id = months.force_id
        and crimes.recorded_month between {{ add_months('months.reporting_month', -11) }}
            and months.reporting_month
        and crimes.linked_month <= months.reporting_month
),

window_crimes as (
    select * from window_links where role = 'offender'
),

suspects_only as (
    select
        suspects.force_id,
        suspects.reporting_month,
        count(distinct suspects.nominal_pseudonym) as suspects_only_r12
    from window_links as suspects
    where suspects.role = 'suspect'
        and not exists (
            select 1 from window_crimes as offenders
            where offenders.force_id = suspects.force_id
                and offenders.reporting_month = suspects.reporting_month
                and offenders.nominal_pseudonym = suspects.nominal_pseudonym
        )
    group by all
),

-- a person's area: where most of their crimes in the window were (ties: the first by name)
areas as (
    select force_id, reporting_month, nominal_pseudonym, area
    from window_crimes
    group by force_id, reporting_month, nominal_pseudonym, area
    qualify row_number() over (
        partition by force_id, reporting_month, nominal_pseudonym order by count(*) desc, area
    ) = 1
),

people as (
    select
        force_id,
        reporting_month,
        nominal_pseudonym,
        count(*) as offences_r12,
        sum(harm_weight_days) as harm_r12
    from window_crimes
    group by all
),

weights as (
    select string_agg(distinct version, ', ' order by version) as harm_weight_version
    from {{ ref('harm_weight') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by force_id, reporting_month
            order by harm_r12 desc, offences_r12 desc, nominal_pseudonym
        ) as harm_rank,
        count(*) over (partition by force_id, reporting_month) as people_linked_r12,
        sum(harm_r12) over (partition by force_id, reporting_month) as harm_linked_r12
    from people
)

select
    ranked.force_id,
    ranked.reporting_month,
    cast(ranked.harm_rank as integer) as harm_rank,
    ranked.nominal_pseudonym,
    areas.area,
    ranked.offences_r12,
    cast(ranked.harm_r12 as bigint) as harm_r12,
    case when cohort_months.snapshot_month is not null
        then coalesce(cohort.is_member_at_month_end, false)
    end as is_in_iom_cohort,
    ranked.people_linked_r12,
    cast(ranked.harm_linked_r12 as bigint) as harm_linked_r12,
    coalesce(suspects_only.suspects_only_r12, 0) as suspects_only_r12,
    weights.harm_weight_version,
    {{ unavailable_reason(11, 'months') }} as unavailable_reason
from ranked
inner join months
    on months.force_id = ranked.force_id
    and months.reporting_month = ranked.reporting_month
inner join areas
    on areas.force_id = ranked.force_id
    and areas.reporting_month = ranked.reporting_month
    and areas.nominal_pseudonym = ranked.nominal_pseudonym
cross join weights
left join suspects_only
    on suspects_only.force_id = ranked.force_id
    and suspects_only.reporting_month = ranked.reporting_month
left join cohort_months
    on cohort_months.force_id = ranked.force_id
    and cohort_months.snapshot_month = ranked.reporting_month
left join cohort
    on cohort.force_id = ranked.force_id
    and cohort.snapshot_month = ranked.reporting_month
    and cohort.nominal_pseudonym = ranked.nominal_pseudonym
where ranked.harm_rank <= {{ top_n }}
