{#- The prosecution-possible set is the seed's; only outcome 22 is decided by a var (a force setting). -#}
{%- set outcome_22_is_pp = var('outcome_22_is_prosecution_possible') | string | lower in ['true', '1', 'yes'] -%}

select
    outcome_type,
    outcome_description,
    outcome_group,
    case
        when outcome_type = 22 then {{ 'true' if outcome_22_is_pp else 'false' }}
        else is_prosecution_possible
    end as is_prosecution_possible,
    is_out_of_court_disposal,
    is_pending
from {{ ref('outcome_type') }}
