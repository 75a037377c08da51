"""The store: every accepted file as a submission, every value pointing to
its submission, supersession, revert and period locks, for one commune.

The Store is built by job: where the store lives and its migrations
(engine.py), the commune it serves and its transactions (base.py), its
reads (reads.py) and writes (writes.py), and the driver-level SQL the
busiest of them run (sql.py). Beside it: the communes a store holds
(communes.py), editor accounts (users.py), the merge of a file (merge.py)
and the tables (schema.py, migrations/).
"""

from store.base import CommuneChoice, StoreError
from store.engine import DEFAULT_DB, resolve_url
from store.sql import result_frame
from store.writes import RevertResult, Store

__all__ = ["DEFAULT_DB", "CommuneChoice", "RevertResult", "Store", "StoreError", "resolve_url", "result_frame"]
