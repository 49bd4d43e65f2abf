-- Custody records, typed and deduplicated. Names and dates of birth stay in raw: never selected.
with

custody as (
    select * from {{ source('raw', 'custody') }}
    -- the same record in two deliveries (released_at filled in later): the later delivery wins
    qualify row_number() over (
        partition by force_id, custody_ref order by month desc, _row_number desc
    ) = 1
)

select
    force_id,
    custody_ref,
    suite,
    booked_in_at,
    cast(date_trunc('month', booked_in_at) as date) as booked_month,
    released_at,
    date_diff('second', booked_in_at, released_at) / 3600.0 as detention_hours,
    nominal_id,
    arrest_offence_code,
    attendance_type,
    attendance_type = 'voluntary_attendance' as is_voluntary_attendance,
    fingerprints_eligible,
    fingerprints_taken,
    dna_eligible,
    dna_taken,
    photo_eligible,
    photo_taken,
    fingerprints_taken or dna_taken or photo_taken as is_any_biometric_taken,
    month as delivery_month

from custody
