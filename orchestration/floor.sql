-- The floor: the paper's headline figures computed by plain DuckDB straight from the landed CSV
-- files, with no loader, contracts, dbt, checks or paper. `pcp bench` times it beside the pipeline
-- and checks that its figures equal the marts'. Variables: `landing` (a folder of
-- <force>/<extract>/<YYYY-MM>.csv) and `seeds` (the dbt seeds folder).

-- stage: load
create or replace table crimes as
select force_id, crime_ref, cast(recorded_at as timestamp) as recorded_at, offence_code, status
from read_csv(getvariable('landing') || '/*/crimes/*.csv', all_varchar = true, filename = true)
-- the same crime in two deliveries: the later delivery wins, as in staging
qualify row_number() over (partition by force_id, crime_ref order by filename desc) = 1;

create or replace table outcomes as
select force_id, crime_ref, cast(outcome_type as integer) as outcome_type,
    cast(outcome_date as date) as outcome_date, filename
from read_csv(getvariable('landing') || '/*/outcomes/*.csv', all_varchar = true, filename = true);

create or replace table incidents as
select force_id, grade, cast(call_at as timestamp) as call_at, cast(arrived_at as timestamp) as arrived_at
from read_csv(getvariable('landing') || '/*/incidents/*.csv', all_varchar = true);

create or replace table offences as
select * from read_csv(getvariable('seeds') || '/offence_classification.csv', all_varchar = true);

create or replace table outcome_types as
select cast(outcome_type as integer) as outcome_type, cast(is_prosecution_possible as boolean) as is_pp
from read_csv(getvariable('seeds') || '/outcome_type.csv', all_varchar = true);

-- stage: marts
create or replace table recorded as
select crimes.force_id, crimes.crime_ref, cast(date_trunc('month', crimes.recorded_at) as date) as month,
    coalesce(offences.offence_group, 'Unknown') as offence_group
from crimes
left join offences
    on offences.offence_code = crimes.offence_code
    and cast(crimes.recorded_at as date)
        between cast(offences.valid_from as date) and coalesce(cast(offences.valid_to as date), date '9999-12-31')
where crimes.status = 'recorded';

create or replace table months as
select force_id, cast(unnest(generate_series(min(month), max(month), interval 1 month)) as date) as month
from recorded group by force_id;

-- monthly counts, R12 (once 12 months are in), the previous R12 and the change, by offence group
create or replace table crime_volume as
with counts as (
    select force_id, month, coalesce(offence_group, 'All crime') as offence_group, count(*) as crimes
    from recorded
    group by grouping sets ((force_id, month), (force_id, month, offence_group))
),
series as (
    select months.force_id, months.month, groups.offence_group, coalesce(counts.crimes, 0) as crimes,
        row_number() over (partition by months.force_id, groups.offence_group order by months.month) as n
    from months
    inner join (select distinct force_id, offence_group from counts) as groups using (force_id)
    left join counts using (force_id, month, offence_group)
),
rolling as (
    select *, case when n >= 12 then sum(crimes) over last_12 end as crimes_r12
    from series
    window last_12 as (partition by force_id, offence_group order by month rows 11 preceding)
)
select *, lag(crimes_r12, 12) over by_group as crimes_prev_r12,
    (crimes_r12 - lag(crimes_r12, 12) over by_group) / nullif(lag(crimes_r12, 12) over by_group, 0) as r12_pct_change
from rolling
window by_group as (partition by force_id, offence_group order by month);

-- prosecution-possible rate, in-period basis: crimes whose outcome in force at the month end is
-- prosecution-possible and dated in the 12 months, over the crimes recorded in them
create or replace table outcome_rates as
with versions as (
    select outcomes.force_id, outcomes.crime_ref, outcomes.outcome_type,
        cast(date_trunc('month', outcomes.outcome_date) as date) as outcome_month,
        lead(cast(date_trunc('month', outcomes.outcome_date) as date)) over (
            partition by outcomes.force_id, outcomes.crime_ref order by outcomes.outcome_date, outcomes.filename
        ) as next_month
    from outcomes
    inner join recorded using (force_id, crime_ref)
),
pp as (
    select months.force_id, months.month, count(*) as pp_outcomes_r12
    from versions
    inner join outcome_types using (outcome_type)
    inner join months
        on months.force_id = versions.force_id
        and versions.outcome_month between months.month - interval 11 month and months.month
        and (versions.next_month is null or versions.next_month > months.month)
    where outcome_types.is_pp and versions.next_month is distinct from versions.outcome_month
    group by all
)
select volume.force_id, volume.month, volume.crimes_r12, coalesce(pp.pp_outcomes_r12, 0) as pp_outcomes_r12,
    coalesce(pp.pp_outcomes_r12, 0) / volume.crimes_r12 as pp_rate_in_period
from crime_volume as volume
left join pp using (force_id, month)
where volume.offence_group = 'All crime';

-- median minutes from call to arrival of attended incidents, by month and grade (and all grades)
create or replace table response_times as
select force_id, cast(date_trunc('month', call_at) as date) as month, coalesce(grade, 'All') as grade,
    quantile_cont(date_diff('second', call_at, arrived_at) / 60.0, 0.5) as median_minutes
from incidents
where arrived_at is not null
group by grouping sets ((force_id, month), (force_id, month, grade));
