"""Rows of each form from plain entries: the registry (Biểu 00), villages'
figures (01), and the registers (02-05: clusters, works, tasks, party
cells), with their columns; shared by the sample and bench/make_city.py."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from catalog import load_catalog
from catalog.periods import time_of
from scripts.sample_data.grids import Column, Head, TableRow, field_columns, form_of
from scripts.sample_data.layouts import table_grid
from scripts.sample_data.villages import SEED, Record, Village
from scripts.sample_data.writers import OutFile


def registry_rows(villages: Sequence[Village], places: dict[str, tuple[float, float]]) -> list[TableRow]:
    """Biểu 00 rows: code, name, former commune, aliases joined by ';', and
    the village's location where `places` gives one."""
    return [
        TableRow(
            v.code,
            None,
            {
                "tt": i,
                "village_code": v.code,
                "village_name": v.name,
                "group": v.group,
                "aliases": "; ".join(v.aliases) or None,
                **dict(zip(("latitude", "longitude"), places.get(v.code, (None, None)))),
            },
        )
        for i, v in enumerate(villages, 1)
    ]


def registry_file(
    name: str, villages: Sequence[Village], title: str, places: dict[str, tuple[float, float]] | None = None
) -> OutFile:
    """Biểu 00 as an .xlsx with a title line above the table (and the
    location columns when `places` locates some villages)."""
    fields = ["village_code", "village_name", "group", "aliases", *(["latitude", "longitude"] if places else [])]
    columns = [Column("TT", "tt"), *field_columns("00", fields)]
    grid = table_grid("Danh mục thôn", "00", columns, registry_rows(villages, places or {}), Head(titles=(title,)))
    return OutFile(name, "00", (), "bảng có dòng tiêu đề", [grid], period_from="none")


def village_rows(
    villages: Sequence[Village],
    figures: dict[str, dict[str, Record]],
    period: str,
    names: dict[str, str] | None = None,
    period_value: object = None,
) -> list[TableRow]:
    """Biểu 01 rows of these villages for one period.

    `names` writes a village as officials sometimes do (an alias, "Thôn ..."),
    `period_value` fills a period column (`Năm`, `Kỳ báo cáo`).
    """
    rows = []
    for i, v in enumerate(villages, 1):
        values: dict[str, object] = dict(figures[v.code][period])
        values |= {"tt": i, "village_code": v.code, "village_name": (names or {}).get(v.code, v.name), "period": period_value}
        rows.append(TableRow(v.code, period, values))
    return rows


def register_rows(form_id: str, period: str, entries: Sequence[dict[str, object]], period_value: object = None) -> list[TableRow]:
    """Rows of a register form (02-05), keyed by the form's key field."""
    key = form_of(form_id).key[0]
    return [TableRow(str(entry[key]), period, {"tt": i, "period": period_value, **entry}) for i, entry in enumerate(entries, 1)]


def register_columns(form_id: str, period_header: str | None = None, units: str = "inline") -> list[Column]:
    """TT, an optional period column, then every field of the form."""
    period = [Column(period_header, "period")] if period_header else []
    return [Column("TT", "tt"), *period, *field_columns(form_id, [f.id for f in form_of(form_id).fields], units)]


def cluster_entries(clusters: dict[str, dict[str, tuple]], period: str) -> list[dict[str, object]]:
    return [
        {"cluster_name": name, "has_investor": by[period][0], "wwtp_status": by[period][1], "wwtp_capacity": by[period][2]}
        for name, by in clusters.items()
        if period in by
    ]


def work_entries(works: Sequence[tuple], period: str) -> list[dict[str, object]]:
    return [
        {
            "project_name": name,
            "village": village,
            "capital_source": capital,
            "masonry_total": by[period][0],
            "masonry_non_fired": by[period][1],
        }
        for name, village, capital, by in works
        if period in by
    ]


def cell_entries(
    villages: Sequence[Village], others: Sequence[tuple[str, str, int]], period: str, seed: int = SEED
) -> list[dict[str, object]]:
    """Party cells with members and the briefing on Resolution 08.

    The resolution dates from 01/2026: at the 2025 baseline nobody was
    briefed and no cell had a green resolution; by mid-2026 briefing is
    nearly done (a few elderly or away members), resolutions under way.
    """
    baseline = time_of(load_catalog().commune.baseline_period)
    t = time_of(period) - baseline
    cells = [(f"Chi bộ thôn {v.name}", "village", 0) for v in villages] + list(others)
    entries = []
    for name, kind, members in cells:
        rng = random.Random(f"{seed}:{name}")  # same draws for every period
        size, joined, missed = rng.randint(28, 75), rng.choice((0, 0, 1, 1, 2)), rng.choice((0, 0, 0, 1, 1, 2, 3))
        draw_resolution, draw_school, draw_criteria = rng.random(), rng.random(), rng.random()
        total = (members or size) + (joined if t > 0 else 0)
        briefed = 0 if t <= 0 else max(0, total - missed) if t < 1 else total
        resolution = t > 0 and draw_resolution < 0.45 * 2 * t
        criteria = (kind == "school" and draw_school < 0.5) or (t > 0 and draw_criteria < 0.35 * 2 * t)
        entries.append(
            {
                "cell_name": name,
                "cell_type": kind,
                "members_total": total,
                "members_briefed": briefed,
                "has_green_resolution": "yes" if resolution else "no",
                "green_criteria": "yes" if criteria else "no",
            }
        )
    return entries


@dataclass(frozen=True)
class Progress:
    """One Biểu 04 row: status, percent and the unit's words."""

    status: str
    percent: int
    result: str = ""
    issues: str = ""
    deadline: str | None = None
    name: str | None = None  # only for a task the catalog does not list


def task_entries(progress: dict[str, Progress]) -> list[dict[str, object]]:
    """Biểu 04 rows: catalog tasks by catalog name and lead unit, then new ones."""
    catalog = load_catalog()
    entries = []
    for task_id, p in progress.items():
        task = catalog.task(task_id)
        entries.append(
            {
                "task_id": task_id,
                "task_name": task.name_vi if task else p.name,
                "status": p.status,
                "percent_complete": p.percent,
                "result": p.result or None,
                "issues": p.issues or None,
                "reporting_unit": reporting_unit(task.lead_unit if task else "UBND xã"),
                "deadline": p.deadline,
            }
        )
    return entries


def reporting_unit(lead_unit: str) -> str:
    """The unit that writes the row: the first lead unit ('UBND xã' of 'UBND xã,
    các thôn'), or the whole text when it names a plural ('Các chi, đảng bộ')."""
    first = lead_unit.split(",")[0].strip()
    return lead_unit if first.lower().startswith("các") else first
