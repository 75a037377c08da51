"""Pure Altair chart builders: frames in, charts out (no streamlit).

Data is aggregated in pandas before plotting, so a chart carries only the
points it draws. Every number a reader sees (axes, tooltips, labels) is
formatted for the chosen language: tooltips use preformatted text columns,
axes swap the separators of d3's format (1,234.5 -> 1.234,5) in vi.
Every chart is named for screen readers: a description of what it shows
and its key figures, in the reading language (charts/describe.py); marks
carry their own short descriptions, decorations none.
"""

from __future__ import annotations

import functools
from types import ModuleType

import altair as alt
import font_source_sans_pro
import pandas as pd

from catalog.models import Indicator
from catalog.periods import sort_codes, time_of
from charts import describe
from charts.labels import axis_label, chart_words, period_label, status_label, task_status_label, value_text
from charts.palette import NO_TARGET_COLOUR, STATUS_COLOURS, TASK_COLOURS, text_colour
from i18n import fmt_date, fmt_percent

# Source Sans covers every Vietnamese letter; it is also the face of
# Streamlit's pages, so images and pages read alike. vl-convert finds it in
# the font-source-sans-pro package (installed with the requirements, never
# downloaded at run time); a browser falls back to its own sans-serif.
FONT = "'Source Sans Pro', 'Source Sans', sans-serif"
TEXT_COLOUR, LABEL_COLOUR = "#31333F", "#555867"  # 12.5:1 and 7.1:1 on white (Streamlit's text colour, and a grey)
VI_SEPARATORS = "replace(replace(replace(datum.label, ',', '_'), '.', ','), '_', '.')"


def below(title: str | None, **options) -> alt.Legend:
    """A legend under its chart, two entries a row: Vega does not wrap a
    legend to its chart's width, and a row of eight statuses runs past a
    phone's screen (tests/test_browser.py checks every chart drawn)."""
    return alt.Legend(title=title, orient="bottom", columns=2, **options)


def status_scale(lang: str = "vi", text: bool = False) -> alt.Scale:
    """Status words -> palette colours, in legend order; with `text`, the
    text colour that reads on each (WCAG: 4.5:1)."""
    labels = [status_label(s, lang) for s in STATUS_COLOURS] + [status_label(None, lang)]
    colours = [*STATUS_COLOURS.values(), NO_TARGET_COLOUR]
    return alt.Scale(domain=labels, range=[text_colour(c) for c in colours] if text else colours)


def _axis(title: str, lang: str, fmt: str = ",.4~f") -> alt.Axis:
    return alt.Axis(title=title, format=fmt, labelExpr=VI_SEPARATORS if lang == "vi" else "datum.label")


def _time_axis(codes: list[str], lang: str) -> alt.Axis:
    """A time axis with ticks only at the periods, labelled as periods."""
    ticks = [time_of(c) for c in codes]
    expr = "".join(f"datum.value == {t} ? '{axis_label(c, lang)}' : " for t, c in zip(ticks, codes)) + "''"
    return alt.Axis(
        title=None,
        values=ticks,
        labelExpr=expr,
        grid=False,
        labelOverlap=False,
        labelFlush=False,
        labelAngle=-35,
        labelAlign="right",
    )


def trend(
    rows: pd.DataFrame,
    *,
    is_percent: bool,
    target: float | None,
    target_year: int | None,
    lang: str = "vi",
    unit: str = "",
    subject: str = "",
) -> alt.LayerChart:
    """An indicator over time: the values, the target line, the required
    path from baseline to target, and the projection, named in a legend.

    `rows`: the commune's rows of one indicator (period, time, value,
    baseline_value, baseline_period, projection, status).
    """
    data = (
        rows.dropna(subset=["value"])
        .sort_values("time")
        .assign(
            label=lambda d: d["period"].map(lambda p: period_label(p, lang)),
            shown=lambda d: d["value"].map(lambda v: value_text(v, is_percent, lang)),
            state=lambda d: d["status"].map(lambda s: status_label(s, lang)),
        )
    )
    data = data.assign(aria=[describe.mark(a, b, c) for a, b, c in zip(data["label"], data["shown"], data["state"])])
    codes = sort_codes([*data["period"], *([str(target_year)] if target_year else [])])
    times = [time_of(c) for c in codes]
    x = alt.X("time:Q", axis=_time_axis(codes, lang), scale=alt.Scale(domain=[min(times) - 0.25, max(times) + 0.25]))
    y = alt.Y("value:Q", axis=_axis("%" if is_percent else unit, lang), scale=alt.Scale(zero=True))
    words = chart_words(lang)
    lines = pd.concat(
        [data.assign(series=words["actual"])[["time", "value", "series"]], *_guides(data, target, target_year, is_percent, lang)]
    )
    names = [words["actual"], words["target"], words["required_path"], words["projection"]]
    legend = below(None, symbolStrokeWidth=3)
    paths = (
        alt.Chart(lines)
        .mark_line(strokeWidth=2.5, aria=False)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "series:N", scale=alt.Scale(domain=names, range=["#0072B2", "#009E73", "#56B4E9", "#D55E00"]), legend=legend
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=names, range=[[1, 0], [2, 3], [8, 3], [5, 4]]), legend=legend
            ),
            detail="series:N",
        )
    )
    tooltip = [
        alt.Tooltip("label:N", title=words["period"]),
        alt.Tooltip("shown:N", title=words["value"]),
        alt.Tooltip("state:N", title=words["status"]),
    ]
    points = (
        alt.Chart(data).mark_point(size=90, filled=True, color="#0072B2").encode(x=x, y=y, tooltip=tooltip, description="aria:N")
    )
    words = describe.series(subject, data, is_percent, target, target_year, lang)
    return alt.layer(paths, points).properties(height=320, description=words)


def _guides(data: pd.DataFrame, target, target_year, is_percent: bool, lang: str) -> list[pd.DataFrame]:
    """The target line, the required path from the baseline and the
    projection from the newest value, as two-point lines."""
    words = chart_words(lang)
    if target is None or pd.isna(target) or not target_year or data.empty:
        return []
    start = min(data["time"].min(), float(target_year))
    guides = [pd.DataFrame({"time": [start, target_year], "value": [target, target], "series": words["target"]})]
    base = data.dropna(subset=["baseline_value"]).head(1)
    if not base.empty:
        t0 = time_of(base["baseline_period"].iloc[0])
        guides.append(
            pd.DataFrame(
                {"time": [t0, target_year], "value": [base["baseline_value"].iloc[0], target], "series": words["required_path"]}
            )
        )
    last = data.dropna(subset=["projection"]).tail(1)
    if not last.empty:
        guides.append(
            pd.DataFrame(
                {
                    "time": [last["time"].iloc[0], target_year],
                    "value": [last["value"].iloc[0], last["projection"].iloc[0]],
                    "series": words["projection"],
                }
            )
        )
    return guides


def village_bars(
    rows: pd.DataFrame,
    names: dict[str, str],
    *,
    is_percent: bool,
    target: float | None,
    lang: str = "vi",
    unit: str = "",
    lowest_first: bool = False,
    subject: str = "",
    of: str = "village",
) -> alt.LayerChart:
    """One bar per village (or commune: `of`) for one indicator and period, best first (lowest
    first for a decreasing indicator), coloured by the village's own status,
    with the target marked. The order is given as a list: Vega-Lite drops a
    sort by value when it unions the layers' scales."""
    data = (
        rows.dropna(subset=["value"])
        .sort_values("value", ascending=lowest_first, kind="stable")
        .assign(
            name=lambda d: d["village"].map(lambda c: names.get(c, c)),
            shown=lambda d: d["value"].map(lambda v: value_text(v, is_percent, lang)),
            state=lambda d: d["status"].map(lambda s: status_label(s, lang)),
        )
    )
    data = data.assign(aria=[describe.mark(a, b, c) for a, b, c in zip(data["name"], data["shown"], data["state"])])
    order = list(dict.fromkeys(data["name"]))
    words = chart_words(lang)
    bars = (
        alt.Chart(chart_rows(data, ["name", "value", "shown", "state", "aria"]))
        .mark_bar()
        .encode(
            description="aria:N",
            y=alt.Y("name:N", sort=order, title=None),
            x=alt.X("value:Q", axis=_axis("%" if is_percent else unit, lang)),
            color=alt.Color("state:N", scale=status_scale(lang), legend=below(words["status"])),
            tooltip=[
                alt.Tooltip("name:N", title=words[of]),
                alt.Tooltip("shown:N", title=words["value"]),
                alt.Tooltip("state:N", title=words["status"]),
            ],
        )
    )
    text = bars.mark_text(align="left", dx=4, fontSize=13, aria=False).encode(text="shown:N", color=alt.value("#222222"))
    layers = [bars, text]
    if target is not None and not pd.isna(target):
        layers.append(
            alt.Chart(pd.DataFrame({"value": [target]}))
            .mark_rule(color="#009E73", strokeDash=[4, 3], strokeWidth=2, aria=False)
            .encode(x="value:Q")
        )
    words = describe.ranking(subject, data, is_percent, target, lang, of)
    return alt.layer(*layers).properties(height=max(160, 28 * len(order)), description=words)


def heatmap(
    rows: pd.DataFrame, names: dict[str, str], short: dict[str, str], lang: str = "vi", subject: str = "", of: str = "village"
) -> alt.LayerChart:
    """Village (or commune: `of`) x indicator, each cell coloured by that
    row's status and showing its value in the text colour that contrasts
    with it. `rows`: rows of one period (indicator, village, value, status,
    is_percent)."""
    data = rows.assign(
        name=lambda d: d["village"].map(lambda c: names.get(c, c)),
        ind=lambda d: d["indicator"].map(lambda i: f"{i} {short.get(i, '')}"),
        shown=lambda d: [value_text(v, p, lang) for v, p in zip(d["value"], d["is_percent"])],
        state=lambda d: d["status"].map(lambda s: status_label(s, lang)),
    )
    data = data.assign(
        aria=[describe.mark(a, b, c, d) for a, b, c, d in zip(data["name"], data["ind"], data["shown"], data["state"])]
    )
    words = chart_words(lang)
    base = alt.Chart(data).encode(
        x=alt.X("ind:N", title=None, axis=alt.Axis(labelAngle=-40, labelLimit=220)),
        y=alt.Y("name:N", title=None),
        tooltip=[
            alt.Tooltip("name:N", title=words[of]),
            alt.Tooltip("ind:N", title=words["indicator"]),
            alt.Tooltip("shown:N", title=words["value"]),
            alt.Tooltip("state:N", title=words["status"]),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        description="aria:N",
        color=alt.Color("state:N", scale=status_scale(lang), legend=below(words["status"])),
    )
    text = base.mark_text(fontSize=11, aria=False).encode(
        text="shown:N", color=alt.Color("state:N", scale=status_scale(lang, text=True), legend=None)
    )
    words_read = describe.grid(subject, data, lang, of)
    layered = alt.layer(cells, text).resolve_scale(color="independent")  # else the text takes the cells' colours
    return layered.properties(height=max(200, 30 * data["name"].nunique()), description=words_read)


def task_timeline(
    tasks: pd.DataFrame, lang: str = "vi", start: str = "2026-01-01", as_of: str | None = None, subject: str = ""
) -> alt.LayerChart:
    """The program's timeline: a pale bar per task from `start` to its
    deadline, coloured by the task's status, a solid bar over the share of
    it the task has completed, and a rule at the as-of date. A solid bar
    ending left of the rule is a task behind its schedule.

    `tasks`: metrics.tasks.task_progress rows (task_id, name, name_en,
    status, completion, deadline as ISO text)."""
    words = chart_words(lang)
    data = chart_rows(_timeline_rows(tasks, lang, start), ["label", "start", "end", "reached", "state", "deadline_text", "done"])
    data = data.assign(
        aria=[describe.mark(*row) for row in zip(data["label"], data["state"], data["done"], data["deadline_text"])]
    )
    order = list(data["label"])
    scale = alt.Scale(domain=[task_status_label(s, lang) for s in TASK_COLOURS], range=list(TASK_COLOURS.values()))
    base = alt.Chart(data).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=340)),
        color=alt.Color("state:N", scale=scale, legend=below(words["status"], symbolOpacity=1)),
        tooltip=[
            alt.Tooltip("label:N", title=words["task"]),
            alt.Tooltip("state:N", title=words["status"]),
            alt.Tooltip("done:N", title=words["completion"]),
            alt.Tooltip("deadline_text:N", title=words["deadline"]),
        ],
    )
    layers = [
        base.mark_bar(opacity=0.35, aria=False).encode(x2="end:T"),
        base.mark_bar().encode(x2="reached:T", description="aria:N"),
    ]
    if as_of:
        rule = alt.Chart(pd.DataFrame({"day": [as_of]})).mark_rule(color="#222222", strokeDash=[4, 3], aria=False)
        layers.append(rule.encode(x="day:T"))
    return alt.layer(*layers).properties(height=max(200, 22 * len(data)), description=describe.timeline(subject, data, lang))


def _timeline_rows(tasks: pd.DataFrame, lang: str, start: str) -> pd.DataFrame:
    """Each task's bar: label, start, end (deadline), reached (start plus the
    completed share of the way to the deadline; start when unknown), its
    status and deadline in words."""
    begin = pd.Timestamp(start)
    end = pd.to_datetime(tasks["deadline"]).clip(lower=begin)
    share = tasks["completion"].astype(float).fillna(0).clip(0, 100) / 100
    names = tasks["name"] if lang == "vi" else tasks["name_en"]
    return pd.DataFrame(
        {
            "label": tasks["task_id"] + " " + names,
            "start": begin.date().isoformat(),
            "end": end.dt.date.astype(str),
            "reached": (begin + (end - begin) * share).dt.date.astype(str),
            "state": tasks["status"].map(lambda s: task_status_label(s, lang)),
            "deadline_text": end.map(lambda d: fmt_date(d, lang)),
            "done": tasks["completion"].map(lambda v: fmt_percent(v, lang, 0)),
        }
    )


def indicator_panels(
    rows: pd.DataFrame, indicators: list[Indicator], lang: str = "vi", columns: int = 3, subject: str = ""
) -> alt.FacetChart:
    """Small multiples, one panel per indicator: its values over time on its
    own scale (so percents and counts sit side by side), each point
    coloured by its status and labelled, the target as a dashed line.

    `rows`: commune indicator rows (indicator, period, time, value, status);
    an indicator without a value has no panel."""
    meta = {i.id: i for i in indicators}
    data = rows[rows["indicator"].isin(list(meta))].dropna(subset=["value"]).sort_values("time")
    data = data.assign(
        panel=data["indicator"].map(lambda i: _panel_title(meta[i], lang)),
        target=pd.to_numeric(data["indicator"].map(lambda i: meta[i].target), errors="coerce"),
        shown=[value_text(v, meta[i].is_percent, lang) for i, v in zip(data["indicator"], data["value"])],
        state=data["status"].map(lambda s: status_label(s, lang)),
        label=data["period"].map(lambda p: period_label(p, lang)),
    )
    data = data.assign(aria=[describe.mark(*row) for row in zip(data["indicator"], data["label"], data["shown"], data["state"])])
    codes = sort_codes(data["period"])
    times = [time_of(c) for c in codes] or [0.0]
    words = chart_words(lang)
    base = alt.Chart().encode(
        x=alt.X("time:Q", axis=_time_axis(codes, lang), scale=alt.Scale(domain=[min(times) - 0.3, max(times) + 0.3])),
        y=alt.Y("value:Q", title=None, axis=_axis("", lang, ",.3~f"), scale=alt.Scale(zero=True)),
    )
    points = base.mark_point(filled=True, size=70, opacity=1).encode(
        description="aria:N",
        color=alt.Color("state:N", scale=status_scale(lang), legend=below(words["status"])),
        tooltip=[alt.Tooltip("label:N", title=words["period"]), alt.Tooltip("shown:N", title=words["value"])],
    )
    target_rule = alt.Chart().mark_rule(color="#009E73", strokeDash=[5, 3], strokeWidth=1.5, aria=False)
    layers = alt.layer(
        base.mark_line(color="#0072B2", strokeWidth=2, aria=False),
        points,
        base.mark_text(dy=-10, fontSize=10, color="#222222", aria=False).encode(text="shown:N"),
        target_rule.encode(y="target:Q").transform_filter("isValid(datum.target)"),  # no target, no line (never one at 0)
        data=chart_rows(data, ["panel", "time", "value", "target", "shown", "state", "label", "aria"]),
    ).properties(width=200, height=120)
    order = [_panel_title(i, lang) for i in indicators]
    header = alt.Header(
        labelFont=FONT,
        labelFontWeight="bold",
        labelFontSize=11,
        labelLimit=230,
        labelExpr="split(datum.label, '|')",
        title=None,
    )
    facets = layers.facet(facet=alt.Facet("panel:N", sort=order, header=header, title=None), columns=columns)
    return facets.resolve_scale(y="independent").properties(description=describe.panels(subject, data, lang))


def _panel_title(ind: Indicator, lang: str) -> str:
    """'CT3 · Diện tích đạt GAP, hữu cơ|(%)': two lines, split by the header."""
    short = ind.short_vi if lang == "vi" else ind.short_en
    unit = "%" if ind.is_percent else ind.unit_vi if lang == "vi" else ind.unit_en
    return f"{ind.id} · {short}|({unit})"


@alt.theme.register("xanh", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    """Every chart's text in FONT, and its own words (axes, legends, titles)
    in colours that read on white at 4.5:1 and more: Streamlit's chart
    theme draws them in #808495, 3.7:1 (merged under a chart's own config)."""
    words = {"labelColor": LABEL_COLOUR, "titleColor": TEXT_COLOUR}
    return {
        "config": {"font": FONT, "axis": words, "legend": words, "title": {"color": TEXT_COLOUR, "subtitleColor": LABEL_COLOUR}}
    }


@functools.cache
def _renderer() -> ModuleType:
    """vl-convert with FONT registered, imported at the first image: it
    starts a JavaScript engine (60 MB) a process that only shows pages
    never needs."""
    import vl_convert

    vl_convert.register_font_directory(font_source_sans_pro.font_directory)
    return vl_convert


def to_png(chart: alt.TopLevelMixin | dict, scale: float = 2.0, width: int = 560) -> bytes:
    """The chart (or a Vega-Lite spec: the maps) as a PNG (vl-convert
    renders it without a browser), its Vietnamese text in FONT; a view as
    wide as its container is drawn `width` pixels wide."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return _renderer().vegalite_to_png(_fixed_width(spec, width), scale=scale)


def _fixed_width(spec: object, width: int) -> object:
    """The spec with every `width: "container"` set to `width` (no page to fit)."""
    if isinstance(spec, dict):
        return {
            k: width if k == "width" and v == "container" else v if k == "datasets" else _fixed_width(v, width)
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [_fixed_width(v, width) for v in spec]
    return spec


def fit_width(chart: alt.TopLevelMixin, width: int = 760) -> alt.TopLevelMixin:
    """The chart stretched to the page's width while its height stays that
    of the plot. Streamlit otherwise fits axes and legend into the height
    too, squeezing a row per village until names drop out; and every band
    label (village, indicator) is kept, never thinned out as overlapping.
    `width` is that of the PNG, drawn where there is no page to fit."""
    fitted = chart.properties(width=width, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return fitted.configure_axisBand(labelOverlap=False)


def chart_rows(rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Only the columns a chart draws (a lighter chart), a missing text as
    '' (Altair writes a None among strings as NaN, which is not JSON, so
    vl-convert could not draw the PNG; status '' still reads 'no target')."""
    data = rows[columns].copy()
    for column in data.columns:
        if data[column].dtype == object or pd.api.types.is_string_dtype(data[column]):
            data[column] = data[column].astype(object).where(data[column].notna(), "")
    return data
