{#-
  The one place that decides which reporting months a mart build writes (delete+insert replaces them).

    --vars '{reporting_month: "YYYY-MM-01"}'                          that month
    --vars '{month_from: "YYYY-MM-01", month_to: "YYYY-MM-01"}'       those months, inclusive (either
                                                                      bound may be left out)
    no var                                                            every month of the spine

  Dagster's builds give the months as environment variables PCP_DBT_MONTH_FROM and PCP_DBT_MONTH_TO
  instead, read only when executing: dbt re-parses the whole project whenever its vars change, and
  an env_var read while parsing would make it re-parse every mart each month. They also give the
  forces whose deliveries the run loaded, PCP_DBT_FORCES (comma-separated): a build then writes
  those forces' rows of those months only, so a force refused by the run, or one that did not
  deliver, keeps its marts as they were. A run of many forces builds them in groups (one
  invocation a group, to bound its memory); its last invocation's data tests read every force of
  the run, PCP_DBT_TESTED_FORCES (tests_by_force.sql).
  A mart without a force (region_headlines) passes by_force=false and adds up every force.

  Upstream views always cover every month, so windows, trend runs and year-earlier values still see
  the history they need; only the months written are restricted.
-#}
{% macro _month_var(name) -%}
    {%- set value = var(name, none) -%}
    {%- if (value is none or value == '') and execute and name != 'reporting_month' -%}
        {%- set value = env_var('PCP_DBT_' ~ (name | upper), '') -%}
    {%- endif -%}
    {%- if value is none or value == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set value = value | string -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-(0[1-9]|1[0-2])-01', value) -%}
        {{ exceptions.raise_compiler_error("var " ~ name ~ " must look like 'YYYY-MM-01', got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}


{% macro _run_forces(variable='PCP_DBT_FORCES') -%}
    {%- set value = env_var(variable, '') if execute else '' -%}
    {%- if value == '' and variable != 'PCP_DBT_FORCES' -%}
        {{ return(_run_forces()) }}
    {%- endif -%}
    {%- if value == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set forces = value.split(',') -%}
    {%- for force in forces -%}
        {%- if not modules.re.fullmatch('[A-Za-z0-9_-]+', force) -%}
            {{ exceptions.raise_compiler_error(variable ~ " must be force ids (letters, digits, _ and -) separated by commas, got '" ~ value ~ "'") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(forces) }}
{%- endmacro %}


{#-
  `column` in the run's forces: `(force_id between 'midshire' and 'wealdshire' and force_id in
  ('midshire', 'wealdshire'))`. The range is for DuckDB: it carries comparisons with constants
  across joins to the other side's force_id, down to the raw tables' scans, but not an IN list,
  which stays above the first join whose other side it cannot enter (a mart of two forces among
  43 read every force's crimes). The IN list keeps the forces exact.
-#}
{% macro _in_forces(column, forces) -%}
    ({{ column }} between '{{ forces | min }}' and '{{ forces | max }}' and {{ column }} in ({% for force in forces %}'{{ force }}'{{ ', ' if not loop.last }}{% endfor %}))
{%- endmacro %}


{#-
  `relation`'s rows of the run's forces, or the relation itself when none is given: how a force's
  mart reads its inputs, so that its build reads its forces' rows however many forces the warehouse
  holds (the filter at the end of a mart does not reach below its windows and joins; DuckDB pushes
  this one down to the raw tables: see _in_forces). A mart's own months are still chosen by
  is_selected_reporting_month.
-#}
{% macro of_run_force(relation, variable='PCP_DBT_FORCES') -%}
    {%- set forces = _run_forces(variable) -%}
    {%- if forces is none -%}
        {{ relation }}
    {%- else -%}
        (select * from {{ relation }} where {{ _in_forces('force_id', forces) }})
    {%- endif -%}
{%- endmacro %}


{#- `column`'s relation's force_id: `runs.reporting_month` -> `runs.force_id`. -#}
{% macro _force_column(column) -%}
    {{ return((column.rsplit('.', 1)[0] ~ '.force_id') if '.' in column else 'force_id') }}
{%- endmacro %}


{% macro is_selected_reporting_month(column='reporting_month', by_force=true) -%}
    {%- set month = _month_var('reporting_month') -%}
    {%- set month_from = _month_var('month_from') -%}
    {%- set month_to = _month_var('month_to') -%}
    {%- if month is not none and (month_from is not none or month_to is not none) -%}
        {{ exceptions.raise_compiler_error("give either var reporting_month or month_from/month_to, not both") }}
    {%- endif -%}
    {%- if month is not none -%}
        {{ column }} = date '{{ month }}'
    {%- elif month_from is not none or month_to is not none -%}
        {{ column }} between date '{{ month_from or "0001-01-01" }}' and date '{{ month_to or "9999-12-01" }}'
    {%- else -%}
        true
    {%- endif -%}
    {%- set forces = _run_forces() -%}
    {%- if by_force and forces is not none %} and {{ _in_forces(_force_column(column), forces) }}{% endif -%}
{%- endmacro %}


{#-
  A mart's pre-hook: the months a build writes are deleted, then its rows appended, so a month is
  replaced whole, also when it is left with no rows (rejects corrected away, a delivery withdrawn).
  A mart with a force_id column loses the run's forces' months only. Nothing to do on a first
  build or a full refresh.
-#}
{% macro delete_selected_months() -%}
    {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- if existing is not none and not flags.FULL_REFRESH -%}
        delete from {{ this }} where {{ is_selected_reporting_month(by_force='force_id' in model.columns) }}
    {%- endif -%}
{%- endmacro %}
