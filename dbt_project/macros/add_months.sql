{#- `expr` shifted by `months` whole months, as a DATE (DuckDB's date + interval is a TIMESTAMP). -#}
{% macro add_months(expr, months) -%}
    cast({{ expr }} + to_months({{ months }}) as date)
{%- endmacro %}
