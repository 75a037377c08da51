"""The sample's Biểu 02-05 files: the clusters' history sheet, the public
works of two periods, the tasks' progress and the party cells."""

from __future__ import annotations

from catalog import load_catalog
from catalog.periods import period_title, time_of
from scripts.sample_data.grids import Footer, Head, Letterhead, commune_letterhead
from scripts.sample_data.layouts import table_grid
from scripts.sample_data.registers import CLUSTERS, OTHER_CELLS, SIGNERS, WORKS, sample_progress
from scripts.sample_data.rows import (
    Progress,
    cell_entries,
    cluster_entries,
    register_columns,
    register_rows,
    task_entries,
    work_entries,
)
from scripts.sample_data.villages import LATE_VILLAGE, VILLAGES, Record
from scripts.sample_data.writers import OutFile


def register_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """Biểu 02-05 of the commune: clusters, public works, tasks, party cells."""
    files = [clusters_file(), *works_files()]
    cells = {p: cell_entries(VILLAGES, OTHER_CELLS, p) for p in ("2025", "2026-H1")}
    h1 = {code: figures[code]["2026-H1"] for code in figures if code != LATE_VILLAGE}
    progress = sample_progress(h1, cells["2026-H1"])
    files += [tasks_file(p, progress[p]) for p in progress]
    files += [cells_file(p, cells[p], ext) for p, ext in (("2025", ".xls"), ("2026-H1", ".xlsx"))]
    return files


def clusters_file() -> OutFile:
    """Biểu 02 as a history sheet: three periods in a `Kỳ báo cáo` column."""
    periods = ("2024", "2025", "2026-H1")
    rows = [row for p in periods for row in register_rows("02", p, cluster_entries(CLUSTERS, p), period_title(p, upper=False))]
    for i, row in enumerate(rows, 1):
        row.values["tt"] = i
    grid = table_grid(
        "Cụm CN",
        "02",
        register_columns("02", "Kỳ báo cáo"),
        rows,
        Head(
            commune_letterhead(),
            ("TÌNH HÌNH HẠ TẦNG XỬ LÝ NƯỚC THẢI CÁC CỤM CÔNG NGHIỆP",),
            footer=Footer(left_name=SIGNERS[6], right_name=SIGNERS[1]),
        ),
    )
    return OutFile(
        "bieu-02-cum-cong-nghiep-2024-2026.xlsx",
        "02",
        periods,
        "bảng lịch sử nhiều kỳ: cột Kỳ báo cáo (năm 2024, năm 2025, 6 tháng đầu năm 2026)",
        [grid],
        "column",
    )


def works_files() -> list[OutFile]:
    """Biểu 03 for 2025 (.ods) and 2026-H1 (.xlsx with a total row)."""
    files = []
    for period, ext, total in (("2025", ".ods", None), ("2026-H1", ".xlsx", "Tổng cộng")):
        grid = table_grid(
            "Công trình",
            "03",
            register_columns("03"),
            register_rows("03", period, work_entries(WORKS, period)),
            Head(
                commune_letterhead(),
                (f"DANH MỤC CÔNG TRÌNH ĐẦU TƯ CÔNG {period_title(period)}",),
                total_label=total,
                footer=Footer(left_name=SIGNERS[3], right_name=SIGNERS[1]),
            ),
        )
        layout = 'danh mục công trình, cột Thôn (có công trình cấp xã để trống), Nguồn vốn có "Khác"' + (
            ", dòng Tổng cộng" if total else ""
        )
        files.append(OutFile(f"bieu-03-cong-trinh-{_period_slug(period)}{ext}", "03", (period,), layout, [grid]))
    return files


def tasks_file(period: str, progress: dict[str, Progress]) -> OutFile:
    grid = table_grid(
        "Nhiệm vụ",
        "04",
        register_columns("04"),
        register_rows("04", period, task_entries(progress)),
        Head(
            commune_letterhead(),
            (f"BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ CHUYỂN ĐỔI XANH {period_title(period)}",),
            footer=Footer(left_name=SIGNERS[0], right_name=SIGNERS[1]),
        ),
    )
    new = [t for t in progress if load_catalog().task(t) is None]
    layout = "tiến độ mọi nhiệm vụ của danh mục" + (f", thêm nhiệm vụ mới {', '.join(new)} có tên" if new else "")
    return OutFile(f"bieu-04-tien-do-nhiem-vu-{_period_slug(period)}.xlsx", "04", (period,), layout, [grid])


def cells_file(period: str, entries: list[dict[str, object]], ext: str) -> OutFile:
    titles = (f"BÁO CÁO TÌNH HÌNH CÁC CHI BỘ TRỰC THUỘC {period_title(period)}",)
    if time_of(period) > time_of(load_catalog().commune.baseline_period):
        titles += ("Quán triệt Nghị quyết số 08-NQ/TU và xây dựng chi bộ xanh",)
    grid = table_grid(
        "Chi bộ",
        "05",
        register_columns("05", units="none"),
        register_rows("05", period, entries),
        Head(
            Letterhead(("ĐẢNG BỘ XÃ CẨM GIÀNG", "BAN XÂY DỰNG ĐẢNG"), ("ĐẢNG CỘNG SẢN VIỆT NAM",)),
            titles,
            footer=Footer(right=("TRƯỞNG BAN",), left_name=SIGNERS[5], right_name=SIGNERS[2]),
        ),
    )
    return OutFile(
        f"bieu-05-chi-bo-{_period_slug(period)}{ext}",
        "05",
        (period,),
        f"danh sách {len(entries)} chi bộ (thôn, cơ quan, trường học, doanh nghiệp), tiêu đề Đảng bộ",
        [grid],
    )


def _period_slug(period: str) -> str:
    return f"6thang-{period[:4]}" if period.endswith("-H1") else f"nam-{period}"
