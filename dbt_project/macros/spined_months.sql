{#-
  The reporting months of a mart that draws on `extracts`: one row per force and month of the first
  extract's spine (int_extract_months_spined). A month, or an R12 window, is available only when it is
  in every extract; the missing months of all the extracts are merged.
-#}
{% macro spined_months(extracts) -%}
    select
        primary_spine.force_id,
        primary_spine.month as reporting_month,
        count(spine.month) = {{ extracts | length }} and bool_and(spine.is_loaded) as is_loaded,
        count(spine.month) = {{ extracts | length }} and bool_and(spine.is_r12_complete) as is_r12_complete,
        list_sort(list_distinct(flatten(list(spine.missing_months_24)))) as missing_months_24,
        max(firsts.first_loaded_month) as first_loaded_month
    from {{ of_run_force(ref('int_extract_months_spined')) }} as primary_spine
    inner join (
        select distinct force_id, extract, first_loaded_month
        from {{ of_run_force(ref('int_extract_months_spined')) }}
        where extract in ('{{ extracts | join("', '") }}')
    ) as firsts
        on firsts.force_id = primary_spine.force_id
    left join {{ of_run_force(ref('int_extract_months_spined')) }} as spine
        on spine.force_id = firsts.force_id
        and spine.extract = firsts.extract
        and spine.month = primary_spine.month
    where primary_spine.extract = '{{ extracts[0] }}'
    group by primary_spine.force_id, primary_spine.month
{%- endmacro %}


{#-
  Why figures of a row may be null, e.g. 'missing months: 2025-03' or 'no data before 2023-11', for
  figures whose windows reach back `lookback_months` before the reporting month. Null when nothing is
  missing. Reads the columns of spined_months() from `relation` (a name or alias; default unqualified).
-#}
{% macro unavailable_reason(lookback_months, relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- set window_start = add_months(prefix ~ 'reporting_month', -lookback_months) -%}
    nullif(concat_ws('; ',
        'missing months: ' || nullif(array_to_string(
            [strftime(m, '%Y-%m') for m in {{ prefix }}missing_months_24 if m >= {{ window_start }}], ', '
        ), ''),
        case when {{ window_start }} < {{ prefix }}first_loaded_month
            then 'no data before ' || strftime({{ prefix }}first_loaded_month, '%Y-%m')
        end
    ), '')
{%- endmacro %}
