"""The sample's illustrative registers (Biểu 02-05) and signers: industrial
clusters and their wastewater plants, public works and their bricks, the
party cells, the officials who sign, and each task's progress, whose
results quote the villages' figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from catalog import load_catalog
from scripts.sample_data.rows import Progress
from scripts.sample_data.vi_numbers import pct, ratio_text, vi_number
from scripts.sample_data.villages import Record

# cluster -> period -> (has_investor, wwtp_status, capacity m³/ngày đêm)
CLUSTERS = {
    "Cụm công nghiệp Lương Điền": {
        "2024": ("yes", "under_construction", 2000),
        "2025": ("yes", "operating_substandard", 2000),
        "2026-H1": ("yes", "operating_compliant", 2000),
    },
    "Cụm công nghiệp Ngọc Liên": {
        "2024": ("yes", "not_invested", None),
        "2025": ("yes", "under_construction", 1200),
        "2026-H1": ("yes", "under_construction", 1200),
    },
    "Cụm công nghiệp Phúc Điền": {p: ("no", "not_invested", None) for p in ("2024", "2025", "2026-H1")},
}

# (work, village as written or None, capital source, period -> (masonry total, non-fired))
WORKS = (
    ("Cứng hóa đường trục thôn Lương Xá", "Lương Xá", "state_budget", {"2025": (185000, 92000)}),
    ("Nhà văn hóa thôn Đồng Khê", "Đồng Khê", "state_budget", {"2025": (64000, 64000)}),
    (
        "Nhà lớp học 2 tầng Trường Tiểu học Ngọc Liên",
        None,
        "state_budget",
        {"2025": (240000, 120000), "2026-H1": (240000, 168000)},
    ),
    (
        "Kiên cố hóa kênh mương nội đồng khu vực Cẩm Hưng",
        None,
        "foreign_public",
        {"2025": (150000, 60000), "2026-H1": (150000, 90000)},
    ),
    ("Nhà văn hóa thôn Cao Xá", "Cao Xá", "other", {"2025": (52000, 10000)}),
    ("Cải tạo Trạm Y tế xã", None, "state_budget", {"2025": (90000, 45000), "2026-H1": (90000, 72000)}),
    ("Nhà văn hóa thôn Đông Hòa", "thôn Đông Hòa", "state_budget", {"2026-H1": (60000, 60000)}),
    ("Đường giao thông nội đồng thôn Ô Xuyên", "Ô Xuyên", "state_budget", {"2026-H1": (120000, 108000)}),
    ("Nhà hiệu bộ Trường Mầm non Phúc Điền", None, "state_budget", {"2026-H1": (110000, 110000)}),
    ("Sân thể thao thôn Ngọc Trì", "Ngọc Trì", "other", {"2026-H1": (48000, 24000)}),
)

# (party cell, type, members 2025); village cells are added from VILLAGES
OTHER_CELLS = (
    ("Chi bộ Cơ quan Đảng - Đoàn thể", "agency", 28),
    ("Chi bộ Cơ quan Ủy ban nhân dân", "agency", 34),
    ("Chi bộ Công an xã", "agency", 21),
    ("Chi bộ Quân sự xã", "agency", 12),
    ("Chi bộ Trạm Y tế xã", "agency", 9),
    ("Chi bộ Trường Mầm non Cẩm Giàng", "school", 16),
    ("Chi bộ Trường Tiểu học Lương Điền", "school", 19),
    ("Chi bộ Trường Tiểu học Ngọc Liên", "school", 15),
    ("Chi bộ Trường THCS Cẩm Hưng", "school", 22),
    ("Chi bộ Trường THCS Phúc Điền", "school", 18),
    ("Chi bộ Công ty TNHH May mặc Phúc Điền", "enterprise", 11),
)

SIGNERS = (
    "Nguyễn Thị Hương",
    "Phạm Văn Thắng",
    "Trần Thị Mai",
    "Lê Văn Hải",
    "Vũ Đức Toàn",
    "Đỗ Thị Ngọc",
    "Bùi Văn Nam",
    "Hoàng Văn Khánh",
)


def share(num: float, den: float) -> float:
    return 100 * num / den if den else 0.0


def totals(records: Iterable[Record], *fields: str) -> list[float]:
    records = list(records)
    return [round(sum(r[f] for r in records), 2) for f in fields]


def sample_progress(figures: dict[str, Record], cells: Sequence[dict[str, object]]) -> dict[str, dict[str, Progress]]:
    """Task progress for 2025 and 2026-H1, its results quoting the figures."""
    committed, households = totals(figures.values(), "households_committed", "households_total")
    led, lights = totals(figures.values(), "public_lights_led", "public_lights_total")
    gap, area = totals(figures.values(), "gap_area", "cultivated_area")
    biogas, livestock, straw = totals(figures.values(), "livestock_biogas", "livestock_households", "straw_burning_cases")
    kwp, models, products, env = totals(
        figures.values(), "rooftop_solar_kwp", "green_farming_models", "certified_products", "env_selfmanaged_models"
    )
    low, businesses, green, schools = totals(
        figures.values(), "businesses_low_emission", "businesses_total", "schools_green_education", "schools_total"
    )
    briefed = sum(int(c["members_briefed"]) for c in cells)
    members = sum(int(c["members_total"]) for c in cells)
    resolutions = sum(c["has_green_resolution"] == "yes" for c in cells)
    gap_target = load_catalog().indicator("CT3").target or 100
    h1 = {
        "PL-01": Progress(
            "in_progress",
            round(share(committed, households)),
            f"{len(figures)} thôn đã tổ chức ký cam kết; {ratio_text(committed, households)} hộ ký cam kết ({pct(committed, households)}%)",
            "Một số thôn chưa đủ thùng chứa rác đã phân loại",
        ),
        "PL-02": Progress(
            "in_progress",
            40,
            f"{int(straw)} vụ đốt rơm rạ; {ratio_text(biogas, livestock)} hộ chăn nuôi có hầm biogas",
            "Thiếu máy cuộn rơm; chi phí xây hầm biogas cao",
        ),
        "PL-03": Progress(
            "in_progress",
            min(100, round(share(gap, area) * 100 / gap_target)),
            f"{ratio_text(gap, area)} ha đạt GAP, hữu cơ ({pct(gap, area)}%)",
            "Chi phí chứng nhận VietGAP cao với hộ nhỏ lẻ",
        ),
        "PL-04": Progress(
            "in_progress",
            round(share(led, lights)),
            f"{ratio_text(led, lights)} bộ đèn là đèn LED ({pct(led, lights)}%)",
            "Đề nghị bố trí kinh phí thay đèn 6 tháng cuối năm",
            "2028",
        ),
        "GT-01": Progress("in_progress", 30, "Tuyên truyền trên loa truyền thanh các thôn"),
        "GT-02": Progress("paused", 10, "Đã khảo sát 3 vị trí đặt trạm sạc", "Chưa có nhà đầu tư, chờ quy hoạch"),
        "CN-01": Progress(
            "in_progress",
            50,
            "Cụm công nghiệp Lương Điền vận hành XLNT đạt quy chuẩn; cụm Ngọc Liên đang xây dựng",
            "Trạm XLNT cụm Ngọc Liên chậm tiến độ",
        ),
        "CN-02": Progress("in_progress", 25, f"{ratio_text(low, businesses)} cơ sở sản xuất ít phát thải, năng lượng sạch"),
        "CN-03": Progress("in_progress", 50, "Không tiếp nhận dự án có nguy cơ ô nhiễm cao"),
        "NL-01": Progress("in_progress", 35, f"Tổng công suất điện mặt trời áp mái {vi_number(kwp, 1)} kWp"),
        "XD-01": Progress("in_progress", 40, "Công trình mới khởi công dùng gạch không nung", "Giá gạch không nung còn cao"),
        "XD-02": Progress("in_progress", 40, "Giám sát vật liệu xây tại 6 công trình"),
        "XD-03": Progress("not_started", 0),
        "NN-01": Progress("in_progress", 45, "Mở rộng vùng lúa hữu cơ, áp dụng IPM"),
        "NN-02": Progress("in_progress", 30, "Hỗ trợ hộ chăn nuôi làm đệm lót sinh học"),
        "NN-03": Progress("in_progress", 50, "Hướng dẫn ủ rơm rạ làm phân hữu cơ", "Đốt rơm rạ còn xảy ra trong vụ thu hoạch"),
        "NN-04": Progress("in_progress", 30, f"{int(models)} mô hình nông nghiệp xanh, sinh thái, tuần hoàn"),
        "NN-05": Progress("in_progress", 35, f"{int(products)} sản phẩm đạt VietGAP, GlobalGAP, OCOP"),
        "LS-01": Progress("in_progress", 40, "Chợ xã hạn chế túi nilon; vận động bỏ đồ nhựa dùng một lần"),
        "LS-02": Progress("not_started", 0),
        "LS-03": Progress(
            "in_progress", 45, f"{ratio_text(green, schools)} trường triển khai giáo dục xanh; {int(env)} mô hình tự quản"
        ),
        "TC-01": Progress("in_progress", 50, "HĐND xã giám sát 2 công trình đầu tư công"),
        "TC-02": Progress("completed", 100, "Ban hành Kế hoạch thực hiện Chương trình hành động 14-CTr/ĐU", "", "31/03/2026"),
        "TC-03": Progress(
            "in_progress",
            int(share(briefed, members)),
            f"Đã quán triệt {ratio_text(briefed, members)} đảng viên ({pct(briefed, members)}%)",
            "Một số đảng viên cao tuổi, đi làm ăn xa chưa dự",
            "31/12/2026",
        ),
        "TC-04": Progress("not_started", 0),
        "TC-05": Progress("in_progress", 40, f"{int(env)} mô hình tự quản về môi trường"),
        "TC-06": Progress(
            "in_progress", round(share(resolutions, len(cells))), f"{resolutions}/{len(cells)} chi bộ có nghị quyết chuyên đề"
        ),
        "XA-01": Progress(
            "in_progress",
            80,
            "Đã trồng 1.200 cây xanh",
            "Thiếu quỹ đất trồng cây ở khu dân cư",
            "30/04/2026",
            "Trồng cây xanh trên các tuyến đường trục xã, thôn",
        ),
    }
    started_2025 = {
        "PL-01": Progress("in_progress", 30, "Thí điểm phân loại rác tại 5 thôn"),
        "PL-04": Progress("in_progress", 40, "Thay đèn LED theo chương trình nông thôn mới"),
        "CN-01": Progress("in_progress", 20, "Cụm công nghiệp Lương Điền đã vận hành XLNT, chưa đạt quy chuẩn"),
        "NN-01": Progress("in_progress", 20, "Vùng lúa hữu cơ thí điểm"),
        "NL-01": Progress("in_progress", 10, "Một số cơ sở lắp điện mặt trời áp mái"),
        "LS-01": Progress("in_progress", 20, "Tuyên truyền hạn chế túi nilon"),
    }
    baseline = {t.id: started_2025.get(t.id, Progress("not_started", 0)) for t in load_catalog().tasks}
    return {"2025": baseline, "2026-H1": h1}
