-- The files each month's figures were computed from, with their checksums and load times: the
-- paper's appendix names them so a reader can match a figure to the delivery it came from.
select
    force_id,
    month as reporting_month,
    extract,
    source_file,
    sha256,
    loaded_at
from {{ ref('stg_raw__loads') }}
where {{ is_selected_reporting_month('month') }}
