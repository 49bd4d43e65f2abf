-- Investigation Management Unit queues at month end, per queue and for all queues together
-- (`All`: items summed, the oldest item the oldest of any queue), with the change on the month
-- before. Every queue the force has reported appears every month; figures are null in a month not
-- loaded (a snapshot is never zero-filled: a queue missing from a loaded month is 0 open items).
with

months as (
    select
        *,
        coalesce(lag(is_loaded) over (partition by force_id order by reporting_month), false)
            as is_previous_month_loaded
    from ({{ spined_months(['imu_queue']) }})
),

snapshots as (
    select force_id, snapshot_month as reporting_month, queue, open_items, oldest_item_days
    from {{ of_run_force(ref('stg_raw__imu_queue')) }}
    union all
    select force_id, snapshot_month, 'All', sum(open_items), max(oldest_item_days)
    from {{ of_run_force(ref('stg_raw__imu_queue')) }}
    group by all
),

queues as (
    select distinct force_id, queue from snapshots
),

series as (
    select
        months.force_id,
        months.reporting_month,
        months.is_loaded,
        months.is_previous_month_loaded,
        months.missing_months_24,
        months.first_loaded_month,
        queues.queue,
        case when months.is_loaded then coalesce(snapshots.open_items, 0) end as open_items,
        case when months.is_loaded then coalesce(snapshots.oldest_item_days, 0) end as oldest_item_days
    from months
    inner join queues using (force_id)
    left join snapshots using (force_id, reporting_month, queue)
),

compared as (
    select
        *,
        lag(open_items) over by_queue as open_items_previous_month,
        lag(oldest_item_days) over by_queue as oldest_item_days_previous_month
    from series
    window by_queue as (partition by force_id, queue order by reporting_month)
)

select
    force_id,
    reporting_month,
    queue,
    cast(open_items as bigint) as open_items,
    cast(oldest_item_days as bigint) as oldest_item_days,
    cast(case when is_previous_month_loaded then open_items_previous_month end as bigint)
        as open_items_previous_month,
    cast(open_items - open_items_previous_month as bigint) as open_items_change,
    cast((open_items - open_items_previous_month) / nullif(open_items_previous_month, 0) as double)
        as open_items_pct_change,
    cast(case when is_previous_month_loaded then oldest_item_days_previous_month end as bigint)
        as oldest_item_days_previous_month,
    {{ unavailable_reason(1) }} as unavailable_reason
from compared
where {{ is_selected_reporting_month() }}
