"""Pure Altair chart builders: frames in, charts out (no streamlit).

palette.py holds the colours and the text colour each needs, labels.py the
words and numbers charts show, describe.py what a screen reader says of a
chart, builders.py the charts themselves, spark.py a card's small trend
(SVG drawn without a JavaScript engine), maps.py the maps.
"""

from charts.builders import (
    chart_rows,
    fit_width,
    heatmap,
    indicator_panels,
    status_scale,
    task_timeline,
    to_png,
    trend,
    village_bars,
)
from charts.labels import axis_label, gap_text, period_label, status_label, task_flags, task_status_label, value_text
from charts.palette import NO_TARGET_COLOUR, STATUS_COLOURS, TASK_COLOURS, contrast, text_colour
from charts.spark import Spark, sparkline

__all__ = [
    "Spark",
    "NO_TARGET_COLOUR",
    "STATUS_COLOURS",
    "TASK_COLOURS",
    "axis_label",
    "chart_rows",
    "contrast",
    "fit_width",
    "gap_text",
    "heatmap",
    "indicator_panels",
    "period_label",
    "sparkline",
    "status_label",
    "status_scale",
    "task_flags",
    "task_status_label",
    "task_timeline",
    "text_colour",
    "to_png",
    "trend",
    "value_text",
    "village_bars",
]
