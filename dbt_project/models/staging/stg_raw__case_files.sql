-- One row per case file: a redelivered month brings the decisions made since, so the later
-- delivery (then the later row) wins.
with

case_files as (
    select * from {{ source('raw', 'case_files') }}
    qualify row_number() over (
        partition by force_id, file_ref order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    file_ref,
    file_type,
    submitted_date,
    cast(date_trunc('month', submitted_date) as date) as submitted_month,
    assessed as is_assessed,
    nullif(trim(error_categories), '') as error_categories,
    coalesce(nullif(trim(error_categories), '') is not null, false) as has_errors,
    cps_decision_date,
    cast(date_trunc('month', cps_decision_date) as date) as decision_month,
    date_diff('day', submitted_date, cps_decision_date) as turnaround_days,
    rejected as is_rejected,
    month as delivery_month

from case_files
