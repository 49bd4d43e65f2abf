-- Outcome rows of both sources in the stg_raw__outcomes interface (docs/police-uk.md).
select
    force_id, crime_ref, outcome_type, outcome_date, outcome_month, outcome_group,
    is_prosecution_possible, is_out_of_court_disposal, is_pending, delivery_month, delivery_row_number
from {{ ref('stg_raw__outcomes') }}
union all
select
    force_id, crime_ref, outcome_type, outcome_date, outcome_month, outcome_group,
    is_prosecution_possible, is_out_of_court_disposal, is_pending, delivery_month, delivery_row_number
from {{ ref('stg_police_uk__outcomes') }}
