"""What the product writes for people. The periodic report to the Party
Committee's Standing Committee: its content (reports.content, from frames
and the catalog), and its writers, Word (reports.word) and Excel
(reports.excel). The printed sheet of reporting links and its Zalo text
(reports.link_sheet). No streamlit, no store."""
