"""Files -> validated values: a tidy frame of values plus every problem,
located as Excel shows it (see loaders/load.py). Checks that need the store
(≤ rules after the merge, changes from earlier periods, fields blank now)
run later in loaders/checks.py.

The exports are imported on first use, so that `loaders.sandbox` can start
its workers before the caller pays for pandas and the catalog (a command
line that validates one file starts both at once)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = ["load_file", "load_isolated", "read_grids", "read_grids_isolated"]

if TYPE_CHECKING:
    from loaders.load import load_file, load_isolated, read_grids, read_grids_isolated


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module("loaders.load"), name)
    raise AttributeError(f"module 'loaders' has no attribute {name!r}")
