"""Pure functions from the frames of stored values to what pages, reports and
the command line show: indicator values with status and pace (indicators,
pace), task progress (tasks) and who reported (completeness). No I/O, no
streamlit, no database."""
