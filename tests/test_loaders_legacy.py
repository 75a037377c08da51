"""Cells and CSV files typed in TCVN3 (ABC) or VNI-Windows fonts come back as Unicode Vietnamese;
genuine Unicode text is left alone."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from loaders import legacy
from loaders.legacy import (
    TCVN3,
    TCVN3_CAPITALS,
    TCVN3_FONT,
    VNI_FONT,
    choose_encoding,
    convert,
    decode_bytes,
    font_encoding,
    in_font,
    typed_throughout,
)
from tests.legacymaker import tcvn3_bytes, to_tcvn3, to_vni, windows_1258

PHRASES = [
    "Tên thôn",
    "Tổng số hộ",
    "Số hộ ký cam kết phân loại rác tại nguồn",
    "Khối lượng CTR sinh hoạt được xử lý đạt quy chuẩn",
    "Diện tích trồng trọt đạt tiêu chuẩn GAP, hữu cơ, tiêu chuẩn tiên tiến",
    "Tổng diện tích đất trồng trọt",
    "Công suất điện mặt trời áp mái (kWp)",
    "Tổng số doanh nghiệp, hộ kinh doanh sản xuất",
    "Số cơ sở lắp điện mặt trời áp mái",
    "Tỷ lệ hoàn thành (%)",
    "Khó khăn, kiến nghị",
    "Vận hành đạt quy chuẩn",
    "Đã vận hành, chưa đạt quy chuẩn",
    "Ngân sách nhà nước",
    "Thuộc xã cũ",
    "Mã thôn",
    "BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH NĂM 2026",
    "Thôn Lương Xá",
    "Thôn Cao Xã",
    "Ngọc Liên",
    "Cẩm Hưng",
    "Phúc Điền",
    "Đồng Tâm",
    "Quý Dương",
    "Nghĩa Phú",
    "Hưng Thịnh",
    "Ấp Tiền Phong",
    "Đồng Khê",
    "Xóm Giữa",
    "Thượng Lâm",
    "Khuyến khích người dân uống nước sạch",
    "Hoà Bình",
]
UNICODE = [
    *PHRASES,
    "Hoà",
    "hoà bình",
    "Tân Phong",
    "Ghi chú",
    "Total households",
    "Village name",
    "LD01",
    "VietGAP, GlobalGAP, OCOP",
    "kWp",
    "2026",
    "1.234,5",
    unicodedata.normalize("NFD", "Tên thôn"),
    unicodedata.normalize("NFD", "Hoà Bình"),
]


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_tcvn3_table_is_glibcs():
    data = b"\n".join(bytes([byte]) for byte in range(0x80, 0x100))
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True)
    if done.returncode:
        pytest.skip("this iconv has no TCVN5712-1")
    assert done.stdout.decode().split("\n") == list(TCVN3)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_the_fixtures_tcvn3_bytes_are_glibcs():
    """What .VnTime types (lower-case letters, and the capitals TCVN3 has), encoded by iconv and by the fixtures' writer."""
    letters = sorted({c for c in TCVN3 if c.islower()} | set("ĂÂÊÔƠƯĐ"))
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input="\n".join(letters).encode(), capture_output=True)
    if done.returncode:
        pytest.skip("this iconv has no TCVN5712-1")
    assert done.stdout.split(b"\n") == [tcvn3_bytes(letter) for letter in letters]


# VNI-Windows as published in xvnkb's vni.h (Dao Hai Lam, VISC, 2002), transcribed: each vowel untoned, then
# with the acute, grave, hook, tilde and dot below; capitals are the same characters in upper case.
VNI_PUBLISHED = {
    "a": "a aù aø aû aõ aï",
    "â": "aâ aá aà aå aã aä",
    "ă": "aê aé aè aú aü aë",
    "e": "e eù eø eû eõ eï",
    "ê": "eâ eá eà eå eã eä",
    "o": "o où oø oû oõ oï",
    "ô": "oâ oá oà oå oã oä",
    "ơ": "ô ôù ôø ôû ôõ ôï",
    "u": "u uù uø uû uõ uï",
    "ư": "ö öù öø öû öõ öï",
    "i": "i í ì æ ó ò",
    "y": "y yù yø yû yõ î",
}


def test_vni_tables_are_the_published_one():
    """The loader's VNI table and the fixtures' writer, each against the published table."""
    published = {"đ": "ñ"}
    for vowel, spellings in VNI_PUBLISHED.items():
        for tone, spelling in zip(("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"), spellings.split()):
            published[unicodedata.normalize("NFC", vowel + tone)] = spelling
    published |= {letter.upper(): spelling.upper() for letter, spelling in published.items()}
    assert len(published) == 2 * (12 * 6 + 1)
    assert {letter: to_vni(letter) for letter in published} == published
    assert {letter: legacy._vni(spelling) for letter, spelling in published.items()} == {letter: letter for letter in published}


@pytest.mark.parametrize(
    ("name", "font"),
    [
        (".VnTime", TCVN3_FONT),
        (".VnArial Narrow", TCVN3_FONT),
        (".VnTimeH", TCVN3_CAPITALS),
        ("'.VnArial NarrowH'", TCVN3_CAPITALS),
        (".VNTIMEH", TCVN3_CAPITALS),
        ("VNI-Times", VNI_FONT),
        ("VNI-Helve-Condense", VNI_FONT),
        ("Times New Roman", None),
        ("Arial", None),
        ("Calibri", None),
        ("VnTime", None),  # Bách Khoa's encoding, not TCVN3
        ("", None),
    ],
)
def test_font_names(name, font):
    assert font_encoding(name) == font


@pytest.mark.parametrize(
    ("typed", "font", "text"),
    [
        ("Cã", TCVN3_FONT, "Có"),
        ("hé", TCVN3_FONT, "hộ"),
        ("vô", TCVN3_FONT, "vụ"),
        ("Ghi chó", TCVN3_FONT, "Ghi chú"),
        ("Lé", TCVN3_FONT, "Lộ"),
        ("Sè hé", TCVN3_FONT, "Số hộ"),
        ("b¸o c¸o kÕt qu¶ n¨m 2026", TCVN3_CAPITALS, "BÁO CÁO KẾT QUẢ NĂM 2026"),
        ("B¸O C¸O N¡M 2026", TCVN3_CAPITALS, "BÁO CÁO NĂM 2026"),
        ("Coù", VNI_FONT, "Có"),
        ("BAÙO CAÙO NAÊM 2026", VNI_FONT, "BÁO CÁO NĂM 2026"),
        ("Tổng số hộ", TCVN3_FONT, "Tổng số hộ"),  # Unicode typed over the font: ổ, ố, ộ no legacy font types
        ("Đồng Khê", VNI_FONT, "Đồng Khê"),
        ("LD01", TCVN3_CAPITALS, "LD01"),
    ],
)
def test_a_cell_in_a_legacy_font_reads_as_the_font_drew_it(typed, font, text):
    assert in_font(typed, font) == text


def test_a_sheet_typed_throughout():
    """Cells that read as Vietnamese either way are converted once the sheet's other cells say it was typed in TCVN3."""
    typed = [to_tcvn3(text) for text in PHRASES[:12]]
    assert typed_throughout([*typed, "Cã", "Lé"], "tcvn3")
    assert not typed_throughout(["Cã", "Lé", "hé"], "tcvn3")  # nothing repaired: no evidence
    assert not typed_throughout([*typed, "Tổng số hộ"], "tcvn3")  # a template's Unicode header among them
    assert not typed_throughout([*typed, "Đông Hà"], "tcvn3")  # a Unicode cell that reads worse converted


@pytest.mark.parametrize(
    ("legacy", "encoding", "text"),
    [
        ("Th«n Cao X·", "tcvn3", "Thôn Cao Xã"),
        ("Tªn th«n;Tæng sè hé", "tcvn3", "Tên thôn;Tổng số hộ"),
        ("Sè hé ký cam kÕt ph©n lo¹i r¸c t¹i nguån", "tcvn3", "Số hộ ký cam kết phân loại rác tại nguồn"),
        ("TæNG Sè Hé", "tcvn3", "TổNG Số Hộ"),
        ("Thoân Cao Xaõ", "vni", "Thôn Cao Xã"),
        ("THOÂN CAO XAÕ", "vni", "THÔN CAO XÃ"),
        ("Ñoàng Taâm", "vni", "Đồng Tâm"),
        ("Phöôùc Hoäi", "vni", "Phước Hội"),
        ("Nghóa Phuù, Höng Thònh", "vni", "Nghĩa Phú, Hưng Thịnh"),
    ],
)
def test_convert_typed_examples(legacy, encoding, text):
    assert convert(legacy, encoding) == text


@pytest.mark.parametrize("text", PHRASES)
def test_tcvn3_and_vni_round_trip(text):
    assert convert(to_tcvn3(text), "tcvn3") == text
    assert convert(to_tcvn3(text, "cp1258"), "tcvn3") == text
    assert convert(to_vni(text), "vni") == text


def test_encoders_write_the_known_forms():
    assert to_tcvn3("Thôn Cao Xã") == "Th«n Cao X·"
    assert to_vni("Thôn Cao Xã; Ỵ Phước Đắk") == "Thoân Cao Xaõ; Î Phöôùc Ñaék"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_unicode_is_never_converted(encoding):
    assert [convert(text, encoding) for text in UNICODE] == UNICODE


def test_cells_that_read_as_unicode_stay():
    # 'Số hộ' typed in TCVN3 is 'Sè hé', which is also Unicode Vietnamese: a cell alone cannot tell.
    assert convert("Sè hé", "tcvn3") == "Sè hé"
    assert convert("Sè hé", "vni") == "Sè hé"


def test_choose_encoding():
    header, rows = PHRASES[:8], PHRASES[17:]
    assert choose_encoding([*header, *map(to_tcvn3, rows)]) == "tcvn3"
    assert choose_encoding(map(to_tcvn3, PHRASES)) == "tcvn3"
    assert choose_encoding(map(to_vni, PHRASES)) == "vni"
    assert choose_encoding([*header, *map(to_vni, rows)]) == "vni"
    assert choose_encoding(UNICODE) is None
    assert choose_encoding(["Village", "Total households", "LD01", "1.234,5", "Café crème brûlée", "m²", "°C"]) is None
    assert choose_encoding([]) is None


def test_decode_bytes():
    text = "Tên thôn;Tổng số hộ\r\nThôn Lương Xá;1.234\r\nĐồng Khê;486\r\n"
    assert decode_bytes(tcvn3_bytes(text)) == (text, "tcvn3")
    assert decode_bytes(to_vni(text).encode("cp1252")) == (text, "vni")
    assert decode_bytes(windows_1258(text)) == (text, None)
    assert decode_bytes(windows_1258("\n".join(PHRASES))) == ("\n".join(PHRASES), None)
    assert decode_bytes(b"Village;Households\r\nLD01;12\r\n") == ("Village;Households\r\nLD01;12\r\n", None)


def test_long_cells_convert_whole():
    cell = "Th«n Cao X· " * 2730 + "Th«n X·"
    assert len(cell) == 32_767
    assert convert(cell, "tcvn3") == "Thôn Cao Xã " * 2730 + "Thôn Xã"
    assert convert("aù" * 16_383, "vni") == "aù" * 16_383
    assert convert("«" * 32_767, "tcvn3") == "«" * 32_767
    assert choose_encoding(["Thoân " * 5461]) == "vni"


def test_the_sheet_view_of_a_legacy_workbook_shows_unicode():
    """The Dữ liệu page shows a file's problem cells on its sheet: a TCVN3
    workbook's cells read there as its Unicode twin's, as the messages quote them."""
    from pathlib import Path

    from loaders import read_grids

    wild = Path(__file__).parent / "fixtures" / "wild"

    def texts(name: str) -> list[str]:
        (sheet,) = read_grids((wild / name).read_bytes(), name)
        return [v for row in sheet.rows for v in row if isinstance(v, str)]

    assert texts("01-tcvn3.xlsx") == texts("01-unicode.xlsx") and "Quý Dương" in texts("01-unicode.xlsx")
