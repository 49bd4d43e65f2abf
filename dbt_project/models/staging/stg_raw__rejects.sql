-- One row per broken rule per quarantined row (a row breaking two rules appears twice).
select
    extract,
    month,
    source_file,
    row_number,
    rule
from {{ source('raw', 'rejects') }}
