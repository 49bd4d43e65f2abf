"""The tests' own reference lists, typed here from their sources (the Home Office Counting Rules,
the Home Office outcome framework as spec/METRICS.md lists it, data.police.uk's documentation, the
ONS force-area table): the expected figures are computed with these, never with the project's seeds,
and test_reference_mappings.py checks the seeds against them."""
