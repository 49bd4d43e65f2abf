-- Monthly recorded crimes and the as-of-month outcome measures of outcome_rates, per base key
-- (zero-filled on the crimes keys and months), rolled up into the outcome_rates breakdowns.
-- Missing months are not nulled here; the mart does that.
with

outcome_measures as (
    select
        force_id,
        reporting_month,
        area,
        offence_group,
        offence_subgroup,
        domestic_abuse,
        sum(outcomes_r12) filter (where is_prosecution_possible) as pp_outcomes_r12,
        sum(cohort_r12) filter (where is_prosecution_possible) as pp_cohort_r12,
        sum(outcomes_r12) filter (where not is_pending) as assigned_outcomes_r12,
        sum(outcomes_r12) filter (where outcome_type = 16) as outcome16_r12,
        sum(outcomes_month) filter (where outcome_type = 4) as tic_month,
        sum(outcomes_r12) filter (where outcome_type = 4) as tic_r12,
        sum(outcomes_month) filter (where is_out_of_court_disposal) as oocd_month,
        sum(outcomes_r12) filter (where is_out_of_court_disposal) as oocd_r12
    from {{ ref('int_outcomes_counted_as_of_month') }}
    group by all
),

base as (
    select
        crimes.force_id,
        crimes.month as reporting_month,
        crimes.area,
        crimes.offence_group,
        crimes.offence_subgroup,
        crimes.domestic_abuse,
        crimes.crimes,
        outcome_measures.* exclude (force_id, reporting_month, area, offence_group, offence_subgroup, domestic_abuse)
    from {{ ref('int_crimes_counted_by_month') }} as crimes
    left join outcome_measures
        on outcome_measures.force_id = crimes.force_id
        and outcome_measures.reporting_month = crimes.month
        and outcome_measures.area = crimes.area
        and outcome_measures.offence_group = crimes.offence_group
        and outcome_measures.offence_subgroup = crimes.offence_subgroup
        and outcome_measures.domestic_abuse = crimes.domestic_abuse
)

select
    force_id,
    reporting_month,
    {{ breakdown_name(['area', 'offence_group', 'offence_subgroup', 'domestic_abuse']) }} as breakdown,
    {{ total_label('area') }} as area,
    {{ total_label('offence_group', 'All crime') }} as offence_group,
    {{ total_label('offence_subgroup') }} as offence_subgroup,
    {{ domestic_abuse_label() }} as domestic_abuse,
    {%- for measure in ['crimes', 'pp_outcomes_r12', 'pp_cohort_r12', 'assigned_outcomes_r12', 'outcome16_r12',
                        'tic_month', 'tic_r12', 'oocd_month', 'oocd_r12'] %}
    cast(coalesce(sum({{ measure }}), 0) as bigint) as {{ measure }}{{ ',' if not loop.last }}
    {%- endfor %}
from base
group by grouping sets (
    (force_id, reporting_month),
    (force_id, reporting_month, area),
    (force_id, reporting_month, offence_group),
    (force_id, reporting_month, area, offence_group),
    (force_id, reporting_month, offence_group, offence_subgroup),
    (force_id, reporting_month, area, offence_group, offence_subgroup),
    (force_id, reporting_month, domestic_abuse),
    (force_id, reporting_month, area, domestic_abuse)
)
