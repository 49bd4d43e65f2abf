{#-
  The rows a generic data test reads (dbt's own macro, overridden): a build of some forces
  (PCP_DBT_TESTED_FORCES, else PCP_DBT_FORCES, read when executing, as in reporting_month.sql)
  tests those forces' rows of
  each model that has a force_id column, through of_run_force as the marts read them; other
  forces' rows were tested by their own builds. The filter reaches the raw tables through the
  staging views (DuckDB pushes it below their windows, which partition by force), so a force's
  tests read one force's rows however many forces the warehouse holds. Without a force (dbt by
  hand, CI) every row is tested. A test's own `where` config still applies.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set rows = of_run_force(relation, 'PCP_DBT_TESTED_FORCES') | trim if _documents_force_id(relation) else relation | string -%}
    {%- if where -%}
        {%- set rows = '(select * from ' ~ rows ~ ' where ' ~ where ~ ')' -%}
    {%- endif -%}
    {%- do return(relation if rows == relation | string else rows ~ ' dbt_subquery') -%}
{%- endmacro %}


{#-
  Whether the tested relation documents a force_id column. The test's own manifest entries say
  so without asking the warehouse (a metadata query for every test of every build); the test
  suite checks that every tested relation with a force_id column documents it.
-#}
{% macro _documents_force_id(relation) -%}
    {%- if relation is string -%}
        {{ return(false) }}
    {%- endif -%}
    {%- for node_id in model.depends_on.nodes -%}
        {%- set node = graph.nodes.get(node_id) or graph.sources.get(node_id) -%}
        {%- if node and node.schema == relation.schema and (node.alias or node.identifier) == relation.identifier -%}
            {{ return('force_id' in node.columns) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}
