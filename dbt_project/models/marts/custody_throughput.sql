-- Custody throughput by suite (and `All`): detainees booked in (arrests), as bookings and as
-- distinct people (someone booked in twice is one person), voluntary attendances
-- for biometric capture, and per biometric the capture rate among eligible detainees, for the
-- month and R12. Voluntary attendances are not detainees: they count apart and are left out of
-- the capture rates. Zero-filled: every suite the force has used appears every month.
{%- set biometrics = ['fingerprints', 'dna', 'photo'] %}
with

months as (
    {{ spined_months(['custody']) }}
),

selected_months as (
    select * from months where {{ is_selected_reporting_month() }}
),

records as (
    select * from {{ of_run_force(ref('stg_raw__custody')) }}
),

-- per suite and month, and the force's total under suite 'All'
by_month as (
    select
        force_id,
        booked_month,
        case when grouping(suite) = 1 then 'All' else suite end as suite,
        count(*) filter (where not is_voluntary_attendance) as detainees,
        count(*) filter (where is_voluntary_attendance) as va_attendances,
        count(*) filter (where is_voluntary_attendance and is_any_biometric_taken) as va_captures,
        {%- for b in biometrics %}
        count(*) filter (where not is_voluntary_attendance and {{ b }}_eligible) as {{ b }}_eligible,
        count(*) filter (
            where not is_voluntary_attendance and {{ b }}_eligible and {{ b }}_taken
        ) as {{ b }}_taken{{ ',' if not loop.last }}
        {%- endfor %}
    from records
    group by grouping sets ((force_id, booked_month, suite), (force_id, booked_month))
),

rolling as (
    select
        selected_months.force_id,
        selected_months.reporting_month,
        by_month.suite,
        sum(by_month.detainees) as detainees,
        sum(by_month.va_attendances) as va_attendances,
        sum(by_month.va_captures) as va_captures,
        {%- for b in biometrics %}
        sum(by_month.{{ b }}_eligible) as {{ b }}_eligible,
        sum(by_month.{{ b }}_taken) as {{ b }}_taken{{ ',' if not loop.last }}
        {%- endfor %}
    from selected_months
    inner join by_month
        on by_month.force_id = selected_months.force_id
        and by_month.booked_month between {{ add_months('selected_months.reporting_month', -11) }}
            and selected_months.reporting_month
    group by all
),

-- distinct people booked in after arrest; a person counts once per suite and once for the force
detained_people as (
    select
        selected_months.force_id,
        selected_months.reporting_month,
        case when grouping(records.suite) = 1 then 'All' else records.suite end as suite,
        count(distinct records.nominal_id) filter (
            where records.booked_month = selected_months.reporting_month
        ) as people_month,
        count(distinct records.nominal_id) as people_r12
    from selected_months
    inner join records
        on records.force_id = selected_months.force_id
        and records.booked_month between {{ add_months('selected_months.reporting_month', -11) }}
            and selected_months.reporting_month
    where not records.is_voluntary_attendance
    group by grouping sets (
        (selected_months.force_id, selected_months.reporting_month, records.suite),
        (selected_months.force_id, selected_months.reporting_month)
    )
),

suites as (
    select distinct force_id, suite from records
    union
    select distinct force_id, 'All' from selected_months
)

select
    selected_months.force_id,
    selected_months.reporting_month,
    suites.suite,
    {%- for measure in ['detainees', 'va_attendances', 'va_captures'] %}
    case when selected_months.is_loaded then coalesce(this_month.{{ measure }}, 0) end
        as {{ measure }}_month,
    case when selected_months.is_r12_complete then cast(coalesce(rolling.{{ measure }}, 0) as bigint) end
        as {{ measure }}_r12,
    {%- if measure == 'detainees' %}
    case when selected_months.is_loaded then coalesce(detained_people.people_month, 0) end
        as detained_people_month,
    case when selected_months.is_r12_complete then coalesce(detained_people.people_r12, 0) end
        as detained_people_r12,
    {%- endif %}
    {%- endfor %}
    {%- for b in biometrics %}
    case when selected_months.is_loaded then coalesce(this_month.{{ b }}_eligible, 0) end
        as {{ b }}_eligible_month,
    case when selected_months.is_loaded
        then this_month.{{ b }}_taken / nullif(this_month.{{ b }}_eligible, 0) end
        as {{ b }}_rate_month,
    case when selected_months.is_r12_complete
        then cast(coalesce(rolling.{{ b }}_eligible, 0) as bigint) end as {{ b }}_eligible_r12,
    case when selected_months.is_r12_complete
        then rolling.{{ b }}_taken / nullif(rolling.{{ b }}_eligible, 0) end
        as {{ b }}_rate_r12,
    {%- endfor %}
    {{ unavailable_reason(11, 'selected_months') }} as unavailable_reason
from selected_months
inner join suites
    on suites.force_id = selected_months.force_id
left join by_month as this_month
    on this_month.force_id = suites.force_id
    and this_month.booked_month = selected_months.reporting_month
    and this_month.suite = suites.suite
left join rolling
    on rolling.force_id = suites.force_id
    and rolling.reporting_month = selected_months.reporting_month
    and rolling.suite = suites.suite
left join detained_people
    on detained_people.force_id = suites.force_id
    and detained_people.reporting_month = selected_months.reporting_month
    and detained_people.suite = suites.suite
