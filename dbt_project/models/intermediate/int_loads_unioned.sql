-- Delivered months per force under the extract names the marts use: a data.police.uk street file
-- delivers the month's crimes, an outcomes file its outcomes (docs/police-uk.md).
select
    force_id,
    case extract
        when 'police_uk_street' then 'crimes'
        when 'police_uk_outcomes' then 'outcomes'
        else extract
    end as extract,
    month
from {{ ref('stg_raw__loads') }}
