-- Quality of the files sent to the CPS: court files assessed and found with errors (by month of
-- submission) and CPS advice files (submitted by month of submission; decisions, rejections and
-- turnaround by month of the CPS decision). Month, R12, the run of months in which the court-file
-- error rate fell, and the turnaround a year earlier. Windows run over every month of the spine;
-- only the selected reporting months are written.
with

months as (
    select
        *,
        date_diff('month', first_loaded_month, reporting_month) as month_index
    from ({{ spined_months(['case_files']) }})
),

files as (
    select * from {{ of_run_force(ref('stg_raw__case_files')) }}
),

submitted as (
    select
        force_id,
        submitted_month as reporting_month,
        count(*) filter (where file_type = 'court_file') as court_files_submitted,
        count(*) filter (where file_type = 'court_file' and is_assessed) as court_files_assessed,
        count(*) filter (where file_type = 'court_file' and is_assessed and has_errors)
            as court_files_with_errors,
        {%- for category in ['disclosure', 'evidence', 'format', 'timeliness'] %}
        count(*) filter (
            where file_type = 'court_file' and is_assessed
            and list_contains(string_split(error_categories, ';'), '{{ category }}')
        ) as {{ category }}_errors,
        {%- endfor %}
        count(*) filter (where file_type = 'cps_advice') as advice_files_submitted
    from files
    group by all
),

decided as (
    select
        force_id,
        decision_month as reporting_month,
        count(*) as advice_decisions,
        count(*) filter (where is_rejected) as advice_rejected,
        median(turnaround_days) as median_turnaround_days
    from files
    where file_type = 'cps_advice' and decision_month is not null
    group by all
),

-- every month of the spine, zero-filled, then nulled where the month is not loaded
series as (
    select
        months.*,
        {%- for column in ['court_files_submitted', 'court_files_assessed', 'court_files_with_errors',
                           'disclosure_errors', 'evidence_errors', 'format_errors', 'timeliness_errors',
                           'advice_files_submitted'] %}
        case when months.is_loaded then coalesce(submitted.{{ column }}, 0) end as {{ column }},
        {%- endfor %}
        case when months.is_loaded then coalesce(decided.advice_decisions, 0) end as advice_decisions,
        case when months.is_loaded then coalesce(decided.advice_rejected, 0) end as advice_rejected,
        case when months.is_loaded then decided.median_turnaround_days end as median_turnaround_days
    from months
    left join submitted using (force_id, reporting_month)
    left join decided using (force_id, reporting_month)
),

rolling as (
    select
        *,
        court_files_with_errors / nullif(court_files_assessed, 0) as court_error_rate,
        advice_rejected / nullif(advice_decisions, 0) as advice_rejection_rate,
        {%- for column in ['court_files_assessed', 'court_files_with_errors', 'advice_files_submitted',
                           'advice_decisions', 'advice_rejected'] %}
        case when is_r12_complete then sum({{ column }}) over last_12 end as {{ column }}_r12,
        {%- endfor %}
        lag(median_turnaround_days, 12) over by_month as median_turnaround_days_year_earlier
    from series
    window
        last_12 as (partition by force_id order by reporting_month rows between 11 preceding and current row),
        by_month as (partition by force_id order by reporting_month)
),

-- a run of improvement never runs through a month whose rate is unavailable
compared as (
    select
        *,
        court_error_rate < lag(court_error_rate) over (partition by force_id order by reporting_month)
            as error_rate_fell
    from rolling
),

runs as (
    select
        *,
        max(case when error_rate_fell is distinct from true then month_index end) over (
            partition by force_id order by reporting_month
            rows between unbounded preceding and current row
        ) as last_non_fall_index
    from compared
),

-- each selected month with the decision months of its R12 window (the median needs every file)
window_months as (
    select
        force_id,
        reporting_month,
        cast(unnest(generate_series(
            {{ add_months('reporting_month', -11) }}, reporting_month, interval 1 month
        )) as date) as decision_month
    from months
    where {{ is_selected_reporting_month() }} and is_r12_complete
),

turnaround_r12 as (
    select
        window_months.force_id,
        window_months.reporting_month,
        median(files.turnaround_days) as median_turnaround_days_r12
    from window_months
    inner join files
        on files.force_id = window_months.force_id
        and files.decision_month = window_months.decision_month
        and files.file_type = 'cps_advice'
    group by all
)

select
    runs.force_id,
    runs.reporting_month,
    cast(runs.court_files_submitted as bigint) as court_files_submitted,
    cast(runs.court_files_assessed as bigint) as court_files_assessed,
    cast(runs.court_files_with_errors as bigint) as court_files_with_errors,
    cast(runs.court_error_rate as double) as court_error_rate,
    cast(runs.disclosure_errors as bigint) as disclosure_errors,
    cast(runs.evidence_errors as bigint) as evidence_errors,
    cast(runs.format_errors as bigint) as format_errors,
    cast(runs.timeliness_errors as bigint) as timeliness_errors,
    cast(runs.court_files_assessed_r12 as bigint) as court_files_assessed_r12,
    cast(runs.court_files_with_errors_r12 as bigint) as court_files_with_errors_r12,
    cast(runs.court_files_with_errors_r12 / nullif(runs.court_files_assessed_r12, 0) as double)
        as court_error_rate_r12,
    cast(case
        when runs.error_rate_fell then runs.month_index - runs.last_non_fall_index
        when not runs.error_rate_fell then 0
    end as integer) as error_rate_improving_months,
    cast(case when runs.error_rate_fell then run_start.court_error_rate end as double)
        as error_rate_run_start,
    cast(runs.advice_files_submitted as bigint) as advice_files_submitted,
    cast(runs.advice_decisions as bigint) as advice_decisions,
    cast(runs.advice_rejected as bigint) as advice_rejected,
    cast(runs.advice_rejection_rate as double) as advice_rejection_rate,
    cast(runs.median_turnaround_days as double) as median_turnaround_days,
    cast(runs.advice_files_submitted_r12 as bigint) as advice_files_submitted_r12,
    cast(runs.advice_decisions_r12 as bigint) as advice_decisions_r12,
    cast(runs.advice_rejected_r12 as bigint) as advice_rejected_r12,
    cast(runs.advice_rejected_r12 / nullif(runs.advice_decisions_r12, 0) as double)
        as advice_rejection_rate_r12,
    cast(turnaround_r12.median_turnaround_days_r12 as double) as median_turnaround_days_r12,
    cast(runs.median_turnaround_days_year_earlier as double) as median_turnaround_days_year_earlier,
    {{ unavailable_reason(12, 'runs') }} as unavailable_reason
from runs
left join runs as run_start
    on run_start.force_id = runs.force_id
    and run_start.month_index = runs.last_non_fall_index
left join turnaround_r12
    on turnaround_r12.force_id = runs.force_id
    and turnaround_r12.reporting_month = runs.reporting_month
where {{ is_selected_reporting_month('runs.reporting_month') }}
