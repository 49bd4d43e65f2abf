-- Rejected rows by force, month, extract and broken rule. A file's rejects are not split by force:
-- a force counts the rejects of the files that delivered its rows.
with

files as (
    select distinct force_id, extract, month, source_file
    from {{ ref('stg_raw__loads') }}
    where {{ is_selected_reporting_month('month') }}
)

select
    files.force_id,
    files.month as reporting_month,
    files.extract,
    rejects.rule,
    count(distinct (rejects.source_file, rejects.row_number)) as rejected_rows
from {{ ref('stg_raw__rejects') }} as rejects
inner join files
    on files.extract = rejects.extract
    and files.source_file = rejects.source_file
    and files.month = rejects.month
group by all
