"""Problems found in a submitted file, located as Excel shows them.

Every problem has a stable code (listed with its meaning in
docs/problem-codes.md), a severity taken from catalog/data/rules.yaml, the
sheet, row (1-based) and column letter where the official will find it, the
field concerned, and a plain sentence in Vietnamese (and English) that says
what to fix. Loaders collect every problem rather than stopping at the first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from catalog import load_catalog
from catalog.periods import is_code, period_label

Severity = Literal["error", "warning"]
PERIOD_PARAMS = frozenset({"period", "found", "chosen", "previous_period"})  # named as pages name periods
MAX_QUOTED = 200  # characters of a cell's text quoted in a message

# code -> (Vietnamese, English). Templates use str.format with the params
# given to `problem`. The location ("Dòng 9, cột D: ") is added in front.
MESSAGES: dict[str, tuple[str, str]] = {
    "file_missing": ("Không tìm thấy tệp {name}.", "File {name} was not found."),
    "file_unreadable": (
        "Không mở được tệp {name} dưới dạng {fmt}: tệp bị hỏng, bị cắt hoặc không đúng định dạng. Hãy lưu lại tệp bằng Excel (.xlsx) rồi gửi lại.",
        "File {name} cannot be opened as {fmt}: it is damaged, truncated or not that format. Save it again from Excel (.xlsx) and resend.",
    ),
    "file_unsupported": (
        "Tệp {name} không phải bảng tính được hỗ trợ. Hãy gửi tệp .xlsx, .xls, .ods hoặc .csv.",
        "File {name} is not a supported spreadsheet. Send an .xlsx, .xls, .ods or .csv file.",
    ),
    "file_empty": ("Tệp {name} không có dữ liệu.", "File {name} holds no data."),
    "file_too_large": (
        "Tệp {name} quá lớn ({size}); giới hạn là {limit}.",
        "File {name} is too large ({size}); the limit is {limit}.",
    ),
    "file_bomb": (
        "Tệp {name} có cấu trúc bất thường (giải nén ra quá lớn hoặc vùng ô quá rộng) nên không được đọc để bảo vệ hệ thống. Hãy chép phần số liệu sang một tệp Excel mới rồi gửi lại.",
        "File {name} has an abnormal structure (it unzips too large or spans too many cells) and is not read, to protect the system. Copy the data into a new Excel file and resend.",
    ),
    "file_crashed": (
        "Tệp {name} quá lớn hoặc bị hỏng{where}: việc đọc tệp vượt quá giới hạn an toàn của hệ thống nên đã dừng. Hãy mở tệp bằng Excel, chép phần số liệu sang một tệp mới, lưu lại rồi gửi lại.",
        "File {name} is too large or damaged{where}: reading it went past the system's safe limits and was stopped. Open it in Excel, copy the data into a new file, save it and resend.",
    ),
    "file_timeout": (
        "Tệp {name} quá lớn hoặc bị hỏng{where}: đọc quá {seconds} giây nên đã dừng để bảo vệ hệ thống. Hãy mở tệp bằng Excel, chép phần số liệu sang một tệp mới, lưu lại rồi gửi lại.",
        "File {name} is too large or damaged{where}: reading took over {seconds} seconds and was stopped to protect the system. Open it in Excel, copy the data into a new file, save it and resend.",
    ),
    "file_encrypted": (
        "Tệp {name} được đặt mật khẩu nên hệ thống không mở được. Hãy mở tệp bằng Excel, chọn Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu rồi lưu lại (LibreOffice: Tệp > Lưu thành, bỏ chọn «Lưu với mật khẩu») và gửi lại.",
        "File {name} is protected by a password, so the system cannot open it. Open it in Excel, choose File > Info > Protect Workbook > Encrypt with Password, clear the password and save (LibreOffice: File > Save As, untick «Save with password»), then resend.",
    ),
    "legacy_encoding": (
        "Chữ trong {where} được gõ bằng bảng mã cũ {encoding}; hệ thống đã chuyển {count} ô sang Unicode, bắt đầu từ ô này. Hãy kiểm tra lại tên thôn và nội dung chữ; lần sau nên gõ bằng bảng mã Unicode.",
        "The text in {where} was typed in the old {encoding} encoding; the system converted {count} cells to Unicode, starting with this one. Check the village names and text; next time type in Unicode.",
    ),
    "form_unknown": (
        'Không nhận ra biểu mẫu: không trang tính nào có tiêu đề cột của Biểu 00-05 (ví dụ: "Tên thôn", "Tổng số hộ"). Hãy dùng mẫu biểu tải từ hệ thống.',
        'Form not recognised: no sheet has the column headers of forms 00-05 (e.g. "Tên thôn", "Tổng số hộ"). Use the template from the system.',
    ),
    "period_unknown": (
        'Không xác định được kỳ báo cáo: tệp không có cột "Năm"/"Kỳ báo cáo" và tiêu đề không ghi kỳ (ví dụ "6 tháng đầu năm 2026"). Hãy ghi kỳ báo cáo vào tiêu đề hoặc chọn kỳ khi tải lên.',
        'Reporting period unknown: the file has no "Năm"/"Kỳ báo cáo" column and its title names no period (e.g. "6 tháng đầu năm 2026"). Write the period in the title or choose it when uploading.',
    ),
    "period_conflict": (
        "Kỳ báo cáo trong tệp ({found}) khác với kỳ đã chọn ({chosen}).",
        "The file's period ({found}) differs from the chosen period ({chosen}).",
    ),
    "period_invalid": (
        'Kỳ báo cáo "{value}" không hợp lệ; hãy ghi "Năm 2026" hoặc "6 tháng đầu năm 2026".',
        'Period "{value}" is not valid; write "Năm 2026" or "6 tháng đầu năm 2026".',
    ),
    "period_locked": (
        "Kỳ {period} đã được khóa (số liệu đã được phê duyệt), nên chưa nhận tệp này; tệp không cần sửa. Nếu cần thay đổi số liệu kỳ {period}, cán bộ biên tập mở khóa kỳ ở trang Dữ liệu, thẻ “Khóa kỳ” (hoặc lệnh python cli.py unlock {period_code}), rồi gửi lại tệp.",
        "Period {period} is locked (its figures are approved), so this file was not taken; the file needs no fixing. To change the figures of {period}, an editor unlocks the period on the Data page, tab “Period locks” (or python cli.py unlock {period_code}), then sends the file again.",
    ),
    "sheet_skipped": (
        'Bỏ qua trang tính "{sheet_name}": không có tiêu đề cột của biểu mẫu nào.',
        'Sheet "{sheet_name}" skipped: it has no form\'s column headers.',
    ),
    "column_ignored": (
        'Bỏ qua cột "{header}": không thuộc Biểu {form}.',
        'Column "{header}" ignored: not part of form {form}.',
    ),
    "row_ignored": (
        'Bỏ qua dòng "{label}": không phải chỉ tiêu của Biểu {form}.',
        'Row "{label}" ignored: not an item of form {form}.',
    ),
    "column_duplicate": (
        'Cột "{header}" trùng với cột {other} (cùng là {label}); hãy xóa một cột.',
        'Column "{header}" repeats column {other} (both are {label}); delete one.',
    ),
    "key_missing": (
        "Thiếu {label}; mỗi dòng cần có {label}.",
        "{label} is missing; every row needs one.",
    ),
    "village_missing": (
        'Không xác định được thôn: tiêu đề hoặc dòng "Thôn: ..." không ghi tên thôn.',
        'Village unknown: neither the title nor a line "Thôn: ..." names it.',
    ),
    "village_unknown": (
        'Thôn "{name}" không có trong danh mục thôn (Biểu 00).{suggest}',
        'Village "{name}" is not in the village registry (form 00).{suggest}',
    ),
    "village_ambiguous": (
        'Tên thôn "{name}" khớp với nhiều thôn: {candidates}. Hãy ghi đúng tên hoặc mã thôn.',
        'Village name "{name}" fits several villages: {candidates}. Write the exact name or the code.',
    ),
    "village_mismatch": (
        'Mã thôn "{village_code}" là thôn {code_name}, nhưng tên thôn ghi "{name}".',
        'Village code "{village_code}" is {code_name}, but the name says "{name}".',
    ),
    "problems_more": (
        "Còn {n} lỗi khác cùng loại ({kind}) không được liệt kê; hãy sửa các lỗi ở trên rồi gửi lại để xem tiếp.",
        "{n} more problems of the same kind ({kind}) are not listed; fix those above and resend to see the rest.",
    ),
    "duplicate_key": (
        '{label} "{key}" xuất hiện hai lần trong kỳ {period} (cũng ở dòng {other_row}).',
        '{label} "{key}" appears twice for period {period} (also on row {other_row}).',
    ),
    "not_a_number": (
        '{label}: "{value}" không phải là số.',
        '{label}: "{value}" is not a number.',
    ),
    "not_whole_number": (
        "{label} phải là số nguyên, không phải {value}.",
        "{label} must be a whole number, not {value}.",
    ),
    "negative": ("{label} không được âm ({value}).", "{label} cannot be negative ({value})."),
    "percent_out_of_range": (
        "{label} phải nằm trong khoảng 0-100, không phải {value}.",
        "{label} must lie within 0-100, not {value}.",
    ),
    "percent_scaled": (
        "Cột {label} có mọi giá trị từ 0 đến 1 (định dạng phần trăm của Excel); đã nhân với 100.",
        "Column {label} has every value between 0 and 1 (Excel percent format); multiplied by 100.",
    ),
    "formula_no_value": (
        "Cột này có {count} ô có công thức nhưng chưa có giá trị tính sẵn (tệp được lưu bởi một chương trình không tính công thức), nên được coi là để trống, kể từ ô này. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.",
        "This column has {count} formula cells with no computed value (the file was saved by a program that does not compute formulas), so they count as blank, from this cell on. Open the file in Excel, save it and resend.",
    ),
    "formula_error": (
        "{label}: công thức trong ô này cho kết quả lỗi {value}; hãy sửa công thức hoặc nhập số liệu trực tiếp.",
        "{label}: the formula in this cell gives the error {value}; fix the formula or type the figure in.",
    ),
    "enum_invalid": (
        '{label}: "{value}" không hợp lệ; chỉ nhận một trong: {allowed}.',
        '{label}: "{value}" is not valid; use one of: {allowed}.',
    ),
    "date_invalid": (
        '{label}: "{value}" không phải ngày (dd/mm/yyyy) hoặc năm.',
        '{label}: "{value}" is not a date (dd/mm/yyyy) or a year.',
    ),
    "task_name_missing": (
        'Nhiệm vụ mới "{task}" cần có tên nhiệm vụ.',
        'New task "{task}" needs a name.',
    ),
    "task_name_differs": (
        'Tên nhiệm vụ "{name}" khác với tên trong danh mục cho mã {task} ("{catalog_name}").',
        'Task name "{name}" differs from the catalog\'s for {task} ("{catalog_name}").',
    ),
    "coordinate_invalid": (
        "{label}: {value} không phải tọa độ hợp lệ (độ thập phân, từ -{limit} đến {limit}). Hãy chép tọa độ từ ứng dụng bản đồ, ví dụ 20,9612.",
        "{label}: {value} is not a valid coordinate (decimal degrees, -{limit} to {limit}). Copy it from a map app, e.g. 20.9612.",
    ),
    "location_incomplete": (
        "Thiếu {label}: vị trí của thôn cần cả vĩ độ và kinh độ (hoặc để trống cả hai).",
        "{label} is missing: a village's location needs both latitude and longitude (or neither).",
    ),
    "location_outside": (
        "Vị trí ({latitude}; {longitude}) nằm ngoài {commune}, cách ranh giới {distance} km. Hãy kiểm tra lại: có thể vĩ độ và kinh độ bị đổi chỗ hoặc gõ nhầm số.",
        "The location ({latitude}; {longitude}) lies outside {commune}, {distance} km from its boundary. Check it: latitude and longitude may be swapped or mistyped.",
    ),
    "exceeds": (
        "{left_label} ({left}) lớn hơn {right_label} ({right}).",
        "{left_label} ({left}) is greater than {right_label} ({right}).",
    ),
    "change_too_large": (
        "{label} thay đổi {change} so với kỳ {previous_period} ({previous} → {value}); hãy kiểm tra lại.",
        "{label} changed by {change} from period {previous_period} ({previous} → {value}); please check.",
    ),
    "value_blank_now": (
        "{label} đã báo cáo ở kỳ {period} nhưng nay để trống; số liệu đã lưu được giữ nguyên.",
        "{label} was reported for period {period} but is blank now; the stored value is kept.",
    ),
    "duplicate_file": (
        "Tệp này đã được nhận (lần nộp số {submission}); không có gì thay đổi.",
        "This file was already accepted (submission {submission}); nothing changed.",
    ),
    "no_data_rows": (
        'Trang tính "{sheet_name}" có tiêu đề Biểu {form} nhưng không có dòng số liệu nào.',
        'Sheet "{sheet_name}" has the headers of form {form} but no data rows.',
    ),
}


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message: str
    message_en: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def as_json(self) -> dict:
        """The CLI's problem object (PRODUCT.md "Command line")."""
        data = asdict(self)
        data.pop("message_en")
        return data

    def sentence(self, lang: str = "vi") -> str:
        """The message without its cell's location: beside a phone page's field, where a cell means nothing."""
        message = self.message if lang == "vi" else self.message_en
        return message.removeprefix(_location(self.row, self.column, lang))


def _location(row: int | None, column: str | None, lang: str) -> str:
    row_word, col_word = ("Dòng", "cột") if lang == "vi" else ("Row", "column")
    if row is not None and column:
        return f"{row_word} {row}, {col_word} {column}: "
    if row is not None:
        return f"{row_word} {row}: "
    if column:
        return f"{col_word.capitalize()} {column}: "
    return ""


def problem(
    code: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    field: str | None = None,
    severity: Severity | None = None,
    **params: object,
) -> Problem:
    """A located Problem whose messages are rendered from MESSAGES[code].

    The severity comes from the catalog's rules unless given (comparison
    rules carry their own).
    """
    vi, en = MESSAGES[code]
    params = {k: _period_words(v) if k in PERIOD_PARAMS else v for k, v in params.items()}
    params_vi = {k: _shown(v[0] if isinstance(v, tuple) else v) for k, v in params.items()}
    params_en = {k: _shown(v[1] if isinstance(v, tuple) else v) for k, v in params.items()}
    return Problem(
        severity=severity or load_catalog().rules.severities[code],
        code=code,
        message=_location(row, column, "vi") + vi.format(**params_vi),
        message_en=_location(row, column, "en") + en.format(**params_en),
        sheet=sheet,
        row=row,
        column=column,
        field=field,
    )


def _period_words(value: object) -> object:
    """A period code as every page and report names it: ('6 tháng 2026', 'H1 2026')."""
    return (period_label(value, "vi"), period_label(value, "en")) if is_code(value) else value


def _shown(value: object) -> object:
    """A value quoted from a cell, cut to a readable length: a cell may hold
    32,767 characters, and a message is read on one line."""
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return value[: MAX_QUOTED - 1].rstrip() + "…"
    return value


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
