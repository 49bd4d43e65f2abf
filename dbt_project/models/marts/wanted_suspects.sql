-- Wanted suspects outstanding at month end, by risk level and by band of days outstanding, each
-- with its total (`All`): the count, the count a month earlier and the longest outstanding. Every
-- risk level and band appears every loaded month (0 where none); figures are null in a month not
-- loaded. Pseudonyms stay in staging: the mart holds counts and days only.
with

months as (
    select
        *,
        coalesce(lag(is_loaded) over (partition by force_id order by reporting_month), false)
            as is_previous_month_loaded
    from ({{ spined_months(['outstanding_suspects']) }})
),

suspects as (
    select force_id, snapshot_month, risk_level, age_band, days_outstanding
    from {{ of_run_force(ref('stg_raw__outstanding_suspects')) }}
),

counted as (
    select
        force_id,
        snapshot_month as reporting_month,
        {{ total_label('risk_level') }} as risk_level,
        {{ total_label('age_band') }} as age_band,
        count(*) as suspects,
        max(days_outstanding) as oldest_days
    from suspects
    group by grouping sets ((force_id, snapshot_month, risk_level, age_band),
        (force_id, snapshot_month, risk_level), (force_id, snapshot_month, age_band),
        (force_id, snapshot_month))
),

keys as (
    select risk_levels.force_id, risk_levels.risk_level, bands.age_band
    from (
        select distinct force_id, risk_level from suspects
        union select distinct force_id, 'All' from months
    ) as risk_levels
    cross join (
        select unnest(['All', '0-28', '29-90', '91-365', '366+']) as age_band
    ) as bands
),

series as (
    select
        months.force_id,
        months.reporting_month,
        months.is_previous_month_loaded,
        months.missing_months_24,
        months.first_loaded_month,
        keys.risk_level,
        keys.age_band,
        case when months.is_loaded then coalesce(counted.suspects, 0) end as suspects,
        case when months.is_loaded then counted.oldest_days end as oldest_days
    from months
    inner join keys
        on keys.force_id = months.force_id
    left join counted
        on counted.force_id = months.force_id
        and counted.reporting_month = months.reporting_month
        and counted.risk_level = keys.risk_level
        and counted.age_band = keys.age_band
),

compared as (
    select
        *,
        lag(suspects) over (
            partition by force_id, risk_level, age_band order by reporting_month
        ) as suspects_previous_month
    from series
)

select
    force_id,
    reporting_month,
    risk_level,
    age_band,
    cast(suspects as bigint) as suspects,
    cast(case when is_previous_month_loaded then suspects_previous_month end as bigint)
        as suspects_previous_month,
    cast(oldest_days as bigint) as oldest_days,
    {{ unavailable_reason(1) }} as unavailable_reason
from compared
where {{ is_selected_reporting_month() }}
