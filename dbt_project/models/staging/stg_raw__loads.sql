-- One row per force, extract and delivered month (a re-delivery keeps the latest load).
select
    force_id,
    extract,
    month,
    source_file,
    sha256,
    rows_delivered,
    rows_loaded,
    rows_rejected,
    loaded_at,
    landed_at,
    due_by
from {{ source('raw', 'loads') }}
qualify row_number() over (partition by force_id, extract, month order by loaded_at desc) = 1
