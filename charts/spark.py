"""A card's small trend, drawn as SVG text in Python.

The overview is a phone's first page: its cards show a trend each, and
drawing them with vl-convert (as charts.to_png draws images) would start a
JavaScript engine in the server process, 60 MB kept for the process's life,
to draw four polylines. A sparkline has no axes, labels or legend, so it is
a line through the points scaled into a small box, each point named for
screen readers; the other charts stay Altair's.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from charts import describe
from charts.labels import period_label, value_text

WIDTH, HEIGHT, PAD = 240, 60, 5  # the box, in SVG units; the image scales to its card
COLOUR = "#0072B2"  # the trends' "actual" blue: 5.2:1 on white


@dataclass(frozen=True)
class Spark:
    svg: str  # the image's text
    description: str  # what it shows, for the <img>'s alt

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def sparkline(rows: pd.DataFrame, *, is_percent: bool, lang: str = "vi", subject: str = "") -> Spark:
    """Values over time (`rows`: time, period, value), the lowest value at
    the bottom of the box and the highest at the top (no zero line: a
    card's trend shows the change, its figures are beside it)."""
    data = rows.dropna(subset=["value"]).sort_values("time")
    words = describe.series(subject, data, is_percent, None, None, lang).rsplit(";", 1)[0] + "."
    points = list(zip(_scaled(data["time"], PAD, WIDTH - PAD), _scaled(data["value"], HEIGHT - PAD, PAD)))
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    marks = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(describe.mark(period_label(p, lang), value_text(v, is_percent, lang)))}</title></circle>'
        for (x, y), p, v in zip(points, data["period"], data["value"])
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img"'
        f" aria-label={quoteattr(words)}><title>{escape(words)}</title>"
        f'<polyline points="{line}" fill="none" stroke="{COLOUR}" stroke-width="2" stroke-linejoin="round"/>'
        f'<g fill="{COLOUR}">{marks}</g></svg>'
    )
    return Spark(svg, words)


def _scaled(values: pd.Series, low: float, high: float) -> list[float]:
    """`values` mapped from their own range onto low..high (the middle
    when they are all the same)."""
    least, most = float(values.min()), float(values.max())
    if most == least:
        return [(low + high) / 2] * len(values)
    return [low + (float(v) - least) / (most - least) * (high - low) for v in values]
