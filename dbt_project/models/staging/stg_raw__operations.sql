-- One row per operation and month: a redelivered month replaces the operation's results.
with

operations as (
    select * from {{ source('raw', 'operations') }}
    qualify row_number() over (
        partition by force_id, month_start, operation order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    month_start,
    trim(operation) as operation,
    arrests,
    charges,
    cash_seized,
    drugs_seized_value,
    weapons_seized,
    sentences_months,
    month as delivery_month

from operations
