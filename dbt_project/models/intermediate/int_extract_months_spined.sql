-- One row per force, extract and month from the extract's first loaded month to the force's latest
-- loaded month (any extract). A month without a raw.loads row is missing: null in the marts, never zero.
with

loads as (
    select force_id, extract, month from {{ ref('int_loads_unioned') }}
),

bounds as (
    select
        force_id,
        extract,
        min(month) as first_loaded_month,
        max(max(month)) over (partition by force_id) as last_month
    from loads
    group by force_id, extract
),

spine as (
    select
        force_id,
        extract,
        first_loaded_month,
        cast(unnest(generate_series(first_loaded_month, last_month, interval 1 month)) as date) as month
    from bounds
),

flagged as (
    select
        spine.*,
        loads.month is not null as is_loaded
    from spine
    left join loads using (force_id, extract, month)
)

select
    force_id,
    extract,
    month,
    first_loaded_month,
    is_loaded,
    -- R12 needs all of m-11..m loaded (months before the first loaded month have no row here)
    count(*) filter (where is_loaded) over last_12 = 12 as is_r12_complete,
    coalesce(
        list(month order by month) filter (where not is_loaded) over last_24, []
    ) as missing_months_24

from flagged
window
    last_12 as (partition by force_id, extract order by month rows between 11 preceding and current row),
    last_24 as (partition by force_id, extract order by month rows between 23 preceding and current row)
