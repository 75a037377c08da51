"""What the open data API offers, as one table: each route's path, its
query parameters and the fields of its rows with their types and units.
web/api.py serves and checks requests from it, and the OpenAPI description
(/api/v1/openapi.json) is drawn from it, so the two cannot drift;
docs/api.md says the same for people (tests/test_api.py checks it names
every route and field).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from services import open_data

PREFIX = "/api/v1"


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    example: str
    every: bool = False  # whether ?period=all is accepted


@dataclass(frozen=True)
class Endpoint:
    path: str  # under PREFIX
    name: str  # its operation and the name of its CSV file
    summary: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]

    @property
    def of_commune(self) -> bool:
        return "{code}" in self.path


FORMAT = Param(
    "format", "json (mặc định) hoặc csv (UTF-8 có BOM, dấu phẩy ngăn cột, dấu chấm thập phân, dòng kết thúc CRLF).", "csv"
)
PERIOD = Param(
    "period",
    "Kỳ báo cáo: 2026-H1 (6 tháng đầu năm 2026), 2026 (cả năm 2026), hoặc all (mọi kỳ có số liệu). "
    "Bỏ trống: kỳ mới nhất có số liệu. Kỳ chưa có số liệu: danh sách rỗng.",
    "2026-H1",
    every=True,
)
AS_OF = Param("period", "Kỳ tính đến (2026-H1 hoặc 2026). Bỏ trống: kỳ mới nhất có số liệu.", "2026-H1")
VILLAGE = Param("village", "Mã một thôn trong sổ thôn (Biểu 00) của xã, ví dụ LD01. Bỏ trống: mọi thôn.", "LD01")

ENDPOINTS = (
    Endpoint("/communes", "communes", "Các xã, phường có trong hệ thống", (), tuple(open_data.COMMUNE)),
    Endpoint(
        "/communes/{code}/indicators",
        "indicators",
        "Các chỉ tiêu của một xã trong một kỳ (số của toàn xã)",
        (PERIOD,),
        tuple(open_data.INDICATOR),
    ),
    Endpoint(
        "/communes/{code}/villages",
        "villages",
        "Các chỉ tiêu của từng thôn trong một kỳ",
        (PERIOD, VILLAGE),
        tuple(open_data.VILLAGE),
    ),
    Endpoint("/communes/{code}/tasks", "tasks", "Các nhiệm vụ của một xã, tính đến một kỳ", (AS_OF,), tuple(open_data.TASK)),
    Endpoint(
        "/city/indicators",
        "city",
        "Các chỉ tiêu của mọi xã, phường trong một kỳ (số của toàn xã)",
        (PERIOD,),
        tuple(open_data.CITY),
    ),
)

TEXT, NUMBER, INTEGER, BOOLEAN = "string", "number", "integer", "boolean"
STATUSES = "achieved (đã đạt), on_track (đúng tiến độ), needs_acceleration (cần đẩy nhanh), slow (chậm), backwards (đi lùi), insufficient_data (chưa đủ dữ liệu)"
# Each field: its JSON type and what it means, with its unit.
FIELDS = {
    "code": (TEXT, "Mã xã, phường trong danh mục đơn vị hành chính (sau sắp xếp năm 2025), ví dụ 10903."),
    "name": (TEXT, "Tên xã, phường, ví dụ Xã Cẩm Giàng."),
    "province": (TEXT, "Tỉnh, thành phố của xã, phường."),
    "type": (TEXT, "Loại đơn vị: xã, phường hoặc đặc khu."),
    "commune": (TEXT, "Mã xã, phường (như code của /communes)."),
    "commune_name": (TEXT, "Tên xã, phường."),
    "village": (TEXT, "Mã thôn trong sổ thôn (Biểu 00)."),
    "village_name": (TEXT, "Tên thôn."),
    "indicator": (TEXT, "Mã chỉ tiêu, ví dụ CT1."),
    "name_vi": (TEXT, "Tên đầy đủ của chỉ tiêu (hoặc nhiệm vụ) bằng tiếng Việt."),
    "name_en": (TEXT, "Tên của chỉ tiêu (hoặc nhiệm vụ) bằng tiếng Anh."),
    "sector": (TEXT, "Lĩnh vực: transport, industry, energy, construction, agriculture, lifestyle, governance."),
    "period": (TEXT, "Kỳ báo cáo: 2026-H1 (6 tháng đầu năm) hoặc 2026 (cả năm)."),
    "numerator": (NUMBER, "Tử số: Σ phần của các thôn hoặc dòng sổ, theo numerator_unit."),
    "denominator": (NUMBER, "Mẫu số, theo numerator_unit; null với chỉ tiêu là một tổng."),
    "value": (NUMBER, "Giá trị, theo unit: tử số / mẫu số × 100 với chỉ tiêu tỷ lệ (%), tử số với chỉ tiêu là một tổng."),
    "unit": (TEXT, "Đơn vị của value và target: % với chỉ tiêu tỷ lệ, đơn vị của danh mục với chỉ tiêu là một tổng."),
    "numerator_unit": (TEXT, "Đơn vị của numerator, denominator và gap, ví dụ hộ, ha."),
    "villages_reporting": (INTEGER, "Số thôn có số liệu được tính vào giá trị; null khi biểu không theo thôn."),
    "target": (NUMBER, "Mục tiêu, theo unit; null khi chỉ tiêu không có mục tiêu."),
    "target_year": (INTEGER, "Năm phải đạt mục tiêu."),
    "status": (
        TEXT,
        f"Trạng thái so với mục tiêu, tính đến kỳ của dòng: {STATUSES}; với nhiệm vụ: completed, late, in_progress, not_started, paused, not_reported; null khi không có mục tiêu.",
    ),
    "projection": (NUMBER, "Giá trị dự báo vào năm mục tiêu nếu giữ nhịp hiện nay, theo unit."),
    "gap": (NUMBER, "Phần còn thiếu để đạt mục tiêu, theo numerator_unit (0 khi đã đạt; null khi không có mục tiêu)."),
    "task_id": (TEXT, "Mã nhiệm vụ, ví dụ PL-01."),
    "lead_unit": (TEXT, "Đơn vị chủ trì (nhiều đơn vị ngăn bằng dấu phẩy)."),
    "priority": (BOOLEAN, "Nhiệm vụ trọng tâm (true/false; CSV: True/False)."),
    "indicators": (TEXT, "Các chỉ tiêu đo lường nhiệm vụ, ngăn bằng dấu phẩy, ví dụ LS1, LS2."),
    "new": (BOOLEAN, "Nhiệm vụ do xã bổ sung qua Biểu 04, không có trong chương trình."),
    "computed_completion": (NUMBER, "Mức hoàn thành tính từ chỉ tiêu (%, 0-100)."),
    "completion_indicator": (TEXT, "Chỉ tiêu quyết định mức hoàn thành tính được (chỉ tiêu chậm nhất)."),
    "reported_completion": (NUMBER, "Mức hoàn thành đơn vị báo cáo trong Biểu 04 (%, 0-100)."),
    "reported_status": (TEXT, "Tình trạng đơn vị báo cáo: not_started, in_progress, completed, paused."),
    "completion": (NUMBER, "Mức hoàn thành dùng để đánh giá (%, 0-100): tính được nếu có, không thì số báo cáo."),
    "completion_source": (TEXT, "Nguồn của completion: computed (tính từ chỉ tiêu) hoặc reported (báo cáo)."),
    "last_report_period": (TEXT, "Kỳ gần nhất đơn vị báo cáo nhiệm vụ."),
    "deadline": (TEXT, "Hạn hoàn thành, ngày theo ISO 8601 (YYYY-MM-DD)."),
    "late": (BOOLEAN, "Đã quá hạn mà chưa hoàn thành."),
    "stale": (BOOLEAN, "Quá 6 tháng chưa báo cáo."),
    "reporting_unit": (TEXT, "Đơn vị đã báo cáo nhiệm vụ trong Biểu 04."),
    "result": (TEXT, "Kết quả đơn vị báo cáo (chữ)."),
    "issues": (TEXT, "Khó khăn, vướng mắc đơn vị báo cáo (chữ)."),
}


@functools.cache
def openapi() -> dict:
    """The OpenAPI 3.1 description of every route in ENDPOINTS."""
    error = {"$ref": "#/components/schemas/error"}
    schemas = {e.name: _row_schema(e) for e in ENDPOINTS}
    schemas["error"] = {
        "type": "object",
        "properties": {"error": {"type": TEXT, "description": "Lý do, tiếng Việt."}, "error_en": {"type": TEXT}},
        "required": ["error", "error_en"],
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Số liệu mở: bảng theo dõi chuyển đổi xanh cấp xã",
            "version": "1",
            "description": "Chỉ đọc. JSON (mặc định) hoặc CSV (?format=csv). Mỗi câu trả lời có ETag: gửi lại trong "
            "If-None-Match thì nhận 304 khi số liệu chưa đổi. Khi máy chủ đặt XANH_API_TOKEN, mọi yêu cầu phải có "
            "Authorization: Bearer <mã>. Xem docs/api.md.",
        },
        "paths": {PREFIX + e.path: {"get": _operation(e, error)} for e in ENDPOINTS},
        "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
    }


def _row_schema(endpoint: Endpoint) -> dict:
    properties = {c: {"type": [FIELDS[c][0], "null"], "description": FIELDS[c][1]} for c in endpoint.columns}
    return {"type": "object", "properties": properties, "required": list(endpoint.columns)}


def _operation(endpoint: Endpoint, error: dict) -> dict:
    code = [{"name": "code", "in": "path", "required": True, "schema": {"type": TEXT}, "example": "10903"}]
    query = [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "schema": {"type": TEXT},
            "description": p.description,
            "example": p.example,
        }
        for p in (*endpoint.params, FORMAT)
    ]
    rows = {"type": "array", "items": {"$ref": f"#/components/schemas/{endpoint.name}"}}
    refusals = {"400": "Tham số sai", "401": "Thiếu hoặc sai mã truy cập", "429": "Quá nhiều yêu cầu"}
    if endpoint.of_commune:
        refusals["404"] = "Không có xã, phường (hoặc thôn) này"
    return {
        "operationId": endpoint.name,
        "summary": endpoint.summary,
        "parameters": (code if endpoint.of_commune else []) + query,
        "responses": {
            "200": {
                "description": "Các dòng; CSV: dòng đầu là tên các trường.",
                "content": {"application/json": {"schema": rows}, "text/csv": {"schema": {"type": TEXT}}},
            },
            "304": {"description": "Số liệu chưa đổi từ ETag đã gửi trong If-None-Match."},
            **{k: {"description": v, "content": {"application/json": {"schema": error}}} for k, v in refusals.items()},
        },
    }
