"""vi-VN and English number formats."""

from __future__ import annotations

import datetime as dt

import pytest

from i18n import fmt_date, fmt_number, fmt_percent


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "text"),
    [
        (1234.5, "vi", None, "1.234,5"),
        (1234.5, "en", None, "1,234.5"),
        (1234567, "vi", None, "1.234.567"),
        (812, "vi", None, "812"),
        (0.84, "vi", None, "0,84"),
        (40.14, "vi", None, "40,14"),
        (2.0, "vi", None, "2"),
        (12345678.123, "vi", 1, "12.345.678,1"),
        (-0.001, "vi", 1, "0,0"),
        (-1234.5, "vi", 0, "-1.234"),
        (None, "vi", None, "—"),
        (float("nan"), "en", None, "—"),
    ],
)
def test_numbers(value, lang, decimals, text):
    assert fmt_number(value, lang, decimals) == text


def test_percent_and_dates():
    assert fmt_percent(45.23) == "45,2%" and fmt_percent(45.23, "en") == "45.2%"
    assert fmt_percent(100, "vi", 0) == "100%" and fmt_percent(None) == "—"
    assert fmt_date(dt.date(2026, 6, 14)) == "14/06/2026" and fmt_date(dt.date(2026, 6, 14), "en") == "2026-06-14"


def test_english_plurals_follow_the_count():
    from catalog import load_catalog
    from charts import gap_text
    from i18n import plural
    from i18n.strings import t

    assert [t("commit", "en", n=n) for n in (1, 2)] == ["Import 1 file", "Import 2 files"]
    assert t("commit", "vi", n=1) == "Nhận 1 tệp vào kho"
    ct1 = load_catalog().indicator("CT1")
    assert gap_text(ct1, 1.0, "en") == "1 cluster still without a compliant wastewater plant"
    assert gap_text(ct1, 3.0, "en") == "3 clusters still without a compliant wastewater plant"
    assert gap_text(ct1, 1.0, "vi") == "còn 1 cụm công nghiệp chưa vận hành XLNT đạt quy chuẩn"
    assert plural(0, ["village", "villages"], "en") == "villages" and plural(1.5, ["ha"], "en") == "ha"
