"""Each commune's commune-level indicator figures, kept in the store so the
city page reads 114 communes (or 3,321) without loading their values.

They are recomputed by the same code as `cli.py metrics` (services.queries)
under the commune's own program, and stand at the commune's change they
were computed at: after an ingest or revert, `refresh` brings them level;
`refresh_stale` levels every commune left behind (a batch from the command
line, a change made by another process), which the city page calls first.
"""

from __future__ import annotations

import threading

from catalog import using
from services.communes import catalog_of
from services.queries import indicator_table
from store import Store
from store import communes as registry


def refresh(store: Store) -> None:
    """Recompute and store the store's commune's results."""
    change = store.last_change()
    with using(catalog_of(store)):
        table = indicator_table(store)
    registry.write_results(store, table[table["village"].isna()], change)


_refreshing = threading.Lock()  # one levelling at a time per process


def refresh_stale(store: Store) -> list[str]:
    """Refresh every registered commune whose results are behind; their
    codes. While another thread of this process is at it (viewers opening
    the city page together), return at once: the page shows the stored
    results, and the next run finds them level."""
    if not _refreshing.acquire(blocking=False):
        return []
    try:
        codes = registry.stale(store)
        for code in codes:
            refresh(store.scoped(code))
        return codes
    finally:
        _refreshing.release()
