-- The DVPN/DVPO funnel per force and month: DVPNs applied for, authorised, DVPOs applied for and
-- granted at court, for the month and R12, with the conversion rates between the stages (R12) and
-- the median hours from authorisation to hearing (R12). Cases count by the month their DVPN was
-- applied for; each later stage counts only if it had happened by the end of the reporting month,
-- so a month rebuilt later reproduces the figures the board saw (a DVPO granted after the month
-- end counts in the next month's R12, which is why only applications are a sum of months).
with

months as (
    {{ spined_months(['dvpn_dvpo']) }}
),

selected_months as (
    select *, {{ add_months('reporting_month', 1) }} as next_month
    from months
    where {{ is_selected_reporting_month() }}
),

-- every selected month with the cases of its R12 window, staged as of the month's end
staged as (
    select
        selected_months.force_id,
        selected_months.reporting_month,
        cases.applied_month = selected_months.reporting_month as is_in_month,
        cases.is_authorised and cases.dvpn_decided_at < selected_months.next_month as is_authorised,
        -- the DVPO is applied for straight after authorisation
        cases.dvpo_applied and cases.dvpn_decided_at < selected_months.next_month as is_dvpo_applied,
        cases.is_dvpo_granted and cases.court_hearing_at < selected_months.next_month as is_dvpo_granted,
        case
            when cases.dvpo_applied and cases.court_hearing_at < selected_months.next_month
                then cases.hours_to_hearing
        end as hours_to_hearing
    from selected_months
    inner join {{ of_run_force(ref('stg_raw__dvpn_dvpo')) }} as cases
        on cases.force_id = selected_months.force_id
        and cases.applied_month between {{ add_months('selected_months.reporting_month', -11) }}
            and selected_months.reporting_month
),

counted as (
    select
        force_id,
        reporting_month,
        count(*) filter (where is_in_month) as applications_month,
        count(*) as applications_r12,
        count(*) filter (where is_in_month and is_authorised) as authorised_month,
        count(*) filter (where is_authorised) as authorised_r12,
        count(*) filter (where is_in_month and is_dvpo_applied) as dvpo_applications_month,
        count(*) filter (where is_dvpo_applied) as dvpo_applications_r12,
        count(*) filter (where is_in_month and is_dvpo_granted) as dvpos_granted_month,
        count(*) filter (where is_dvpo_granted) as dvpos_granted_r12,
        count(hours_to_hearing) as hearings_r12,
        median(hours_to_hearing) as median_hours_to_hearing_r12
    from staged
    group by force_id, reporting_month
)

select
    selected_months.force_id,
    selected_months.reporting_month,
    {%- for stage in ['applications', 'authorised', 'dvpo_applications', 'dvpos_granted'] %}
    case when selected_months.is_loaded then coalesce(counted.{{ stage }}_month, 0) end
        as {{ 'dvpn_' if stage in ('applications', 'authorised') }}{{ stage }}_month,
    case when selected_months.is_r12_complete then coalesce(counted.{{ stage }}_r12, 0) end
        as {{ 'dvpn_' if stage in ('applications', 'authorised') }}{{ stage }}_r12,
    {%- endfor %}
    case when selected_months.is_r12_complete
        then counted.authorised_r12 / nullif(counted.applications_r12, 0) end
        as authorisation_rate_r12,
    case when selected_months.is_r12_complete
        then counted.dvpo_applications_r12 / nullif(counted.authorised_r12, 0) end
        as dvpo_application_rate_r12,
    case when selected_months.is_r12_complete
        then counted.dvpos_granted_r12 / nullif(counted.dvpo_applications_r12, 0) end
        as grant_rate_r12,
    case when selected_months.is_r12_complete then coalesce(counted.hearings_r12, 0) end
        as hearings_r12,
    case when selected_months.is_r12_complete then counted.median_hours_to_hearing_r12 end
        as median_hours_to_hearing_r12,
    {{ unavailable_reason(11, 'selected_months') }} as unavailable_reason
from selected_months
left join counted
    on counted.force_id = selected_months.force_id
    and counted.reporting_month = selected_months.reporting_month
