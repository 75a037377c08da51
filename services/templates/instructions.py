"""The "Hướng dẫn" sheet of a template: how to fill the form and send it
back, in numbered paragraphs (what is locked, blank is not zero, what a
resubmission replaces, what is pre-filled, the rules that refuse a file,
where and by when to send it), then one line per column: header, unit, how
to fill."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from catalog.models import Catalog, Form, FormField
from catalog.periods import due_date, period_title
from loaders.headers import REGISTRY_FORM, VILLAGE_FORM
from reports.cells import put
from services.templates.contents import LOCKED, Row
from services.templates.style import BOX, FONT, LINE_HEIGHT, head_cell, lines, merged

INSTRUCTIONS = "Hướng dẫn"
MERGES = {  # what a resubmission does, by the form's merge (DOMAIN.md "Resubmission")
    "village_field": "Ô để trống không xóa số liệu đã gửi trước đó.",
    "row": "Mỗi dòng gửi lên thay cả dòng đã gửi trước đó của {noun} đó; dòng chỉ có mã và tên {noun} là chưa báo cáo.",
    "register": "Bảng gửi lên thay toàn bộ bảng đã gửi của kỳ này, nên hãy ghi đủ mọi {noun}; "
    "dòng chỉ có tên, không có số liệu, được bỏ qua.",
}


def write_instructions(ws: Worksheet, catalog: Catalog, form: Form, period: str | None, rows: list[Row], lists: bool) -> None:
    """Numbered paragraphs, then one line per column: header, unit, how to fill."""
    widths = (46, 14, 60)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    title = f"HƯỚNG DẪN ĐIỀN BIỂU {form.id}: {form.name_vi.upper()}" + (f" - {period_title(period)}" if period else "")
    merged(ws, 1, 1, 3, title, bold=True, size=14)
    r = 3
    for number, text in enumerate(_paragraphs(catalog, form, period, rows, lists), start=1):
        merged(ws, r, 1, 3, f"{number}. {text}")
        ws.cell(r, 1).alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = LINE_HEIGHT * lines(text, sum(widths))
        r += 1
    r += 1
    for c, text in enumerate(("Cột", "Đơn vị tính", "Cách ghi"), start=1):
        head_cell(ws, r, c, text)
    for f in form.fields:
        r += 1
        for c, text in enumerate((f.header_vi, f.unit or "", _how(catalog, form, f)), start=1):
            cell = put(ws, r, c, text)
            cell.font, cell.border = Font(name=FONT), BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.protection.sheet = True


def _noun(form: Form) -> str:
    """'thôn', 'nhiệm vụ', 'cụm công nghiệp': the key's header without 'Mã'/'Tên'."""
    return _lower_first(form.field(form.key[0]).header_vi.split(" ", 1)[-1])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _paragraphs(catalog: Catalog, form: Form, period: str | None, rows: list[Row], lists: bool) -> list[str]:
    noun = _noun(form)
    locked = "Dòng tiêu đề, tên cột và các ô nền xám" if form.id in LOCKED else "Dòng tiêu đề và tên cột"
    texts = [
        f'Điền vào trang tính "Biểu {form.id}", chỉ vào các ô nền vàng nhạt. {locked} '
        "đã được khóa để tránh sửa nhầm (khóa không đặt mật khẩu).",
        "Không sửa, không xóa, không đổi thứ tự tên cột và các dòng tiêu đề"
        + (" (dòng tiêu đề cho biết kỳ báo cáo)" if period else "")
        + "; không đổi tên trang tính.",
        "Ô để trống nghĩa là chưa có số liệu, không phải số 0: khi số liệu bằng không, hãy ghi 0. "
        + MERGES[form.merge].format(noun=noun),
        "Ô số chỉ ghi số, không ghi chữ hay đơn vị (đơn vị tính ở tên cột); số thập phân ghi theo cách máy tính "
        "hiển thị số, ví dụ 12,5. Excel từ chối số không hợp lệ và nói rõ lý do.",
        _prefilled(form, noun, rows),
    ]
    if lists:
        texts.append("Các cột có mũi tên: bấm vào ô rồi chọn một giá trị trong danh sách.")
    if form.id != VILLAGE_FORM:
        texts.append(f"Thêm {noun} mới ở các dòng trống cuối bảng; cần thêm dòng thì chèn dòng phía trên dòng ký tên.")
    rules = _rules(catalog, form)
    if rules:
        texts.append("Các số liệu phải khớp nhau, nếu không tệp bị từ chối:" + "".join(f"\n- {rule}" for rule in rules))
    return [*texts, _sending(catalog, period)]


def _prefilled(form: Form, noun: str, rows: list[Row]) -> str:
    """What the template already holds, so the official knows what to check."""
    if form.id == REGISTRY_FORM:
        return (
            "Biểu đã ghi sẵn danh mục thôn hiện hành: sửa tên, ghi tên gọi khác (cách nhau bởi dấu ;). Không đổi mã thôn đã có."
        )
    if any(k not in r.locked and k not in form.key for r in rows for k in r.values):
        return "Biểu đã ghi sẵn số liệu kỳ này đã có trong hệ thống: chỉ cần kiểm tra, sửa chỗ đã thay đổi và điền chỗ còn trống."
    if not any(r.values for r in rows):
        return "Kỳ này chưa có số liệu trong hệ thống."
    earlier = " theo bảng đã gửi kỳ trước" if form.merge == "register" else ""
    return f"Kỳ này chưa có số liệu trong hệ thống; các dòng đã ghi sẵn {noun}{earlier} để điền tiếp."


def _rules(catalog: Catalog, form: Form) -> list[str]:
    """The form's ≤ rules that block a file, in words."""
    header = {f.id: f.header_vi for f in form.fields}
    return [
        f"{header[rule.left]} không lớn hơn {_lower_first(header[rule.right])}"
        for rule in catalog.rules.comparisons
        if rule.form == form.id and rule.severity == "error"
    ]


def _sending(catalog: Catalog, period: str | None) -> str:
    commune = catalog.commune
    due = f" chậm nhất ngày {due_date(period, commune.half_year.due, commune.year.due):%d/%m/%Y}" if period else ""
    return (
        f"Lưu tệp (định dạng .xlsx) và gửi về {commune.committee_vi}{due}, hoặc tải lên trang Dữ liệu của bảng theo dõi. "
        "Tệp được kiểm tra tự động; nếu có lỗi, hệ thống chỉ rõ ô cần sửa."
    )


COORDINATES = (
    "Độ thập phân, ví dụ {example}: trên điện thoại, mở ứng dụng bản đồ, chạm giữ vào giữa thôn "
    "(nhà văn hóa thôn) rồi chép hai số hiện ra (số đầu là vĩ độ, số sau là kinh độ); "
    "điểm phải nằm trong xã; để trống cả hai nếu chưa có"
)


def _how(catalog: Catalog, form: Form, f: FormField) -> str:
    """How to fill one column, in words."""
    if f.id in LOCKED.get(form.id, ()):
        how = "Đã ghi sẵn, không sửa" + (f"; dòng mới: ghi {_lower_first(f.header_vi)}" if form.id != VILLAGE_FORM else "")
    elif f.kind == "enum":
        how = "Chọn một trong: " + ", ".join(v.vi for v in catalog.enums[f.enum])
    elif f.kind == "village":
        how = "Chọn tên thôn trong danh sách"
    else:
        how = {
            "integer": "Số nguyên từ 0 trở lên",
            "decimal": "Số từ 0 trở lên, có thể có phần thập phân",
            "percent": "Số từ 0 đến 100",
            "deadline": "Ngày (dd/mm/yyyy) hoặc một năm; để trống: theo thời hạn của danh mục nhiệm vụ",
            "text": "Chữ",
            "village_code": "Mã thôn theo danh mục thôn",
            "latitude": COORDINATES.format(example="20,9612"),
            "longitude": COORDINATES.format(example="106,1534"),
        }[f.kind]
    return how + ("; bắt buộc" if f.required else "")
