-- The file each extract delivered for a month: its checksum and load time (the paper's appendix
-- names them so a reader can match a figure to the delivery it came from), and when it first
-- landed against the day it was due (the data-quality section names the late ones). Loads
-- recorded before landing times were kept have none.
select
    force_id,
    month as reporting_month,
    extract,
    source_file,
    sha256,
    loaded_at,
    due_by,
    landed_at,
    cast(landed_at as date) > due_by as is_late,
    -- DuckDB's greatest() skips nulls, so an unknown landing is kept null explicitly.
    case
        when landed_at is not null
            then cast(greatest(date_diff('day', due_by, cast(landed_at as date)), 0) as integer)
    end as days_late
from {{ of_run_force(ref('stg_raw__loads')) }}
where {{ is_selected_reporting_month('month') }}
