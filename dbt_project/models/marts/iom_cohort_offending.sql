-- Offending of the IOM cohort's members before and since their entry, per cohort type (and All).
-- Members: those in the cohort at the end of m. A member's offences are the recorded crimes
-- linked to them as offender (int_offender_crimes; suspects are not offenders) by the end of m, dated by the crime's
-- recorded date: "before" is the 12 months before the entry date, "since" from the entry date
-- to 12 months after it or to the end of m, whichever is sooner. Only members whose before
-- window lies wholly in the loaded offender links are compared; the `_full_year` columns keep
-- those with a full 12 months since entry, so before and since cover the same length.
with

months as (
    select * from ({{ spined_months(['iom_cohort', 'offender_links']) }})
    where {{ is_selected_reporting_month() }}
),

links_loaded_from as (
    select distinct force_id, first_loaded_month
    from {{ of_run_force(ref('int_extract_months_spined')) }}
    where extract = 'offender_links'
),

members as (
    select
        cohort.force_id,
        cohort.snapshot_month as reporting_month,
        cohort.nominal_pseudonym,
        cohort.cohort_type,
        cohort.entry_date,
        {{ add_months('cohort.entry_date', -12) }} >= links_loaded_from.first_loaded_month
            as is_compared,
        {{ add_months('cohort.entry_date', 12) }} <= {{ add_months('cohort.snapshot_month', 1) }}
            as has_full_year
    from {{ of_run_force(ref('stg_raw__iom_cohort')) }} as cohort
    inner join links_loaded_from
        on links_loaded_from.force_id = cohort.force_id
    where cohort.is_member_at_month_end
        and cohort.snapshot_month in (select reporting_month from months)
),

per_member as (
    select
        members.force_id,
        members.reporting_month,
        members.nominal_pseudonym,
        members.cohort_type,
        members.is_compared,
        members.has_full_year,
        count(crimes.crime_ref) filter (where crimes.recorded_date < members.entry_date)
            as offences_before,
        coalesce(sum(crimes.harm_weight_days) filter (
            where crimes.recorded_date < members.entry_date
        ), 0) as harm_before,
        count(crimes.crime_ref) filter (where crimes.recorded_date >= members.entry_date)
            as offences_since,
        coalesce(sum(crimes.harm_weight_days) filter (
            where crimes.recorded_date >= members.entry_date
        ), 0) as harm_since
    from members
    left join {{ of_run_force(ref('int_offender_crimes')) }} as crimes
        on crimes.force_id = members.force_id
        and crimes.nominal_pseudonym = members.nominal_pseudonym
        and crimes.role = 'offender'
        and crimes.linked_month <= members.reporting_month
        and crimes.recorded_date >= {{ add_months('members.entry_date', -12) }}
        and crimes.recorded_date < least(
            {{ add_months('members.entry_date', 12) }}, {{ add_months('members.reporting_month', 1) }}
        )
    group by all
),

by_type as (
    select
        force_id,
        reporting_month,
        {{ total_label('cohort_type') }} as cohort_type,
        count(*) as members,
        count(*) filter (where is_compared) as members_compared,
        sum(offences_before) filter (where is_compared) as offences_before,
        sum(harm_before) filter (where is_compared) as harm_before,
        sum(offences_since) filter (where is_compared) as offences_since,
        sum(harm_since) filter (where is_compared) as harm_since,
        count(*) filter (where is_compared and has_full_year) as members_full_year,
        sum(offences_before) filter (where is_compared and has_full_year)
            as offences_before_full_year,
        sum(offences_since) filter (where is_compared and has_full_year)
            as offences_since_full_year,
        sum(harm_before) filter (where is_compared and has_full_year) as harm_before_full_year,
        sum(harm_since) filter (where is_compared and has_full_year) as harm_since_full_year
    from per_member
    group by grouping sets ((force_id, reporting_month, cohort_type), (force_id, reporting_month))
),

types as (
    select distinct force_id, cohort_type from {{ of_run_force(ref('stg_raw__iom_cohort')) }}
    union select distinct force_id, 'All' from months
)

select
    months.force_id,
    months.reporting_month,
    types.cohort_type,
    {%- for column in ['members', 'members_compared', 'offences_before', 'harm_before',
        'offences_since', 'harm_since', 'members_full_year', 'offences_before_full_year',
        'offences_since_full_year', 'harm_before_full_year', 'harm_since_full_year'] %}
    case when months.is_loaded then cast(coalesce(by_type.{{ column }}, 0) as bigint) end
        as {{ column }},
    {%- endfor %}
    {%- for measure in ['offences_before', 'offences_since', 'harm_before', 'harm_since'] %}
    case when months.is_loaded then
        by_type.{{ measure }}_full_year / nullif(by_type.members_full_year, 0)
    end as {{ measure }}_per_member,
    {%- endfor %}
    case when not months.is_loaded
        then 'missing month: ' || strftime(months.reporting_month, '%Y-%m')
    end as unavailable_reason
from months
inner join types
    on types.force_id = months.force_id
left join by_type
    on by_type.force_id = months.force_id
    and by_type.reporting_month = months.reporting_month
    and by_type.cohort_type = types.cohort_type
