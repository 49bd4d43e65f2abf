{#-
  The rows a generic data test reads (dbt's own macro, overridden): a force's build
  (PCP_DBT_FORCE_ID, read when executing, as in reporting_month.sql) tests that force's rows of
  each model that has a force_id column; other forces' rows were tested by their own builds. The
  filter reaches the raw tables through the staging views (DuckDB pushes it below their windows,
  which partition by force), so a force's tests read one force's rows however many forces the
  warehouse holds. Without a force (dbt by hand, CI) every row is tested. A test's own `where`
  config still applies.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set force = _run_force() -%}
    {%- if force is not none and relation is not string -%}
        {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if 'force_id' in columns -%}
            {%- do conditions.append("force_id = '" ~ force ~ "'") -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
