-- Rejected rows by force, month, extract and broken rule.
select
    force_id,
    month as reporting_month,
    extract,
    rule,
    count(distinct (source_file, row_number)) as rejected_rows
from {{ of_run_force(ref('stg_raw__rejects')) }}
where {{ is_selected_reporting_month('month') }}
group by all
