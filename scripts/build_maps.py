"""Rebuild the committed map data (maps/data/) from a local copy of the
public boundary dataset thanglequoc/vietnamese-provinces-database (MIT;
its geometries come from the national mapping agency's reference map,
sapnhap.bando.com.vn).

    python scripts/build_maps.py PATH/TO/vietnamese-provinces-database [--out maps/data]

It reads json/geojson/<NN>_<name>/<NN>_<name>.geojson (one province each)
and .../wards/<code>_<name>.geojson (one commune each), and writes

- maps/data/provinces.topojson: the 34 provinces, simplified at 0.002°;
- maps/data/communes/<NN>.topojson: one province's communes, at 0.0005°,

simplified by the topojson package with prequantisation, so that two
neighbours keep one shared border. A unit carries its official code and its
name as the dataset writes it (tests/test_units.py compares both with the
official list). The dataset and the official list disagree on one code,
Ba Chẽ (Quảng Ninh): CODE_FIXES settles it from the list and the unit keeps
the dataset's code as `source_code`, so nothing is dropped silently.

Islands far offshore (Bạch Long Vĩ, Hoàng Sa, Trường Sa) would shrink the
mainland to a corner: a group of units more than LINK_KM from every other
unit, lying outside the main group's bounding box, is marked `inset` (its
group's number) and drawn in a box of its own (charts/maps.py).

Development only: the project never reads the dataset at run or test time.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import shapely
import topojson
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.units import units  # noqa: E402

CODE_FIXES = {"6978": "6970"}  # dataset code -> NSO list code: Xã Ba Chẽ, Tỉnh Quảng Ninh
COMMUNE_TOLERANCE = 0.0005  # degrees, about 50 m
PROVINCE_TOLERANCE = 0.002  # degrees, about 200 m
LINK_KM = 30  # units closer than this belong to one group
KM_PER_DEGREE = 111.0  # at these latitudes, near enough for a grouping distance
OBJECT = "units"  # the one object of every topology


@dataclass
class Place:
    code: str  # official code
    name: str  # as the dataset writes it
    geometry: Polygon | MultiPolygon
    extra: dict[str, object] = field(default_factory=dict)

    def feature(self) -> dict:
        return {
            "type": "Feature",
            "properties": {"code": self.code, "name": self.name, **self.extra},
            "geometry": mapping(self.geometry),
        }


def read_place(path: Path) -> Place:
    """One unit of the dataset: its official code, name and geometry."""
    feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
    props = feature["properties"]
    source = str(int(props["code"]))
    code = CODE_FIXES.get(source, source)
    extra = {"source_code": source} if code != source else {}
    return Place(code, " ".join(props["fullName"].split()), shape(feature["geometry"]), extra)


def province_folders(source: Path) -> list[Path]:
    folders = sorted(p for p in (source / "json" / "geojson").iterdir() if p.is_dir())
    if not folders:
        raise SystemExit(f"{source}: no json/geojson/<province> folders; give the dataset's root folder.")
    return folders


def groups(places: list[Place]) -> list[list[int]]:
    """Places linked by a chain of neighbours closer than LINK_KM, largest group first."""
    tree = shapely.STRtree([p.geometry for p in places])
    parent = list(range(len(places)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, place in enumerate(places):
        for j in tree.query(place.geometry, predicate="dwithin", distance=LINK_KM / KM_PER_DEGREE):
            parent[root(int(j))] = root(i)
    found: dict[int, list[int]] = {}
    for i in range(len(places)):
        found.setdefault(root(i), []).append(i)
    return sorted(found.values(), key=lambda g: -sum(places[i].geometry.area for i in g))


def mark_insets(places: list[Place]) -> list[list[Place]]:
    """Mark the far island groups (outside the main group's box) `inset`: 1, 2, ...; return them."""
    main, *others = groups(places)
    box = shapely.box(*shapely.union_all([places[i].geometry for i in main]).bounds)
    far = [[places[i] for i in group] for group in others if not any(places[i].geometry.intersects(box) for i in group)]
    for number, group in enumerate(far, start=1):
        for place in group:
            place.extra["inset"] = number
    return far


def without(geometry: Polygon | MultiPolygon, hull: Polygon) -> Polygon | MultiPolygon | None:
    """The parts of a geometry outside an area (a province less its far
    islands); None when nothing is left (the area is the whole province)."""
    kept = [p for p in getattr(geometry, "geoms", [geometry]) if not hull.contains(p.representative_point())]
    return (MultiPolygon(kept) if len(kept) > 1 else kept[0]) if kept else None


def write_topology(places: list[Place], tolerance: float, path: Path) -> int:
    """Simplify the places into one TopoJSON file; its size in bytes."""
    collection = {"type": "FeatureCollection", "features": [p.feature() for p in sorted(places, key=_order)]}
    topology = topojson.Topology(collection, prequantize=True, toposimplify=tolerance, topology=True, object_name=OBJECT)
    text = json.dumps(json.loads(topology.to_json()), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode()) + 1


def _order(place: Place) -> tuple[int, int]:
    return int(place.code), int(place.extra.get("inset", 0))


def build(source: Path, out: Path) -> dict[str, int]:
    """Write every topology; bytes written per file."""
    listed = units()
    sizes: dict[str, int] = {}
    provinces: list[Place] = []
    communes: list[Place] = []
    for folder in province_folders(source):
        mine = [read_place(p) for p in sorted((folder / "wards").glob("*.geojson"))]
        unknown = [p.code for p in mine if p.code not in listed]
        if unknown:
            raise SystemExit(
                f"{folder.name}: codes not on the official list: {', '.join(unknown)} (add to CODE_FIXES with a reason)."
            )
        mark_insets(mine)
        sizes[f"communes/{folder.name[:2]}"] = write_topology(
            mine, COMMUNE_TOLERANCE, out / "communes" / f"{folder.name[:2]}.topojson"
        )
        provinces.append(read_place(folder / f"{folder.name}.geojson"))
        communes.extend(mine)
    sizes["provinces"] = write_topology(national(provinces, communes), PROVINCE_TOLERANCE, out / "provinces.topojson")
    return sizes


def national(provinces: list[Place], communes: list[Place]) -> list[Place]:
    """The provinces, with the country's far island groups (by their communes)
    cut out of their provinces and added as inset pieces of them."""
    for place in communes:
        place.extra.pop("inset", None)
    far = mark_insets(communes)
    pieces = []
    for number, group in enumerate(far, start=1):
        hull = shapely.union_all([p.geometry for p in group]).convex_hull.buffer(0.05)
        owner = next(p for p in provinces if p.geometry.intersects(hull))
        rest = without(owner.geometry, hull)
        if rest is None:
            continue
        owner.geometry = rest
        names = ", ".join(p.name for p in group)
        geometry = shapely.union_all([p.geometry for p in group])
        pieces.append(Place(owner.code, owner.name, geometry, {"inset": number, "inset_name": names}))
    return provinces + pieces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the dataset's root folder (a local copy)")
    parser.add_argument("--out", type=Path, default=ROOT / "maps" / "data")
    args = parser.parse_args(argv)
    sizes = build(args.source, args.out)
    for name, size in sorted(sizes.items()):
        print(f"{name:14} {size / 1024:8.1f} KB")
    print(f"{'total':14} {sum(sizes.values()) / 1024:8.1f} KB in {len(sizes)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
