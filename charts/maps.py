"""Maps: communes (or provinces) coloured by status or by a share, and a
commune's outline with its villages as points. Pure Altair over committed
TopoJSON (maps/), drawn inline: no tile server, nothing fetched.

A map is returned as its Vega-Lite spec (a dict) with the topology as a
named dataset added after Altair is done: Altair walks and validates every
coordinate of inline data (47,000 objects for a province, 1.5 s a map),
and a topology needs neither.

Every unit of the topology is drawn, each with its figure or as "no data"
(a colour of its own, never a status). Far island groups marked `inset`
by scripts/build_maps.py are drawn in small boxes under the map, so the
mainland keeps its size. Each map is named with a description of what it
shows (the best and worst units), its areas describe themselves, a click
opens the unit's link, and every page shows it with its table; the
boundaries' source is credited on the map itself.
"""

from __future__ import annotations

import copy
import functools

import altair as alt
import pandas as pd

from charts import describe
from charts.builders import below, status_scale
from charts.labels import chart_words
from i18n.strings import t
from maps.boundaries import CREDIT, OBJECT

NO_DATA_COLOUR = "#FFFFFF"  # drawn with a grey outline: an empty area, never a status colour
OUTLINE = "#6B6B6B"  # the outline of an empty area, and of a commune on its villages' map
BORDER = "#FFFFFF"  # between coloured areas: neighbours of one colour stay apart
INSET_SIZE = 120
PROJECTION = "mercator"
LOOKED_UP = ["name", "value", "shown", "state", "band", "url", "aria"]  # what each area finds of its row
SHARE_BANDS = (25, 50, 75)  # the provinces map's classes: below 25%, 25-50%, 50-75%, 75% and over
SHARE_COLOURS = ("#C6DBEF", "#6BAED6", "#2171B5", "#08306B")  # light to dark blue, apart from the status colours


GEO, FIGURES = "boundaries", "figures"  # the datasets holding the topology and each unit's row


def _geo() -> alt.NamedData:
    return alt.NamedData(name=GEO, format=alt.DataFormat(type="topojson", feature=OBJECT))


def _with_data(skeleton: dict, topology: dict, rows: pd.DataFrame | None, words: str) -> dict:
    """A map's spec: its drawing (the same for every map of its kind) with its
    description and, beside the drawing's own datasets (a village map's
    points), the topology and each unit's row; not
    validated by Altair (tests compile every map)."""
    datasets = {GEO: topology}
    if rows is not None:
        datasets[FIGURES] = (
            rows[["code", *LOOKED_UP]].astype(object).where(rows[["code", *LOOKED_UP]].notna(), None).to_dict("records")
        )
    spec = copy.deepcopy(skeleton)  # the cached drawing is shared by every map of its kind: never handed out
    return {**spec, "description": words, "datasets": {**spec.get("datasets", {}), **datasets}}


def _areas(color: alt.Color, lang: str, of: str, inset: int | None) -> alt.Chart:
    """The units of the topology (its mainland, or one inset group) coloured
    by `color` over the figures (code, name, shown, state, url, aria)."""
    words = chart_words(lang)
    lookup = alt.LookupData(data=alt.NamedData(name=FIGURES), key="code", fields=LOOKED_UP)
    keep = f"datum.properties.inset == {inset}" if inset else "!datum.properties.inset"
    return (
        alt.Chart(_geo())
        .transform_filter(keep)
        .transform_lookup(lookup="properties.code", from_=lookup)
        .mark_geoshape(strokeWidth=0.7, cursor="pointer", invalid="show")  # an area without a figure is drawn too
        .encode(
            color=color,
            stroke=alt.condition("isValid(datum.value)", alt.value(BORDER), alt.value(OUTLINE)),
            href="url:N",
            description="aria:N",
            tooltip=[
                alt.Tooltip("name:N", title=words[of]),
                alt.Tooltip("shown:N", title=words["value"]),
                alt.Tooltip("state:N", title=words["status"]),
            ],
        )
        .project(type=PROJECTION)
    )


@functools.lru_cache(maxsize=64)
def _skeleton(kind: str, lang: str, of: str, groups: tuple[tuple[int, str], ...], height: int) -> dict:
    """The drawing of a map of `kind` ("status" or "share"), made once per
    language, unit and inset boxes (Altair builds and checks it in tens of
    milliseconds: once, not once a page view): the mainland as wide as its
    container (a phone's screen too; an image takes charts.to_png's width),
    its inset boxes in a row under it, the credit."""
    color = _status_colours(lang) if kind == "status" else _share_colours(lang)
    chart = _areas(color, lang, of, None).properties(width="container", height=height)
    if groups:
        boxes = [
            _areas(color.legend(None), lang, of, n).properties(
                width=INSET_SIZE, height=INSET_SIZE, title=alt.Title(name, fontSize=11)
            )
            for n, name in groups
        ]
        chart = alt.vconcat(chart, alt.hconcat(*boxes))
    return chart.properties(title=_credit(lang)).configure_view(stroke=None).to_dict(validate=False)


def _credit(lang: str) -> alt.Title:
    """The boundaries' source, under the map (#555555 on white: 7.5:1)."""
    return alt.Title(CREDIT[lang], fontSize=10, fontWeight="normal", color="#555555", orient="bottom", anchor="start")


def inset_groups(units: list[dict]) -> dict[int, str]:
    """Inset number -> the names of its units (or its own name, on the provinces map)."""
    groups: dict[int, list[str]] = {}
    for unit in units:
        if unit.get("inset"):
            groups.setdefault(unit["inset"], []).append(unit.get("inset_name") or unit["name"])
    return {number: ", ".join(dict.fromkeys(names)) for number, names in sorted(groups.items())}


def with_every_unit(units: list[dict], rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per unit of the map, those without figures as "no data";
    `rows`: code, name, value, shown, state, url (the units with figures)."""
    every = pd.DataFrame({"code": list(dict.fromkeys(u["code"] for u in units))})
    names = {u["code"]: u["name"] for u in units if not u.get("inset_name")}
    data = every.merge(rows, on="code", how="left")
    data["name"] = data["name"].fillna(data["code"].map(names))
    no_data = t("map_no_data", lang)
    data["shown"] = data["shown"].fillna("—")
    data["state"] = data["state"].where(data["value"].notna(), no_data).fillna(no_data)
    data["url"] = data["url"].fillna("")
    data["band"] = data["band"].where(data["value"].notna(), no_data) if "band" in data else no_data
    data["aria"] = [describe.mark(*parts) for parts in zip(data["name"], data["shown"], data["state"])]
    return data


def _status_colours(lang: str) -> alt.Color:
    """The statuses' colours and words, and "no data" as an empty area."""
    scale = status_scale(lang)
    scale = alt.Scale(domain=[*scale.domain, t("map_no_data", lang)], range=[*scale.range, NO_DATA_COLOUR])
    legend = below(chart_words(lang)["status"], symbolStrokeColor=OUTLINE)
    return alt.Color("state:N", scale=scale, legend=legend)


def status_map(
    topology: dict,
    units: list[dict],
    rows: pd.DataFrame,
    aspect: float,
    *,
    lang: str = "vi",
    subject: str = "",
    of: str = "commune",
    lowest_first: bool = False,
    width: int = 560,
) -> dict:
    """Units coloured by their status for one indicator and period (the
    status colours and words of every chart, "no data" apart).

    `units`: the topology's units (maps.boundaries.Topology.units); `rows`:
    code, name, value, shown, state, url of the units with a figure."""
    data = with_every_unit(units, rows, lang)
    skeleton = _skeleton("status", lang, of, tuple(inset_groups(units).items()), round(width * aspect))
    return _with_data(skeleton, topology, data, describe.areas(subject, data, lowest_first, lang, of))


def share_map(
    topology: dict, units: list[dict], rows: pd.DataFrame, aspect: float, *, lang: str = "vi", subject: str = "", width: int = 560
) -> dict:
    """Provinces coloured by a share (0-100: their communes achieved or on
    track) in four classes, those without a figure white; `rows` as
    status_map's with the share as `value`."""
    bands = share_bands(lang)
    data = with_every_unit(units, rows.assign(band=[bands[sum(v >= b for b in SHARE_BANDS)] for v in rows["value"]]), lang)
    skeleton = _skeleton("share", lang, "province", tuple(inset_groups(units).items()), round(width * aspect))
    return _with_data(skeleton, topology, data, describe.areas(subject, data, False, lang, "province"))


def _share_colours(lang: str) -> alt.Color:
    """Four classes of a share in blues, and "no data" as an empty area."""
    bands = share_bands(lang)
    scale = alt.Scale(domain=[*bands, t("map_no_data", lang)], range=[*SHARE_COLOURS, NO_DATA_COLOUR])
    legend = below(t("map_share_legend", lang), titleLimit=400, symbolStrokeColor=OUTLINE)
    return alt.Color("band:N", scale=scale, legend=legend)


def share_bands(lang: str) -> list[str]:
    """The classes of a share, in words: 'Dưới 25%', '25-50%', ..."""
    low, middle, high = SHARE_BANDS
    return [t("map_band_below", lang, n=low), f"{low}-{middle}%", f"{middle}-{high}%", t("map_band_over", lang, n=high)]


def village_map(
    topology: dict,
    commune: str,
    points: pd.DataFrame,
    aspect: float,
    *,
    lang: str = "vi",
    subject: str = "",
    lowest_first: bool = False,
    width: int = 560,
) -> dict:
    """A commune's outline with its villages as points coloured by status
    ("no data" as an empty dot); `points`: name, latitude, longitude,
    value, shown, state (villages without a location are not drawn: none is
    ever invented)."""
    words = chart_words(lang)
    outline = (
        alt.Chart(_geo())
        .transform_filter(alt.FieldEqualPredicate(field="properties.code", equal=str(int(commune))))
        .mark_geoshape(fill="#F2F2F2", stroke=OUTLINE, strokeWidth=1.2, aria=False)
        .project(type=PROJECTION)
    )
    data = points.assign(aria=[describe.mark(*p) for p in zip(points["name"], points["shown"], points["state"])])
    dots = (
        alt.Chart(data)
        .mark_circle(size=180, opacity=1, stroke="#222222", strokeWidth=0.8)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=_status_colours(lang),
            description="aria:N",
            tooltip=[
                alt.Tooltip("name:N", title=words["village"]),
                alt.Tooltip("shown:N", title=words["value"]),
                alt.Tooltip("state:N", title=words["status"]),
            ],
        )
    )
    labels = dots.mark_text(dy=-14, fontSize=11, aria=False).encode(
        text="name:N", color=alt.value("#222222")
    )  # dark on the pale fill
    chart = alt.layer(outline, dots, labels).properties(width="container", height=round(width * aspect), title=_credit(lang))
    skeleton = chart.configure_view(stroke=None).to_dict(validate=False)
    return _with_data(skeleton, topology, None, describe.areas(subject, data, lowest_first, lang, "village"))
