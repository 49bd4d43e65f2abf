"""data.police.uk downloads: published street and outcomes files (docs/police-uk.md)."""
