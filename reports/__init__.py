"""The periodic report to the Party Committee's Standing Committee: its
content (reports.content, from frames and the catalog), and its writers,
Word (reports.word) and Excel (reports.excel). No streamlit, no store."""
