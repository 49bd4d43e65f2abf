{#-
  The rows one level down that add up to a row of a mart keyed by area, offence group and subgroup
  (crime_volume, outcome_rates), one dimension at a time: a `parent` row joined to its `child` rows
  of `relation`, with the filter on the parents that have such parts.
    offence_group     all crime (force-wide or in an area): the offence groups of the same area
    offence_subgroup  all crime or a group (likewise): its subgroups, same area
    area              a force-wide row: the same row in each area (`Unknown` included)
  crime_change_drivers and outcome_rate_decomposition split their rows the same way. `same`: further
  columns a child shares with its parent.
-#}
{% macro joined_to_parts(relation, dimension, same=[]) -%}
    inner join {{ relation }} as child
        on child.force_id = parent.force_id and child.reporting_month = parent.reporting_month
        {%- for column in same %} and child.{{ column }} = parent.{{ column }}{% endfor %}
    {%- if dimension == 'offence_group' %}
        and child.area = parent.area and child.offence_group <> 'All crime'
        and child.offence_subgroup = 'All'
    where parent.offence_group = 'All crime'
    {%- elif dimension == 'offence_subgroup' %}
        and child.area = parent.area and child.offence_subgroup <> 'All'
        and (parent.offence_group = 'All crime' or child.offence_group = parent.offence_group)
    where parent.offence_subgroup = 'All'
    {%- elif dimension == 'area' %}
        and child.area <> 'All' and child.offence_group = parent.offence_group
        and child.offence_subgroup = parent.offence_subgroup
    where parent.area = 'All'
    {%- else %}
        {{ exceptions.raise_compiler_error("joined_to_parts: no parts by " ~ dimension) }}
    {%- endif %}
{%- endmacro %}


{% macro part_dimensions() -%}
    {{ return(['offence_group', 'offence_subgroup', 'area']) }}
{%- endmacro %}
