{#-
  Labels of a `group by grouping sets` row over some of the dimensions area, offence_group,
  offence_subgroup, domestic_abuse:
    breakdown_name  -> 'force', 'area', 'group', 'area_group', 'subgroup', 'area_subgroup',
                       'domestic_abuse', 'area_domestic_abuse' (the dimensions not rolled up)
    total_label     -> the column's value, or its total label ('All', 'All crime' for offence_group)
-#}
{% macro breakdown_name(dimensions) -%}
    {%- set parts = [] -%}
    {%- if 'area' in dimensions -%}
        {%- do parts.append("case when grouping(area) = 0 then 'area' end") -%}
    {%- endif -%}
    {%- if 'offence_subgroup' in dimensions -%}
        {%- do parts.append("case when grouping(offence_subgroup) = 0 then 'subgroup' when grouping(offence_group) = 0 then 'group' end") -%}
    {%- elif 'offence_group' in dimensions -%}
        {%- do parts.append("case when grouping(offence_group) = 0 then 'group' end") -%}
    {%- endif -%}
    {%- if 'domestic_abuse' in dimensions -%}
        {%- do parts.append("case when grouping(domestic_abuse) = 0 then 'domestic_abuse' end") -%}
    {%- endif -%}
    coalesce(nullif(concat_ws('_', {{ parts | join(', ') }}), ''), 'force')
{%- endmacro %}


{% macro total_label(column, label='All') -%}
    case when grouping({{ column }}) = 1 then '{{ label }}' else {{ column }} end
{%- endmacro %}


{% macro domestic_abuse_label() -%}
    case
        when grouping(domestic_abuse) = 1 then 'All'
        when domestic_abuse then 'Domestic abuse'
        else 'Not domestic abuse'
    end
{%- endmacro %}
