"""Which sample files exist, in the order docs/sample-data.md lists them."""

from __future__ import annotations

from catalog import load_catalog
from scripts.sample_data.register_files import register_files
from scripts.sample_data.rows import registry_file
from scripts.sample_data.village_files import form01_annual_files, form01_flat_files, form01_group_files, form01_vertical_files
from scripts.sample_data.villages import SIZE_OVERRIDES, VILLAGES, illustrative_places, village_figures
from scripts.sample_data.writers import OutFile

SAMPLE_PERIODS = ("2023", "2024", "2025", "2026-H1")


def sample_files() -> list[OutFile]:
    """Every sample file, in the order the README lists them."""
    figures = {v.code: village_figures(v, SAMPLE_PERIODS, overrides=SIZE_OVERRIDES.get(v.code)) for v in VILLAGES}
    files = [
        registry_file(
            "bieu-00-danh-muc-thon.xlsx",
            VILLAGES,
            f"DANH MỤC THÔN {load_catalog().commune.name_vi.upper()}",
            illustrative_places(VILLAGES, load_catalog().commune.code),
        ),
        *form01_annual_files(figures),
        *form01_group_files(figures),
        *form01_vertical_files(figures),
        *form01_flat_files(figures),
        *register_files(figures),
    ]
    return files
