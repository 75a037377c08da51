"""Shared fixtures."""

from __future__ import annotations

import pytest

from loaders.registry import Registry, Village


@pytest.fixture
def registry() -> Registry:
    """A small village registry (Biểu 00); Đông Hà and Đồng Hà differ only in
    diacritics, so 'Dong Ha' fits both."""
    return Registry(
        [
            Village("T01", "Tân Phong", "Lương Điền"),
            Village("T02", "Ngọc Trì", "Ngọc Liên", ("Ngọc Trì Thượng",)),
            Village("T03", "Quý Dương", "Cẩm Hưng"),
            Village("T04", "Đồng Khê", "Phúc Điền", ("Đồng Khe",)),
            Village("T05", "Lương Xá", "Lương Điền"),
            Village("T06", "Đông Hà", "Cẩm Hưng"),
            Village("T07", "Đồng Hà", "Phúc Điền"),
        ]
    )
