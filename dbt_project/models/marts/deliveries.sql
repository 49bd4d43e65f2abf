-- What each extract delivered for a force and month, and how much of it was loaded or rejected
-- (the loader's bookkeeping): the paper's data-quality section.
select
    force_id,
    month as reporting_month,
    extract,
    rows_delivered,
    rows_loaded,
    rows_rejected
from {{ of_run_force(ref('stg_raw__loads')) }}
where {{ is_selected_reporting_month('month') }}
