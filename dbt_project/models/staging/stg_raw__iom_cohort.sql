-- Names and dates of birth stay in raw: this model never selects them.
with

cohort as (
    select * from {{ source('raw', 'iom_cohort') }}
    qualify row_number() over (
        partition by force_id, snapshot_date, nominal_id order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    nominal_id as nominal_pseudonym,
    cohort_type,
    area,
    entry_date,
    exit_date,
    snapshot_date,
    cast(date_trunc('month', snapshot_date) as date) as snapshot_month,
    -- in the cohort at the month's end (a member who left during the month is listed, with the date)
    exit_date is null or exit_date > snapshot_date as is_member_at_month_end,
    month as delivery_month

from cohort
