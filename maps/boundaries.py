"""Boundaries of the country's provinces and communes, as committed
simplified TopoJSON (maps/data, rebuilt by scripts/build_maps.py; nothing is
fetched at run time), and the one geometric question the product asks of
them: is a point inside a commune, give or take a margin.

The geometries come from the national mapping agency's reference map
(sapnhap.bando.com.vn) through the public dataset
thanglequoc/vietnamese-provinces-database (MIT); every map and the docs
credit both (CREDIT).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

DATA = Path(__file__).parent / "data"
OBJECT = "units"  # the one object of every topology (scripts/build_maps.py)
CREDIT = {
    "vi": "Ranh giới: Bản đồ đơn vị hành chính (sapnhap.bando.com.vn), qua bộ dữ liệu vietnamese-provinces-database (MIT)",
    "en": "Boundaries: administrative units map (sapnhap.bando.com.vn), via the vietnamese-provinces-database dataset (MIT)",
}
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_EQUATOR = 111.320


class Topology:
    """One committed TopoJSON file: the data a map draws, and each unit's shape."""

    def __init__(self, path: Path, level: str):
        self.data: dict = json.loads(path.read_text(encoding="utf-8"))
        self.level = level  # "province" or "commune": codes of the two levels overlap ("4")

    @property
    def units(self) -> list[dict]:
        """The properties of each unit (code, name as the boundary data writes it, inset...)."""
        return [g["properties"] for g in self.data["objects"][OBJECT]["geometries"]]

    @functools.cached_property
    def listed(self) -> list[dict]:
        """The units named as the official list names them (the names a page shows)."""
        from catalog.units import units

        if self.level == "province":
            names = {str(u.province_code): u.province for u in units().values()}
        else:
            names = {code: u.name for code, u in units().items()}
        return [{**u, "name": names.get(u["code"], u["name"])} for u in self.units]

    def outline(self, code: str) -> BaseGeometry | None:
        """A unit's shape (all its pieces), decoded from the arcs."""
        shapes = [_shape(g, self._arcs) for g in self.data["objects"][OBJECT]["geometries"] if g["properties"]["code"] == code]
        polygons = [p for s in shapes for p in getattr(s, "geoms", [s])]
        return MultiPolygon(polygons) if polygons else None

    @functools.cache  # noqa: B019 - one Topology per committed file, kept for the process
    def aspect(self, code: str | None = None) -> float:
        """Height over width of the mainland (far islands aside), or of one
        unit, as a Mercator map draws it: a map sized by it has no margins."""
        chosen = [
            g
            for g in self.data["objects"][OBJECT]["geometries"]
            if (g["properties"]["code"] == code if code else not g["properties"].get("inset"))
        ]
        west, south, east, north = MultiPolygon([p for g in chosen for p in getattr(_shape(g, self._arcs), "geoms", [])]).bounds
        middle = math.radians((north + south) / 2)
        return max(0.3, min(2.5, (north - south) / max((east - west) * math.cos(middle), 1e-9)))

    @functools.cached_property
    def _arcs(self) -> list[list[tuple[float, float]]]:
        """Every arc as absolute longitude-latitude points (quantised arcs
        are stored as deltas from the previous point)."""
        transform = self.data.get("transform")
        if transform is None:
            return [[(float(x), float(y)) for x, y, *_ in arc] for arc in self.data["arcs"]]
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        decoded = []
        for arc in self.data["arcs"]:
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
            decoded.append(points)
        return decoded


@functools.cache
def provinces() -> Topology:
    """The 34 provinces (far island groups as `inset` pieces of their province)."""
    return Topology(DATA / "provinces.topojson", "province")


@functools.cache
def communes(province_code: int) -> Topology | None:
    """One province's communes, or None when no map of it is committed."""
    path = DATA / "communes" / f"{province_code:02d}.topojson"
    return Topology(path, "commune") if path.is_file() else None


def _ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """A ring from its arcs (a negative index ~i is arc i reversed); each arc
    after the first starts where the previous one ended."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _shape(geometry: dict, arcs: list) -> BaseGeometry:
    def polygon(rings: list[list[int]]) -> Polygon:
        shell, *holes = (_ring(r, arcs) for r in rings)
        return Polygon(shell, holes)

    if geometry["type"] == "Polygon":
        return polygon(geometry["arcs"])
    return MultiPolygon([polygon(p) for p in geometry["arcs"]])  # the build writes only (Multi)Polygons


def commune_topology(code: str) -> Topology | None:
    """The map of a commune's province, by the commune's official code (None: no map of it)."""
    from catalog.units import units

    unit = units().get(code)
    return communes(unit.province_code) if unit else None


def commune_outline(code: str) -> BaseGeometry | None:
    """A commune's shape by its official code (None: no map of it)."""
    topology = commune_topology(code)
    return topology.outline(code) if topology else None


def distance_km(shape: BaseGeometry, latitude: float, longitude: float) -> float:
    """How far a point lies outside a shape, in km (0 inside), on a local
    equirectangular projection centred on the point: exact enough within a commune."""
    scale = (KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(latitude)), KM_PER_DEGREE_LAT)
    local = shapely.transform(shape, lambda xy: (xy - (longitude, latitude)) * scale)
    return float(local.distance(Point(0, 0)))
