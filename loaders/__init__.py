"""Files -> validated values: a tidy frame of values plus every problem,
located as Excel shows it (see loaders/load.py). Checks that need the store
(≤ rules after the merge, changes from earlier periods, fields blank now)
run later in loaders/checks.py."""

from loaders.load import load_file, load_isolated, read_grids, read_grids_isolated

__all__ = ["load_file", "load_isolated", "read_grids", "read_grids_isolated"]
