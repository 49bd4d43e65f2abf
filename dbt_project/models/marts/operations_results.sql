-- Proactive operations' results per month and operation (`All`: every operation together): the
-- month, R12 and since the operation's first reported month. An operation appears in the months
-- when it reported in m-11..m; a month it did not report is 0, a month not loaded null.
{%- set figures = ['arrests', 'charges', 'cash_seized', 'drugs_seized_value', 'weapons_seized', 'sentences_months'] %}
{%- set types = {'cash_seized': 'decimal(18, 2)', 'drugs_seized_value': 'decimal(18, 2)'} %}
with

months as (
    {{ spined_months(['operations']) }}
),

reported as (
    select force_id, month_start as reporting_month, operation, {{ figures | join(', ') }}
    from {{ of_run_force(ref('stg_raw__operations')) }}
    union all
    select
        force_id,
        month_start,
        'All',
        {%- for figure in figures %}
        sum({{ figure }}){{ ',' if not loop.last }}
        {%- endfor %}
    from {{ of_run_force(ref('stg_raw__operations')) }}
    group by all
),

firsts as (
    select force_id, operation, min(reporting_month) as first_month
    from reported
    group by all
),

-- every month from the operation's first, zero-filled, null where the month is not loaded
series as (
    select
        months.*,
        firsts.operation,
        firsts.first_month,
        reported.operation is not null as is_reported,
        {%- for figure in figures %}
        case when months.is_loaded then coalesce(reported.{{ figure }}, 0) end as {{ figure }}{{ ',' if not loop.last }}
        {%- endfor %}
    from months
    inner join firsts
        on firsts.force_id = months.force_id
        and firsts.first_month <= months.reporting_month
    left join reported
        on reported.force_id = months.force_id
        and reported.reporting_month = months.reporting_month
        and reported.operation = firsts.operation
),

rolling as (
    select
        *,
        count(*) filter (where is_reported) over last_12 as months_reported_r12,
        {%- for figure in figures %}
        case when is_r12_complete then sum({{ figure }}) over last_12 end as {{ figure }}_r12,
        sum({{ figure }}) over to_date as {{ figure }}_to_date{{ ',' if not loop.last }}
        {%- endfor %}
    from series
    window
        last_12 as (partition by force_id, operation order by reporting_month rows between 11 preceding and current row),
        to_date as (partition by force_id, operation order by reporting_month rows between unbounded preceding and current row)
)

select
    force_id,
    reporting_month,
    operation,
    first_month,
    cast(date_diff('month', first_month, reporting_month) + 1 as integer) as months_since_first,
    first_month = first_loaded_month as is_first_month_first_loaded,
    is_reported,
    {%- for suffix in ['', '_r12', '_to_date'] %}
    {%- for figure in figures %}
    cast({{ figure }}{{ suffix }} as {{ types.get(figure, 'bigint') }}) as {{ figure }}{{ suffix }},
    {%- endfor %}
    {%- endfor %}
    {{ unavailable_reason(11) }} as unavailable_reason
from rolling
where {{ is_selected_reporting_month() }} and months_reported_r12 > 0
