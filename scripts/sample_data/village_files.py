"""The sample's Biểu 01 files, each in a layout villages really send: the
commune-wide annual tables (.ods, legacy .xls, the formal .xlsx), the
half-year from two former communes (one split with a partial lighting
file), one-village vertical reports, and one-row files (legacy .xls,
Windows-1258 CSV with text numbers, a code-only .xlsx)."""

from __future__ import annotations

from catalog.periods import period_title
from scripts.sample_data.grids import (
    Column,
    Footer,
    Grid,
    Head,
    Letterhead,
    commune_letterhead,
    field_columns,
    form_of,
    key_column,
)
from scripts.sample_data.layouts import VERTICAL_LABELS, table_grid, vertical_grid
from scripts.sample_data.registers import SIGNERS
from scripts.sample_data.rows import village_rows
from scripts.sample_data.vi_numbers import vi_number
from scripts.sample_data.villages import VILLAGES, Record, Village
from scripts.sample_data.writers import OutFile, slug


def _in_group(group: str) -> list[Village]:
    return [v for v in VILLAGES if v.group == group]


def _signers(n: int, offset: int = 0) -> tuple[str, ...]:
    return tuple(SIGNERS[(offset + i) % len(SIGNERS)] for i in range(n))


def form01_annual_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """The three annual commune-wide tables, each in another layout."""
    keys = [Column("TT", "tt"), key_column("01", "village_name")]
    ods_names = {"CH01": "Hoàng Xá Đông", "CH02": "Khê Thượng", "PD04": "Ô Xuyên Đông"}
    y2023 = table_grid(
        "Năm 2023",
        "01",
        [
            Column("Năm", "period"),
            key_column("01", "village_code"),
            key_column("01", "village_name"),
            *field_columns("01", units="none"),
        ],
        village_rows(VILLAGES, figures, "2023", ods_names, 2023),
    )
    xls_names = {v.code: f"Thôn {v.name}" for v in VILLAGES} | {"LD01": "Luong Xa", "NG01": "Trang Ky"}
    y2024 = table_grid(
        "Bieu01",
        "01",
        [*keys, Column("Kỳ báo cáo", "period"), *field_columns("01", units="inline")],
        village_rows(VILLAGES, figures, "2024", xls_names, "Năm 2024"),
        Head(titles=("BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI XANH CÁC THÔN",)),
    )
    left, right = _signers(2)
    y2025 = table_grid(
        "Biểu 01",
        "01",
        [*keys, *field_columns("01", grouped=True)],
        village_rows(VILLAGES, figures, "2025"),
        Head(
            commune_letterhead("Cẩm Giàng, ngày 20 tháng 12 năm 2025"),
            (f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH CÁC THÔN {period_title('2025')}", "(Số liệu tính đến ngày 14/12/2025)"),
            column_numbers=True,
            total_label="Tổng cộng",
            footer=Footer(left_name=left, right_name=right),
        ),
    )
    notes = Grid("Hướng dẫn")
    for text in (
        "GHI CHÚ",
        "- Số liệu minh họa, không phải số liệu thật của xã.",
        "- Chất thải rắn tính bình quân theo ngày.",
        "- Các thôn gửi báo cáo về Văn phòng UBND xã trước ngày 20/12.",
    ):
        notes.line([text])
    return [
        OutFile(
            "bieu-01-nam-2023-toan-xa.ods",
            "01",
            ("2023",),
            "bảng .ods toàn xã, tiêu đề ở dòng đầu, cột Năm và Mã thôn; vài thôn ghi tên cũ",
            [y2023],
            "column",
        ),
        OutFile(
            "bieu-01-nam-2024-toan-xa.xls",
            "01",
            ("2024",),
            'tệp .xls cũ toàn xã, cột Kỳ báo cáo, đơn vị trong ngoặc; tên thôn có chữ "Thôn" hoặc không dấu',
            [y2024],
            "column",
        ),
        OutFile(
            "bieu-01-nam-2025-toan-xa.xlsx",
            "01",
            ("2025",),
            "bảng toàn xã chính thức: quốc hiệu, tiêu đề gộp ô, tiêu đề hai dòng (nhóm CTR sinh hoạt), dòng số thứ tự cột, dòng Tổng cộng, chữ ký; thêm trang Hướng dẫn",
            [y2025, notes],
        ),
    ]


def form01_group_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """2026-H1 from two groups: Lương Điền in full, Cẩm Hưng split in two files.

    Cẩm Hưng's table leaves out the lighting columns, which the lighting
    team reports in a partial file of its own: together they are complete.
    """
    period = "2026-H1"
    left, right = _signers(2, 2)
    luong_dien = table_grid(
        "Lương Điền",
        "01",
        [
            Column("TT", "tt"),
            key_column("01", "village_code"),
            key_column("01", "village_name"),
            *field_columns("01", grouped=True),
        ],
        village_rows(_in_group("Lương Điền"), figures, period),
        Head(
            Letterhead(("UBND XÃ CẨM GIÀNG", "KHU VỰC LƯƠNG ĐIỀN"), date_line="Lương Điền, ngày 16 tháng 6 năm 2026"),
            (f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH {period_title(period)}", "Các thôn khu vực Lương Điền (xã cũ)"),
            column_numbers=True,
            total_label="Tổng cộng",
            footer=Footer(right=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), left_name=left, right_name=right),
        ),
    )
    lighting = ("public_lights_total", "public_lights_led")
    other_fields = [f.id for f in form_of("01").value_fields if f.id not in lighting]
    cam_hung = table_grid(
        "Cẩm Hưng",
        "01",
        [Column("TT", "tt"), key_column("01", "village_name"), *field_columns("01", other_fields, units="inline")],
        village_rows(_in_group("Cẩm Hưng"), figures, period),
        Head(
            titles=(f"BÁO CÁO {period_title(period)} - KHU VỰC CẨM HƯNG",),
            total_label="Tổng cộng",
            footer=Footer(right=("XÁC NHẬN CỦA UBND XÃ",), left_name=SIGNERS[4]),
        ),
    )
    rows = village_rows(_in_group("Cẩm Hưng"), figures, period)
    for row in rows:
        added = figures[row.key][period]["public_lights_led"] - figures[row.key]["2025"]["public_lights_led"]
        row.values["note"] = f"Thay mới {added} bộ đèn LED" if added > 0 else "Chưa thay thêm"
    led = table_grid(
        "Chiếu sáng",
        "01",
        [Column("TT", "tt"), key_column("01", "village_name"), *field_columns("01", lighting), Column("Ghi chú", "note")],
        rows,
        Head(
            commune_letterhead(),
            (
                "BÁO CÁO KẾT QUẢ THAY THẾ ĐÈN CHIẾU SÁNG CÔNG CỘNG BẰNG ĐÈN LED",
                f"{period_title(period, upper=False)} - khu vực Cẩm Hưng",
            ),
            total_label="Tổng cộng",
            footer=Footer(right=("CÔNG CHỨC ĐỊA CHÍNH - XÂY DỰNG",), left_name=SIGNERS[5], right_name=SIGNERS[6]),
        ),
    )
    return [
        OutFile(
            "bieu-01-6thang-2026-khu-vuc-luong-dien.xlsx",
            "01",
            (period,),
            "bảng theo khu vực (xã cũ Lương Điền): quốc hiệu, tiêu đề hai dòng, cột Mã thôn và Tên thôn, Tổng cộng, chữ ký",
            [luong_dien],
        ),
        OutFile(
            "bieu-01-6thang-2026-khu-vuc-cam-hung.ods",
            "01",
            (period,),
            "bảng .ods theo khu vực (xã cũ Cẩm Hưng), không có hai cột chiếu sáng",
            [cam_hung],
        ),
        OutFile(
            "bieu-01-6thang-2026-khu-vuc-cam-hung-chieu-sang.xlsx",
            "01",
            (period,),
            "báo cáo một phần: chỉ hai cột chiếu sáng công cộng của khu vực Cẩm Hưng, thêm cột Ghi chú",
            [led],
        ),
    ]


H1 = "2026-H1"


def _village(code: str) -> Village:
    return next(v for v in VILLAGES if v.code == code)


def _h1_file(name: str, layout: str, grid: Grid, period_from: str = "title", encoding: str = "utf-8-sig") -> OutFile:
    """A single-village Biểu 01 file of the half-year."""
    return OutFile(name, "01", (H1,), layout, [grid], period_from, encoding)


def form01_vertical_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """Three one-village vertical reports: village on a 'Thôn:' line or in the title."""

    def footer(i: int) -> Footer:
        return Footer(left=("TRƯỞNG THÔN",), left_name=SIGNERS[i], right=())

    title = f"BÁO CÁO {period_title(H1)}"
    trang_ky, phi_xa, o_xuyen = _village("NG01"), _village("NG02"), _village("PD04")
    return [
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(trang_ky.name)}-dang-doc.xlsx",
            f'báo cáo dạng dọc một thôn ({", ".join(VERTICAL_LABELS)}), mục I-IV, dòng "Thôn: {trang_ky.name}"',
            vertical_grid(
                "Báo cáo", trang_ky.code, H1, figures[trang_ky.code][H1],
                Head(Letterhead(("ỦY BAN NHÂN DÂN XÃ CẨM GIÀNG",), right=()), (title,), footer=footer(0)),
                village_line=f"Thôn: {trang_ky.name}", notes={"straw_burning_cases": "Trong vụ thu hoạch lúa chiêm"},
            ),
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(phi_xa.name)}-dang-doc.xlsx",
            "báo cáo dạng dọc, tên thôn trong tiêu đề, cột Kết quả",
            vertical_grid(
                "Sheet1", phi_xa.code, H1, figures[phi_xa.code][H1],
                Head(titles=(f"{title} - THÔN {phi_xa.name.upper()}",), footer=footer(1)),
                labels=("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"),
            ),
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(o_xuyen.name)}-dang-doc.xls",
            "báo cáo dạng dọc trong tệp .xls cũ, cột Nội dung",
            vertical_grid(
                "O Xuyen", o_xuyen.code, H1, figures[o_xuyen.code][H1],
                Head(titles=(title,), footer=footer(2)),
                village_line=f"Thôn: {o_xuyen.name}", labels=("TT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"),
            ),
        ),
    ]  # fmt: skip


def form01_flat_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """Three one-row files: legacy .xls, Windows-1258 CSV, code-only .xlsx."""
    label = period_title(H1, upper=False)
    dong_hoa, phuc_cau, cao_xa = _village("NG03"), _village("PD01"), _village("PD02")
    households = vi_number(figures[phuc_cau.code][H1]["households_total"])
    old_spelling = dong_hoa.name.replace("Hòa", "Hoà")  # the old tone placement
    return [
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(dong_hoa.name)}.xls",
            f'tệp .xls cũ một dòng, tiêu đề chữ in hoa, cột Kỳ báo cáo, tên "{old_spelling}" (dấu kiểu cũ)',
            table_grid(
                "Sheet1", "01",
                [key_column("01", "village_code"), key_column("01", "village_name"), Column("Kỳ báo cáo", "period"),
                 *field_columns("01", units="inline", upper=True)],
                village_rows([dong_hoa], figures, H1, {dong_hoa.code: old_spelling}, label),
            ),
            "column",
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(phuc_cau.name)}-windows-1258.csv",
            f'CSV Windows-1258 (dấu thanh tổ hợp), dấu chấm phẩy, số dạng chữ kiểu Việt ("{households}", "0,70")',
            table_grid(
                "csv", "01",
                [key_column("01", "village_name"), Column("Kỳ báo cáo", "period"), *field_columns("01", units="none")],
                village_rows([phuc_cau], figures, H1, period_value=label), text_numbers=True,
            ),
            "column", "cp1258",
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(cao_xa.name)}.xlsx",
            'một thôn, chỉ có cột Mã thôn, kỳ trong tiêu đề ("6 tháng năm 2026")',
            table_grid(
                "Báo cáo", "01", [key_column("01", "village_code"), *field_columns("01")],
                village_rows([cao_xa], figures, H1),
                Head(
                    titles=("ỦY BAN NHÂN DÂN XÃ CẨM GIÀNG", f"BÁO CÁO CHUYỂN ĐỔI XANH 6 THÁNG NĂM 2026 - THÔN {cao_xa.name.upper()}"),
                    footer=Footer(right=("TRƯỞNG THÔN",), left_name=SIGNERS[3], right_name=SIGNERS[7]),
                ),
            ),
        ),
    ]  # fmt: skip
