-- Why the crimes counted for a month differ from the rows its crimes delivery held: every
-- delivered row accounted for, from the loader's bookkeeping (rejected by the contract) and from
-- staging (replaced by a later row of the same crime, cancelled, transferred). The paper's appendix
-- prints it; tests/assert_crimes_counted_add_up.sql ties the count to marts.crime_volume.
with

loads as (
    select force_id, month, rows_delivered, rows_loaded, rows_rejected
    from {{ of_run_force(ref('stg_raw__loads')) }}
    where extract = 'crimes'
),

staged as (
    select
        force_id,
        delivery_month as month,
        count(*) as rows_staged,
        count(*) filter (where status = 'cancelled') as rows_cancelled,
        count(*) filter (where status = 'transferred') as rows_transferred,
        -- the crimes contract keeps a delivery's crimes in its month: recorded is counted there
        count(*) filter (where is_recorded) as crimes_counted
    from {{ of_run_force(ref('stg_raw__crimes')) }}
    group by all
)

select
    loads.force_id,
    loads.month as reporting_month,
    cast(loads.rows_delivered as bigint) as rows_delivered,
    cast(loads.rows_rejected as bigint) as rows_rejected,
    cast(loads.rows_loaded - coalesce(staged.rows_staged, 0) as bigint) as rows_replaced,
    cast(coalesce(staged.rows_cancelled, 0) as bigint) as rows_cancelled,
    cast(coalesce(staged.rows_transferred, 0) as bigint) as rows_transferred,
    cast(coalesce(staged.crimes_counted, 0) as bigint) as crimes_counted
from loads
left join staged using (force_id, month)
where {{ is_selected_reporting_month('loads.month') }}
