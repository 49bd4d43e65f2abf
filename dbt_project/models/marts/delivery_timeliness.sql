-- When each extract's month landed against the day it was due: the paper's data-quality section
-- names the late ones. Loads recorded before landing times were kept have no row.
select
    force_id,
    month as reporting_month,
    extract,
    due_by,
    landed_at,
    cast(landed_at as date) > due_by as is_late,
    cast(greatest(date_diff('day', due_by, cast(landed_at as date)), 0) as integer) as days_late
from {{ ref('stg_raw__loads') }}
where landed_at is not null and {{ is_selected_reporting_month('month') }}
