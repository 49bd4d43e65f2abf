{#- Use a model's custom schema as-is (`marts`, not `main_marts`); no custom schema = target schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
