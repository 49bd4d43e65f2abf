"""The data dictionary of the published marts, `data_dictionary.html` beside them in every release.

Everything in it comes from the dbt project's yml as the manifest holds it
(pcp_assets/mart_catalog.py): each mart's description, key and small-count rule, and each column's
type (its contract) and description; the flag publication adds where counts are suppressed is
described as in the DuckDB copy's comments.
"""

from dataclasses import dataclass

from pcp_assets.html_pages import render_page
from pcp_assets.mart_catalog import MartEntry
from pcp_assets.small_counts import SUPPRESSED_COLUMN, SUPPRESSED_DESCRIPTION

DICTIONARY = "data_dictionary.html"


@dataclass(frozen=True)
class DictionaryColumn:
    name: str
    data_type: str
    description: str
    in_key: bool = False
    small_count: bool = False


def published_columns(mart: MartEntry) -> list[DictionaryColumn]:
    """The mart's columns as published: the model's, then the suppression flag if it has one."""
    small = set(mart.small_counts.columns) if mart.small_counts else set()
    columns = [
        DictionaryColumn(name, mart.data_types.get(name, ""), text, name in mart.key, name in small)
        for name, text in mart.columns.items()
    ]
    if small:
        columns.append(DictionaryColumn(SUPPRESSED_COLUMN, "boolean", SUPPRESSED_DESCRIPTION))
    return columns


def render_data_dictionary(marts: tuple[MartEntry, ...], threshold: int) -> str:
    return render_page(
        "data_dictionary.html.j2",
        marts=[(mart, published_columns(mart)) for mart in marts],
        threshold=threshold,
    )
