"""The sample's villages and their figures: the registry (Biểu 00) of xã
Cẩm Giàng's fifteen villages, each with its own pace, and every Biểu 01
field of a village for any period, drawn from trends and shares around the
baseline so each indicator has a story of its own. Deterministic: each
village draws from its own generator, seeded by its code."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from catalog import load_catalog
from catalog.periods import time_of

SEED = 14_2026  # Action Program No. 14, 2026: any fixed number keeps the files stable


@dataclass(frozen=True)
class Village:
    """A village of the registry (Biểu 00) and how fast it moves.

    `pace` scales the progress after the baseline: above 1 a village is
    ahead of the commune, below 1 behind it, so the village pages have both.
    """

    code: str
    name: str
    group: str
    aliases: tuple[str, ...] = ()
    pace: float = 1.0


VILLAGES = (
    Village("LD01", "Lương Xá", "Lương Điền", ("Luong Xa",), 1.7),
    Village("LD02", "Đồng Khê", "Lương Điền"),
    Village("LD03", "Tân Phong", "Lương Điền"),
    Village("LD04", "Quảng Cư", "Lương Điền", pace=0.3),
    Village("NG01", "Tràng Kỹ", "Ngọc Liên", ("Trang Ky",)),
    Village("NG02", "Phí Xá", "Ngọc Liên", pace=1.6),
    Village("NG03", "Đông Hòa", "Ngọc Liên", pace=0.8),
    Village("CH01", "Hoàng Xá", "Cẩm Hưng", ("Hoàng Xá Đông",)),
    Village("CH02", "Cẩm Khê", "Cẩm Hưng", ("Khê Thượng",), 1.8),
    Village("CH03", "Ngọc Trì", "Cẩm Hưng"),
    Village("CH04", "Quý Dương", "Cẩm Hưng", pace=0.25),
    Village("PD01", "Phúc Cầu", "Phúc Điền", ("Phuc Cau",), 1.4),
    Village("PD02", "Cao Xá", "Phúc Điền", pace=0.4),
    Village("PD03", "Nghĩa Phú", "Phúc Điền"),
    Village("PD04", "Ô Xuyên", "Phúc Điền", ("Ô Xuyên Đông", "O Xuyen")),
)
LATE_VILLAGE = "PD03"  # sends no 2026-H1 report: completeness shows 14/15
UNPLACED = ("LD04", "CH04", "PD03")  # villages whose registry row gives no location: the village map says so
PLACE_SPACING_KM = 0.9  # illustrative locations keep at least this far apart
# Phúc Cầu is the big village (1.150 households in 2025): its CSV shows a thousands separator.
SIZE_OVERRIDES = {"PD01": {"households_total": 1150.0}}

Record = dict[str, float | int]


def illustrative_places(villages: Iterable[Village], commune: str) -> dict[str, tuple[float, float]]:
    """Illustrative locations (latitude, longitude) of the villages but
    UNPLACED: seeded points well inside the commune's committed outline,
    apart from each other. Not the villages' real places, like every figure
    of the sample; the product itself never invents a location."""
    from maps.boundaries import commune_outline, distance_km

    outline = commune_outline(commune)
    inner = outline.buffer(-0.004)  # about 400 m inside the border
    west, south, east, north = inner.bounds
    rng = random.Random(SEED)
    places: dict[str, tuple[float, float]] = {}
    for village in villages:
        if village.code in UNPLACED:
            continue
        while True:
            lat, lon = round(rng.uniform(south, north), 4), round(rng.uniform(west, east), 4)
            if distance_km(inner, lat, lon) == 0 and all(
                distance_km(_point(*p), lat, lon) >= PLACE_SPACING_KM for p in places.values()
            ):
                places[village.code] = (lat, lon)
                break
    return places


def _point(lat: float, lon: float):
    from shapely.geometry import Point

    return Point(lon, lat)


@dataclass(frozen=True)
class Trend:
    """A quantity of its own: base × (1 + rate)^t, t in years from the baseline.

    Stocks (households, lights) drift slowly, flows such as straw burning fall.
    A `per_household` base scales with the village's size. A half-year report
    is year-to-date, so a flow's half-year figure is `half_share` of a year's.
    """

    field: str
    low: float
    high: float
    rate: float
    pre_rate: float | None = None
    per_household: bool = False
    paced: bool = False
    half_share: float = 1.0
    digits: int = 0


@dataclass(frozen=True)
class Share:
    """A numerator field as a share of its denominator field.

    The share is `mean ± spread` at the baseline, rose by `pre` a year before
    it and rises by `post` a year after it (times the village's pace when
    `paced`), which gives each ratio indicator its own story.
    """

    part: str
    whole: str
    mean: float
    spread: float
    pre: float
    post: float
    paced: bool = True


TRENDS = (  # households first: per-household bases scale with it
    Trend("households_total", 380, 980, 0.012),
    Trend("waste_generated", 1.0e-3, 1.35e-3, 0.02, per_household=True, digits=2),
    Trend("cultivated_area", 55, 140, -0.005, digits=1),
    Trend("livestock_households", 0.08, 0.2, -0.03, per_household=True),
    Trend("public_lights_total", 90, 230, 0.03),
    Trend("businesses_total", 6, 45, 0.04),
    Trend("schools_total", 0.5, 1.8, 0.0),
    Trend("straw_burning_cases", 4, 10, -0.45, pre_rate=-0.2, paced=True, half_share=0.5),
    Trend("green_farming_models", 0, 3, 0.25),
    Trend("certified_products", 0, 4, 0.2),
    Trend("rooftop_solar_kwp", 30, 180, 0.35, digits=1),
    Trend("electric_vehicles", 0.15, 0.35, 0.3, per_household=True),
    Trend("charging_stations", 0, 2, 0.4),
    Trend("env_selfmanaged_models", 0, 2, 0.3),
)
SHARES = (  # a part comes after its whole (sorting follows committed)
    Share("households_committed", "households_total", 0.42, 0.16, 0.13, 0.20),
    Share("households_sorting", "households_committed", 0.72, 0.08, 0.03, 0.06),
    Share("waste_collected", "waste_generated", 0.86, 0.05, 0.03, 0.02, paced=False),
    Share("waste_treated", "waste_collected", 0.55, 0.10, 0.04, 0.03),
    Share("gap_area", "cultivated_area", 0.14, 0.05, 0.02, 0.06, paced=False),
    Share("water_saving_irrigation_area", "cultivated_area", 0.12, 0.05, 0.02, 0.04, paced=False),
    Share("ipm_area", "cultivated_area", 0.26, 0.08, 0.03, 0.06, paced=False),
    Share("livestock_biogas", "livestock_households", 0.36, 0.10, 0.04, 0.08),
    Share("public_lights_led", "public_lights_total", 0.45, 0.20, 0.10, 0.50),
    Share("businesses_rooftop_solar", "businesses_total", 0.08, 0.05, 0.02, 0.06, paced=False),
    Share("businesses_low_emission", "businesses_total", 0.12, 0.06, 0.02, 0.06, paced=False),
    Share("schools_green_education", "schools_total", 0.3, 0.3, 0.1, 0.6, paced=False),
)


def _digits() -> dict[str, int]:
    """Decimals of each field: a share's part is written like its whole."""
    digits = {t.field: t.digits for t in TRENDS}
    for share in SHARES:
        digits[share.part] = digits[share.whole]
    return digits


DIGITS = _digits()


def rounded(value: float, digits: int) -> float | int:
    """Whole numbers for counts, a few decimals for tonnes and hectares."""
    return int(round(value)) if digits == 0 else round(value, digits)


def village_figures(
    village: Village,
    periods: Iterable[str],
    seed: int = SEED,
    overrides: dict[str, float] | None = None,
) -> dict[str, Record]:
    """Every Biểu 01 field of one village for each period.

    Each village draws from its own generator seeded by its code, so adding
    a village or a period never changes another village's figures.
    """
    rng = random.Random(f"{seed}:{village.code}")
    bases = {t.field: rng.uniform(t.low, t.high) for t in TRENDS} | (overrides or {})
    shares = {s.part: min(0.98, max(0.02, s.mean + rng.uniform(-s.spread, s.spread))) for s in SHARES}
    baseline = time_of(load_catalog().commune.baseline_period)
    return {p: _record(village.pace, bases, shares, time_of(p) - baseline, p.endswith("-H1")) for p in periods}


def _record(pace: float, bases: dict[str, float], shares: dict[str, float], t: float, half: bool) -> Record:
    """One period's figures, t years after the baseline (negative before)."""
    record: Record = {}
    for trend in TRENDS:
        if t < 0:
            rate = trend.rate if trend.pre_rate is None else trend.pre_rate
        else:
            rate = trend.rate * (pace if trend.paced else 1.0)
        value = bases[trend.field] * (1 + max(rate, -0.95)) ** t
        if trend.per_household:
            value *= record["households_total"]
        if half:
            value *= trend.half_share
        record[trend.field] = rounded(value, trend.digits)
    for share in SHARES:
        step = share.pre * t if t < 0 else share.post * t * (pace if share.paced else 1.0)
        ratio = min(1.0, max(0.0, shares[share.part] + step))
        whole = record[share.whole]
        record[share.part] = min(whole, rounded(whole * ratio, DIGITS[share.part]))
    return record
