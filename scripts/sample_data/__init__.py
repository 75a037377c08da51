"""The sample data's generator (scripts/make_sample_data.py runs it): the
illustrative files of xã Cẩm Giàng in sample_data/ and their description
in docs/sample-data.md.

The files imitate what villages and units really send to the commune: formal
tables with title rows, a two-row header, totals and signatures; per-group
files; one-village vertical reports; legacy .xls; .ods; a Windows-1258 CSV
with Vietnamese text numbers; a partial report with only the lighting columns.
The dashboard starts on them with a story to show, and the loaders meet every
layout. Headers, units and enumeration labels come from the catalog, so the
files never drift from the forms. The figures are made up but deterministic
(fixed seed, fixed zip timestamps): running it twice writes byte-identical
files.

By job: the villages and their figures (villages.py), the sample's
registers and signers (registers.py), a sheet as a grid of cells and facts
(grids.py), the layouts officials use (layouts.py), rows of each form
(rows.py), numbers as Vietnamese text (vi_numbers.py), the file writers
(writers.py), which files exist (files.py, village_files.py,
register_files.py), the read-back check (check.py), the headline
indicators (indicators.py) and docs/sample-data.md (readme.py).
bench/make_city.py builds its city-scale set from the same blocks.
"""
