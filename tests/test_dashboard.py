"""services.dashboard: what the cards and trends of every page draw."""

from __future__ import annotations

import pandas as pd

from services.dashboard import commune_histories


def test_commune_histories_stop_at_the_period_in_view():
    """Commune rows only, up to the period in view; an indicator without a
    row then keeps its whole history (its card says it has no value)."""
    rows = pd.DataFrame(
        {
            "indicator": ["CT1", "CT1", "CT1", "CT2", "CT1"],
            "period": ["2024", "2025", "2026", "2024", "2025"],
            "time": [2024.0, 2025.0, 2026.0, 2024.0, 2025.0],
            "village": [None, None, None, None, "V01"],
            "value": [1.0, 2.0, 3.0, 4.0, 9.0],
        }
    )
    found = commune_histories(rows, "2025")
    assert list(found["CT1"]["value"]) == [1.0, 2.0]  # not 2026, not the village's row
    assert list(found["CT2"]["value"]) == [4.0]  # no 2025 row: all it has
    assert set(found) == {"CT1", "CT2"}
