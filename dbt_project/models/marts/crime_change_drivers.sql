-- What made each R12 change of crime_volume: the rows one level down that add up to it (offence
-- groups of all crime, subgroups of all crime or of a group, areas of a force-wide figure:
-- macros/parts.sql), the largest of them named and the rest added up in one row, so that a
-- parent's rows sum to its change.
with

volume as (
    select force_id, reporting_month, area, offence_group, offence_subgroup, r12_change
    from {{ of_run_force(ref('crime_volume')) }}
    where {{ is_selected_reporting_month() }}
),

parts as (
    {%- for dimension in part_dimensions() %}
    select parent.*, '{{ dimension }}' as driven_by, child.{{ dimension }} as contributor,
        child.r12_change as contribution
    from volume as parent
    {{ joined_to_parts('volume', dimension) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

sided as (
    select
        *,
        -- a contribution in the change's direction (a rise for no change) or against it
        contribution * (case when r12_change >= 0 then 1 else -1 end) > 0 as is_with_change,
        contribution * (case when r12_change >= 0 then 1 else -1 end) < 0 as is_against_change
    from parts
    where r12_change is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by force_id, reporting_month, area, offence_group, offence_subgroup, driven_by,
                is_with_change, is_against_change
            order by abs(contribution) desc, contributor
        ) as rank_on_its_side
    from sided
),

named as (
    select
        *,
        -- the three largest with the change and the largest against it
        (is_with_change and rank_on_its_side <= 3) or (is_against_change and rank_on_its_side = 1)
            as is_named
    from ranked
),

rows_out as (
    select
        force_id, reporting_month, area, offence_group, offence_subgroup, driven_by, contributor,
        r12_change, contribution, 1 as contributors, is_with_change, is_named
    from named
    where is_named

    union all

    select
        force_id, reporting_month, area, offence_group, offence_subgroup, driven_by, 'Others',
        r12_change, sum(contribution), count(*), null, false
    from named
    where not is_named
    group by force_id, reporting_month, area, offence_group, offence_subgroup, driven_by, r12_change
)

select
    force_id,
    reporting_month,
    area,
    offence_group,
    offence_subgroup,
    driven_by,
    contributor,
    cast(r12_change as bigint) as r12_change,
    cast(contribution as bigint) as contribution,
    cast(contributors as integer) as contributors,
    is_named,
    cast(case when is_named then row_number() over (
        partition by force_id, reporting_month, area, offence_group, offence_subgroup, driven_by, is_named
        order by is_with_change desc, abs(contribution) desc, contributor
    ) end as integer) as contribution_rank
from rows_out
