"""Chỉ tiêu: an indicator's trend, its calculation and sources, by village."""

from __future__ import annotations

import os

from services.queries import indicator_table
from store import Store


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_calculation_matches_the_metrics(app):
    at = app("views/indicators.py", indicator="LS1", period="2026-H1")
    assert not at.exception
    table = indicator_table(Store(os.environ["XANH_DB"]), "2026-H1")
    ls1 = table[(table["indicator"] == "LS1") & table["village"].isna()].iloc[0]
    numerator = f"{int(ls1['numerator']):,}".replace(",", ".")
    denominator = f"{int(ls1['denominator']):,}".replace(",", ".")
    text = markdown(at)
    assert f"= {numerator} / {denominator} = " in text
    assert "Σ Số hộ ký cam kết phân loại rác tại nguồn / Σ Tổng số hộ" in text
    assert f"Tính trên {int(ls1['villages_reporting'])} thôn" in "\n".join(c.value for c in at.caption)
    (sources,) = [d.value for d in at.dataframe if "Tệp" in d.value.columns]
    assert any("6thang-2026" in name for name in sources["Tệp"])
    assert set(sources["Người gửi"]) == {"sample_data"}


def test_register_indicator_is_commune_only(app):
    at = app("views/indicators.py", indicator="CT1")
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert "Chỉ tiêu này chỉ có số liệu toàn xã." in captions
    assert "Tính trên 2 dòng của biểu." in captions


def test_english_and_an_indicator_without_target(app):
    at = app("views/indicators.py", indicator="GT1", lang="en")
    assert not at.exception
    assert at.title[0].value == "Indicators"
    assert "Tracked, no target" in "\n".join(c.value for c in at.caption)


def test_sector_filter_limits_the_choice(app):
    at = app("views/indicators.py", sectors="energy")
    assert not at.exception
    assert at.selectbox(key="indicator").options[:1] == ["NL1 · Tỷ lệ đèn chiếu sáng công cộng là đèn LED"]
