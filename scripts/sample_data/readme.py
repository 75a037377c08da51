"""docs/sample-data.md: the sample's story and what each file is."""

from __future__ import annotations

from collections.abc import Sequence

from catalog import load_catalog
from catalog.periods import period_title
from scripts.sample_data.check import Store
from scripts.sample_data.grids import form_of
from scripts.sample_data.indicators import indicator_lines
from scripts.sample_data.villages import LATE_VILLAGE, UNPLACED, VILLAGES
from scripts.sample_data.writers import OutFile


def readme(files: Sequence[OutFile], store: Store) -> str:
    """docs/sample-data.md: what each sample file is and how real files
    replace them (kept out of sample_data/ so that every file there is a
    form: `cli.py ingest sample_data/*` takes them all)."""

    def period_text(out: OutFile) -> str:
        return ", ".join(period_title(p, upper=False) for p in out.periods) or "không có kỳ"

    villages = store.rows("00", None)
    groups = list(dict.fromkeys(v.group for v in VILLAGES))
    late = next(v for v in VILLAGES if v.code == LATE_VILLAGE)
    reported = len(store.rows("01", "2026-H1"))
    table = "\n".join(f"| `{f.name}` | {f.form} - {form_of(f.form).name_vi} | {period_text(f)} | {f.layout} |" for f in files)
    story = "\n".join(
        f"- {line}" for line in indicator_lines(store, ("LS1", "CT3", "NL1", "CT4", "NN3", "TC1", "CT1", "CT2", "TC4"))
    )
    return f"""# Dữ liệu mẫu - số liệu minh họa

*English: illustrative sample data, made-up figures in the layouts villages really send; regenerate with `python scripts/make_sample_data.py --check`.*

Các tệp trong thư mục `sample_data/` là **số liệu minh họa**, không phải số liệu thật của {load_catalog().commune.name_vi}.
Tên thôn, mã thôn, công trình, chi bộ và mọi con số đều được đặt ra để bảng điều khiển có sẵn
một câu chuyện khi khởi động lần đầu, và để bộ đọc tệp gặp đủ các kiểu trình bày mà thôn, đơn vị
thường gửi. Tiêu đề cột, đơn vị tính và nhãn danh mục lấy từ `catalog/data`, nên luôn khớp với biểu mẫu.
Các tệp được sinh bởi `scripts/make_sample_data.py` (hạt giống cố định: chạy lại cho ra đúng các tệp này).

## Câu chuyện số liệu

- {len(villages)} thôn thuộc {len(groups)} xã cũ ({", ".join(groups)}); kỳ gốc là năm {load_catalog().commune.baseline_period}.
- Kỳ 6 tháng đầu năm 2026: {reported}/{len(villages)} thôn đã báo cáo; thôn {late.name} ({late.code}) nộp muộn.
- Vị trí thôn (cột Vĩ độ, Kinh độ của Biểu 00) cũng là **minh họa**: điểm đặt ngẫu nhiên bên trong ranh giới xã,
  không phải vị trí thật; {len(UNPLACED)} thôn ({", ".join(v.name for v in VILLAGES if v.code in UNPLACED)}) để trống vị trí,
  để trang Thôn cho thấy cả hai trường hợp (thôn trên bản đồ và thôn chưa có vị trí).
- Có thôn đi trước ({", ".join(v.name for v in VILLAGES if v.pace > 1)}), có thôn chậm ({", ".join(v.name for v in VILLAGES if v.pace < 0.5)}).
- Thay đèn LED tiến triển tốt; xử lý chất thải rắn đạt quy chuẩn còn chậm; diện tích GAP gần đạt mục tiêu 20%;
  số vụ đốt rơm rạ giảm; việc quán triệt Nghị quyết 08 gần xong.

Giá trị toàn xã (Σ tử số / Σ mẫu số, số thôn hoặc số dòng tính trong ngoặc):

{story}

## Danh sách tệp

| Tệp | Biểu | Kỳ báo cáo | Cách trình bày |
|---|---|---|---|
{table}

## Thay bằng số liệu thật

1. Bắt đầu bằng Biểu 00 - Danh mục thôn thật của xã (mã thôn, tên thôn, xã cũ, tên gọi khác, và nếu có:
   vĩ độ, kinh độ của thôn, chép từ ứng dụng bản đồ trên điện thoại).
2. Tải các tệp thôn, đơn vị gửi lên trang **Dữ liệu** (hoặc `python cli.py ingest TỆP...`). Bản nộp mới hơn
   cho cùng thôn, biểu và kỳ thay thế số liệu minh họa; số liệu cũ vẫn nằm trong lịch sử và có thể hoàn tác.
3. Nếu danh mục thôn thật khác danh mục mẫu, nên dùng một kho dữ liệu mới (không nạp thư mục `sample_data/`),
   để các thôn minh họa không còn trong số liệu. Có thể thay nội dung thư mục `sample_data/` bằng tệp thật:
   kho mặc định được nạp từ đây ở lần chạy đầu.
"""
