-- One row per queue and month-end snapshot: a redelivered month replaces its snapshot.
with

queues as (
    select * from {{ source('raw', 'imu_queue') }}
    qualify row_number() over (
        partition by force_id, snapshot_date, queue order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    snapshot_date,
    cast(date_trunc('month', snapshot_date) as date) as snapshot_month,
    queue,
    open_items,
    oldest_item_days,
    month as delivery_month

from queues
