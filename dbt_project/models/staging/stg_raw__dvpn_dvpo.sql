-- DVPN/DVPO cases, typed and deduplicated: one row per case, the later delivery winning.
with

cases as (
    select * from {{ source('raw', 'dvpn_dvpo') }}
    qualify row_number() over (
        partition by force_id, case_ref order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    case_ref,
    nominal_id,
    dvpn_applied_at,
    cast(date_trunc('month', dvpn_applied_at) as date) as applied_month,
    dvpn_decision,
    dvpn_decision = 'authorised' as is_authorised,
    authorising_rank,
    dvpn_decided_at,
    dvpo_applied,
    court_hearing_at,
    date_diff('second', dvpn_decided_at, court_hearing_at) / 3600.0 as hours_to_hearing,
    dvpo_outcome,
    coalesce(dvpo_outcome = 'granted', false) as is_dvpo_granted,
    order_length_days,
    month as delivery_month

from cases
