-- One row per wanted record and month-end snapshot (a suspect still wanted is in every snapshot
-- until traced): a redelivered month replaces its snapshot. nominal_id is already a pseudonym.
with

suspects as (
    select * from {{ source('raw', 'outstanding_suspects') }}
    qualify row_number() over (
        partition by force_id, snapshot_date, wanted_ref order by month desc, _row_number desc
    ) = 1
),

aged as (
    select
        *,
        date_diff('day', wanted_since, snapshot_date) as days_outstanding
    from suspects
)

select
    force_id,
    wanted_ref,
    nominal_id,
    risk_level,
    wanted_since,
    snapshot_date,
    cast(date_trunc('month', snapshot_date) as date) as snapshot_month,
    days_outstanding,
    case
        when days_outstanding <= 28 then '0-28'
        when days_outstanding <= 90 then '29-90'
        when days_outstanding <= 365 then '91-365'
        else '366+'
    end as age_band,
    month as delivery_month

from aged
