-- One row per broken rule per quarantined row (a row breaking two rules appears twice), under the
-- force whose delivery held it. Rows quarantined before raw.rejects recorded the force take the
-- force that file was loaded for.
with

loads as (
    select distinct force_id, extract, month, source_file from {{ source('raw', 'loads') }}
)

select
    coalesce(rejects.force_id, loads.force_id) as force_id,
    rejects.extract,
    rejects.month,
    rejects.source_file,
    rejects.row_number,
    rejects.rule
from {{ source('raw', 'rejects') }} as rejects
left join loads
    on rejects.force_id is null
    and loads.extract = rejects.extract
    and loads.month = rejects.month
    and loads.source_file = rejects.source_file
