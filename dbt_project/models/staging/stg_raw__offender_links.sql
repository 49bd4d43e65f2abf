with

links as (
    select * from {{ source('raw', 'offender_links') }}
    -- the same link in two deliveries: the later delivery (then the later row) wins
    qualify row_number() over (
        partition by force_id, link_ref order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    link_ref,
    crime_ref,
    -- pseudonymised at ingestion: the force's own nominal ID never reaches raw
    nominal_id as nominal_pseudonym,
    role,
    linked_at,
    cast(date_trunc('month', linked_at) as date) as linked_month,
    month as delivery_month

from links
