"""Router of the dashboard (placeholder until the pages issue lands).

It opens the store, fills it from sample_data on the very first start, and
shows what the store holds, so `make run` proves the core works end to end.
"""

from __future__ import annotations

import streamlit as st

from services.queries import indicator_table
from services.seed import seed_if_empty
from store import Store


@st.cache_resource
def _store() -> Store:
    store = Store()
    seed_if_empty(store)
    return store


def main() -> None:
    st.set_page_config(page_title="Chuyển đổi xanh", layout="wide")
    st.title("Bảng theo dõi chuyển đổi xanh")
    store = _store()
    table = indicator_table(store)
    commune = table[table["village"].isna()]
    st.caption(f"Kho dữ liệu: {store.url} — {len(store.submissions())} lần nộp tệp.")
    if commune.empty:
        st.info("Chưa có số liệu. Hãy nạp tệp bằng lệnh `python cli.py ingest TỆP`.")
        return
    st.dataframe(commune, hide_index=True)


main()
