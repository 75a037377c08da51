"""docs/deploy.md's backup and restore, done as it says: a PostgreSQL store
dumped with pg_dump and restored with pg_restore into a new database gives
the same history and the same figures. PostgreSQL only."""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest
import sqlalchemy as sa

from services.queries import indicator_table
from services.seed import seed
from store import Store
from tests.test_store import PG, fresh_postgresql

pytestmark = pytest.mark.skipif(not PG or not shutil.which("pg_dump"), reason="XANH_TEST_PG not set or pg_dump missing")


def libpq(url: str) -> str:
    """The database URL as pg_dump and pg_restore take it."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_a_dump_restores_into_the_same_store(tmp_path):
    backup = tmp_path / "xanh.dump"
    with fresh_postgresql() as source_url, fresh_postgresql() as target_url:
        source = Store(source_url)
        assert all(r.ok for r in seed(source))
        subprocess.run(["pg_dump", "--format=custom", f"--file={backup}", libpq(source_url)], check=True, timeout=120)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={libpq(target_url)}", str(backup)], check=True, timeout=120)
        restored = Store(target_url)
        assert restored.submissions().equals(source.submissions())
        pd.testing.assert_frame_equal(indicator_table(restored), indicator_table(source))
        source.engine.dispose()
        restored.engine.dispose()
