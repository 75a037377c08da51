"""The open data API (/api/v1, web/api.py) over HTTP with Starlette's test
client: the figures `cli.py metrics` and `cli.py tasks` give, as JSON and
as a CSV that Excel's Power Query reads (BOM, header as documented, dot
decimals; parsed with the csv module and pandas); a repeated request
answered 304 until the data changes; a token when one is set; every wrong
request a plain sentence; text from files never a formula. The last test
asks a real `cli.py serve` (tests/browsing.py)."""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
from pathlib import Path

import httpx2
import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from commands.output import records
from services import open_data
from services.communes import add
from services.ingest import ingest_file
from services.queries import METRIC_COLUMNS, indicator_table, task_table
from store import Store
from tests.browsing import serving
from tests.filemaker import form01_file
from tests.test_hostile_text import csv_bytes
from tests.test_store import db_url  # noqa: F401 (a fixture: SQLite, and PostgreSQL where XANH_TEST_PG is set)
from web import api
from web.api_spec import ENDPOINTS, FIELDS, PREFIX, openapi
from web.guard import Limiter, SecurityHeaders

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = "/api/v1/communes/10903/indicators"
HEADER = (
    "indicator,name_vi,name_en,sector,period,numerator,denominator,value,unit,"
    "villages_reporting,target,target_year,status,projection,gap,numerator_unit"
)
TOKEN = "thu-7f3a9c1e5b"


@pytest.fixture
def store(seeded_file, tmp_path) -> Store:
    shutil.copy(seeded_file, tmp_path / "api.sqlite")
    return Store(tmp_path / "api.sqlite")


@pytest.fixture
def client(store, monkeypatch) -> TestClient:
    monkeypatch.setattr(api, "PER_ADDRESS", Limiter(api.PER_ADDRESS.limit, 60))  # each test's own counts
    monkeypatch.delenv(api.TOKEN, raising=False)
    return TestClient(Starlette(routes=api.routes(store), middleware=[Middleware(SecurityHeaders)]))


def commune_rows(store: Store, period: str) -> list[dict]:
    table = indicator_table(store, period)
    return records(table[table["village"].isna()], METRIC_COLUMNS)


def refused(answer, status: int) -> str:
    """The sentence of a refusal, checked to be one (JSON, no traceback)."""
    assert answer.status_code == status and answer.headers["content-type"] == "application/json"
    assert "Traceback" not in answer.text and set(answer.json()) == {"error", "error_en"}
    return answer.json()["error"]


def test_a_communes_indicators_are_the_figures_of_cli_metrics(client, store):
    answer = client.get(INDICATORS + "?period=2026-H1")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    rows = answer.json()
    expected = commune_rows(store, "2026-H1")
    assert [{k: r[k] for k in METRIC_COLUMNS if k != "village"} for r in rows] == [
        {k: v for k, v in r.items() if k != "village"} for r in expected
    ]
    ct4 = next(r for r in rows if r["indicator"] == "CT4")
    assert (ct4["name_vi"], ct4["name_en"], ct4["unit"], ct4["numerator_unit"]) == (
        "Tỷ lệ CTR sinh hoạt được thu gom, xử lý đạt quy chuẩn",
        "Share of household solid waste collected and treated to standard",
        "%",
        "tấn/ngày",
    )
    assert client.get(INDICATORS).json() == rows  # the newest period with data is 2026-H1
    every = client.get(INDICATORS + "?period=all").json()
    assert len(every) == len(records(indicator_table(store).query("village.isna()"))) and every[0]["period"] == "2023"
    assert client.get(INDICATORS + "?period=2031").json() == []  # a period without data: nothing, not an error


def test_the_csv_loads_as_power_query_reads_it(client, store):
    answer = client.get(INDICATORS + "?period=2026-H1&format=csv")
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="xanh-10903-indicators-2026-H1.csv"'
    body = answer.content
    assert body.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n") and body.count(b"\r\n") == body.count(b"\n")
    expected = commune_rows(store, "2026-H1")
    read = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [r["indicator"] for r in read] == [r["indicator"] for r in expected]
    ct2 = next(r for r in read if r["indicator"] == "CT2")
    assert ct2["value"] == repr(next(r["value"] for r in expected if r["indicator"] == "CT2")) == "78.96103896103897"
    assert (ct2["villages_reporting"], ct2["target_year"], ct2["numerator"]) == ("3", "2030", "608000.0")
    frame = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    assert ",".join(frame.columns) == HEADER and frame["value"].dtype == "float64"
    assert frame["target_year"].dropna().tolist() == [r["target_year"] for r in expected if r["target_year"] is not None]
    assert frame["value"].tolist() == pytest.approx([r["value"] for r in expected], nan_ok=True)


def test_a_repeated_request_is_answered_304_until_the_data_changes(client, store, monkeypatch, tmp_path):
    first = client.get(INDICATORS)
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "public, no-cache"
    made = []
    original = open_data.indicators
    monkeypatch.setattr(open_data, "indicators", lambda *a: made.append(a) or original(*a))
    again = client.get(INDICATORS, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag and made == []
    assert client.get(INDICATORS + "?format=csv", headers={"If-None-Match": tag}).status_code == 200  # another table
    assert len(made) == 1
    report = ingest_file(store, form01_file(tmp_path / "2026.xlsx", "NĂM 2026", {"Nghĩa Phú": {"households_total": 670}}), "t")
    assert report.ok
    changed = client.get(INDICATORS, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag and len(made) == 2
    assert changed.json() == []  # the newest period is now 2026, where no figure can be made yet (as the dashboard says)


def test_a_token_when_the_server_sets_one(client, monkeypatch):
    monkeypatch.setenv(api.TOKEN, TOKEN)
    bare = client.get(INDICATORS)
    assert refused(bare, 401).startswith("Cần mã truy cập") and bare.headers["www-authenticate"] == 'Bearer realm="xanh"'
    refused(client.get(INDICATORS, headers={"Authorization": "Bearer sai"}), 401)
    signed = {"Authorization": f"Bearer {TOKEN}"}
    answer = client.get(INDICATORS, headers=signed)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "private, no-cache"
    assert "access-control-allow-origin" not in answer.headers
    tag = answer.headers["etag"]
    refused(client.get(INDICATORS, headers={"If-None-Match": tag}), 401)  # a 304 says the data is unchanged: token first
    assert client.get(INDICATORS, headers={**signed, "If-None-Match": tag}).status_code == 304
    assert "«token»" in refused(client.get(INDICATORS + f"?token={TOKEN}", headers=signed), 400)  # never in an address
    assert client.get(PREFIX + "/openapi.json").status_code == 200  # the description holds no figure


@pytest.mark.parametrize(
    ("address", "sentence"),
    [
        (
            INDICATORS + "?period=2026-H2",
            "Kỳ báo cáo «2026-H2» không đúng: ghi 2026-H1 (6 tháng đầu năm 2026), 2026 (cả năm 2026), hoặc all (mọi kỳ).",
        ),
        (
            "/api/v1/communes/10903/tasks?period=all",
            "Kỳ báo cáo «all» không đúng: ghi 2026-H1 (6 tháng đầu năm 2026), 2026 (cả năm 2026).",
        ),
        (INDICATORS + "?format=xlsx", "Tham số format chỉ nhận json hoặc csv."),
        (INDICATORS + "?peroid=2026", "Địa chỉ này không có tham số «peroid»; các tham số dùng được: period, format."),
        (INDICATORS + "?period=2026&period=2025", "Tham số «period» chỉ ghi một lần, không quá 64 ký tự."),
        (INDICATORS + "?period=" + "9" * 65, "Tham số «period» chỉ ghi một lần, không quá 64 ký tự."),
        ("/api/v1/communes?period=2026", "Địa chỉ này không có tham số «period»; các tham số dùng được: format."),
    ],
)
def test_a_wrong_parameter_is_a_plain_400(client, address, sentence):
    assert refused(client.get(address), 400) == sentence


def test_unknown_communes_villages_addresses_and_methods(client):
    assert refused(client.get("/api/v1/communes/99999/indicators"), 404) == "Không có xã, phường mã 99999 trong hệ thống."
    village = client.get("/api/v1/communes/10903/villages?village=ZZ99")
    assert refused(village, 404) == "Sổ thôn (Biểu 00) của xã không có thôn mã ZZ99."
    for address in ("/api/v1/nowhere", "/api/v2/communes", "/api"):
        assert refused(client.get(address), 404).startswith("Không có địa chỉ này trong API")
    posted = client.post(INDICATORS, content=b"x")
    assert refused(posted, 405) == "API chỉ cho đọc số liệu (GET)." and posted.headers["allow"] == "GET, HEAD"


def test_an_unexpected_failure_is_a_sentence_and_logged_without_the_token(client, monkeypatch, caplog):
    monkeypatch.setenv(api.TOKEN, TOKEN)

    def broken(*_):
        raise RuntimeError("chi tiết bên trong")

    monkeypatch.setattr(open_data, "indicators", broken)
    with caplog.at_level(logging.ERROR, logger="xanh"):
        answer = client.get(INDICATORS, headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused(answer, 500).startswith("Máy chủ gặp lỗi khi lấy số liệu") and "chi tiết" not in answer.text
    assert "chi tiết bên trong" in caplog.text and TOKEN not in caplog.text


def test_too_many_requests_from_one_address(client, monkeypatch):
    monkeypatch.setattr(api, "PER_ADDRESS", Limiter(2, 60))
    assert [client.get("/api/v1/communes").status_code for _ in range(2)] == [200, 200]
    third = client.get("/api/v1/communes")
    assert refused(third, 429).startswith("Quá nhiều yêu cầu") and third.headers["retry-after"] == "60"


def test_villages_and_tasks_are_the_dashboards_figures(client, store):
    table = indicator_table(store, "2026-H1")
    expected = records(table[table["village"].notna()], METRIC_COLUMNS)
    rows = client.get("/api/v1/communes/10903/villages?period=2026-H1").json()
    assert [{k: r[k] for k in METRIC_COLUMNS} for r in rows] == expected
    assert next(r["village_name"] for r in rows if r["village"] == "LD01") == "Lương Xá"
    one = client.get("/api/v1/communes/10903/villages?period=2026-H1&village=LD01").json()
    assert one == [r for r in rows if r["village"] == "LD01"] and one
    tasks = client.get("/api/v1/communes/10903/tasks?period=2026-H1").json()
    wanted = records(task_table(store, "2026-H1"))
    assert [t["task_id"] for t in tasks] == [t["task_id"] for t in wanted]
    pl01, first = tasks[0], wanted[0]
    assert (pl01["name_vi"], pl01["completion"], pl01["indicators"], pl01["period"]) == (
        first["name"],
        first["completion"],
        ", ".join(first["indicators"]),
        "2026-H1",
    )


def test_the_city_holds_every_commune_with_figures(client, store):
    tag = client.get("/api/v1/communes").headers["etag"]
    add(store, "2008")  # registered, no data yet
    communes = client.get("/api/v1/communes", headers={"If-None-Match": tag})
    assert communes.status_code == 200 and communes.headers["etag"] != tag  # a commune more is a change
    assert [(c["code"], c["name"]) for c in communes.json()] == [("10903", "Xã Cẩm Giàng"), ("2008", "Xã Cẩm Giàng")]
    rows = client.get("/api/v1/city/indicators?period=2026-H1").json()
    mine = {
        r["indicator"]: (r["value"], r["status"], r["villages_reporting"]) for r in commune_rows(store.scoped("10903"), "2026-H1")
    }
    assert {r["indicator"]: (r["value"], r["status"], r["villages_reporting"]) for r in rows} == mine
    assert {r["commune"] for r in rows} == {"10903"} and rows[0]["province"] == "Thành phố Hải Phòng"
    every = client.get("/api/v1/city/indicators?period=all&format=csv")
    assert pd.read_csv(io.BytesIO(every.content), encoding="utf-8-sig")["period"].unique().tolist() == [
        "2023",
        "2024",
        "2025",
        "2026-H1",
    ]


def test_tables_over_every_commune_stand_at_the_newest_change_of_any(db_url, monkeypatch):  # noqa: F811
    store = Store(db_url)
    add(store, "10903")
    add(store, "2008")
    mine, other = store.scoped("10903"), store.scoped("2008")
    before = open_data.store_change(store)
    other.lock("2026-H1", "lan")
    assert open_data.store_change(store) != before and open_data.store_change(store).startswith(f"{other.last_change()}:")
    assert open_data.commune_change(mine) == "10903:0"
    monkeypatch.delenv(api.TOKEN, raising=False)
    client = TestClient(Starlette(routes=api.routes(store)))
    assert client.get("/api/v1/communes/2008/indicators").json() == [] and client.get("/api/v1/city/indicators").json() == []


def test_text_from_files_never_comes_back_as_a_formula(tmp_path, monkeypatch):
    hostile = Store(tmp_path / "hostile.sqlite")
    files = {
        "00.csv": [["Mã thôn", "Tên thôn"], ["H1", '=HYPERLINK("http://example.invalid","x")'], ["H2", "-Xóm Giữa"]],
        "01.csv": [
            ["BÁO CÁO 6 THÁNG ĐẦU NĂM 2026"],
            ["Tên thôn", "Tổng số hộ", "Số hộ ký cam kết phân loại rác tại nguồn"],
            ['=HYPERLINK("http://example.invalid","x")', 100, 50],
            ["-Xóm Giữa", 80, 20],
        ],
    }
    for name, rows in files.items():
        (tmp_path / name).write_bytes(csv_bytes(rows))
        assert ingest_file(hostile, tmp_path / name, user="t").ok
    monkeypatch.delenv(api.TOKEN, raising=False)
    client = TestClient(Starlette(routes=api.routes(hostile)))
    body = client.get(f"/api/v1/communes/{hostile.commune}/villages?format=csv").content.decode("utf-8-sig")
    names = {r["village"]: r["village_name"] for r in csv.DictReader(io.StringIO(body, newline=""))}
    assert names == {"H1": '\'=HYPERLINK("http://example.invalid","x")', "H2": "'-Xóm Giữa"}
    as_json = client.get(f"/api/v1/communes/{hostile.commune}/villages").json()
    assert {r["village_name"] for r in as_json} == {'=HYPERLINK("http://example.invalid","x")', "-Xóm Giữa"}  # data, as written


def test_the_description_and_the_docs_name_every_route_and_field(client, store):
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    described = client.get(PREFIX + "/openapi.json")
    assert described.status_code == 200 and described.json() == openapi()
    served = {r.path for r in api.routes(store)} - {PREFIX + "/openapi.json", "/api", "/api/{rest:path}"}
    assert set(openapi()["paths"]) == served == {PREFIX + e.path for e in ENDPOINTS}
    assert client.get(PREFIX + "/openapi.json", headers={"If-None-Match": described.headers["etag"]}).status_code == 304
    for endpoint in ENDPOINTS:
        assert f"`{PREFIX}{endpoint.path}`" in docs, endpoint.path
        assert ",".join(endpoint.columns) in docs, endpoint.name  # the CSV header, as documented
        for column in endpoint.columns:
            assert column in FIELDS and f"| `{column}` |" in docs, column
    assert "Csv.Document" in docs and "Encoding = 65001" in docs and '"en-US"' in docs


def test_the_running_server_answers_the_api_gzipped_and_304_on_repeat(seeded_file, tmp_path):
    shutil.copy(seeded_file, tmp_path / "xanh.sqlite")
    with serving(tmp_path) as (base, _), httpx2.Client(base_url=base, timeout=30) as http:
        address = INDICATORS + "?format=csv"
        raw = http.get(address, headers={"Accept-Encoding": "gzip"})
        assert raw.status_code == 200 and raw.headers["content-encoding"] == "gzip"
        assert raw.headers["x-frame-options"] == "DENY" and raw.headers["etag"].startswith('W/"')
        frame = pd.read_csv(io.BytesIO(raw.content), encoding="utf-8-sig")  # the client undid the gzip
        assert ",".join(frame.columns) == HEADER and len(frame) == len(commune_rows(Store(tmp_path / "xanh.sqlite"), "2026-H1"))
        assert int(raw.headers["content-length"]) < len(raw.content)  # sent compressed
        again = http.get(address, headers={"If-None-Match": raw.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        nowhere = http.get("/api/v1/nowhere")
        assert nowhere.status_code == 404 and json.loads(nowhere.content)["error"].startswith("Không có địa chỉ này")
