"""The shipped deployment (deploy/), started as a whole: the nginx site as
shipped (only its ports, certificate and paths swapped for the test's) is
checked by a real nginx (`nginx -t`) and serves two app processes on one
PostgreSQL store: a page with its scripts compressed and a first visit
under 1 MB, the phone page (its token kept out of the access log), the
open data API (a refresh answered 304), the health check, and a file
imported in Chromium through nginx seen by the other process.

Needs nginx (Debian's package), PostgreSQL (XANH_TEST_PG) and Chromium;
skipped without them unless XANH_REQUIRE_NGINX=1 (.ci/run sets it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.seed import seed
from store import Store
from tests.browsing import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port
from tests.test_browser import PAGE_TIMEOUT, running_server, sign_in_and_import, wait_until_idle
from tests.test_store import PG, fresh_postgresql
from web.static import static_dir

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "xanh.conf"
HEADERS = ROOT / "deploy" / "nginx" / "xanh-headers.conf"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def _missing() -> str | None:
    if not Path(NGINX).is_file():
        return "nginx is missing (apt-get install nginx)"
    if not PG:
        return "XANH_TEST_PG is not set"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing"
    return None


@pytest.fixture(scope="module", autouse=True)
def required():
    reason = _missing()
    if reason and os.environ.get("XANH_REQUIRE_NGINX") == "1":
        pytest.fail(f"XANH_REQUIRE_NGINX=1 but {reason}", pytrace=False)
    if reason:
        pytest.skip(reason)


def site_for_test(folder: Path, backends: tuple[int, int], http: int, https: int) -> str:
    """The shipped site with the test's ports, certificate and paths; each
    swap must find what it replaces (the file's shape is what is tested)."""
    swaps = [
        ("server 127.0.0.1:8501;", f"server 127.0.0.1:{backends[0]};"),
        ("server 127.0.0.1:8502;", f"server 127.0.0.1:{backends[1]};"),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/bang.haiphong.gov.vn/fullchain.pem", str(folder / "cert.pem")),
        ("/etc/letsencrypt/live/bang.haiphong.gov.vn/privkey.pem", str(folder / "key.pem")),
        ("/etc/nginx/snippets/xanh-headers.conf", str(HEADERS)),
        ("/srv/xanh/.venv/lib/python3.11/site-packages/streamlit/static/static/", f"{static_dir() / 'static'}/"),
    ]
    text = SITE.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text, f"deploy/nginx/xanh.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


def self_signed(folder: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def nginx_conf(folder: Path, backends: tuple[int, int], http: int, https: int) -> Path:
    """A main configuration around the site, everything under `folder`."""
    self_signed(folder)
    (folder / "site.conf").write_text(site_for_test(folder, backends, http, https), encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = folder / "nginx.conf"
    conf.write_text(
        f"daemon off; master_process off; pid {folder / 'nginx.pid'}; error_log {folder / 'error.log'};\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; default_type application/octet-stream; {temp}\n"
        f"  access_log {folder / 'access.log'}; include {folder / 'site.conf'}; }}\n",
        encoding="utf-8",
    )
    return conf


@contextlib.contextmanager
def nginx(conf: Path, port: int) -> Iterator[None]:
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(conf.parent)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while not _listening(port):
            assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode(errors="replace")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Iterator[tuple[str, str, str, Path, str]]:
    """nginx in front of two app processes on one PostgreSQL store: the
    public address, each process's own address, nginx's folder, the store."""
    folder = tmp_path_factory.mktemp("deploy")
    with fresh_postgresql() as db:
        store = Store(db)
        assert all(report.ok for report in seed(store))
        store.engine.dispose()
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        with running_server(folder / "a", db) as first, running_server(folder / "b", db, account=False) as second:
            ports = (int(first.rsplit(":", 1)[1]), int(second.rsplit(":", 1)[1]))
            http, https = free_port(), free_port()
            conf = nginx_conf(folder, ports, http, https)
            checked = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(folder)], capture_output=True, text=True)
            assert checked.returncode == 0 and "syntax is ok" in checked.stderr, checked.stderr
            with nginx(conf, https):
                yield f"https://127.0.0.1:{https}", first, second, folder, db


def client():
    import httpx2

    return httpx2.Client(verify=False, timeout=30)


def test_the_health_check_and_a_plain_address_through_nginx(deployed):
    public, *_ = deployed
    with client() as http:
        health = http.get(f"{public}/healthz")
        assert (health.status_code, health.json()["status"]) == (200, "ok")
        assert health.headers["strict-transport-security"] == "max-age=31536000"
        plain = http.get(public.replace("https", "http").rsplit(":", 1)[0] + f":{_http_port(deployed)}/tom-tat")
        assert plain.status_code == 301 and plain.headers["location"].startswith("https://")


def _http_port(deployed) -> int:
    text = (deployed[3] / "site.conf").read_text(encoding="utf-8")
    return int(text.split("listen 127.0.0.1:", 1)[1].split(";", 1)[0])


def test_a_new_phone_fetches_under_1_mb_compressed(deployed):
    """Debian's nginx compresses only HTML unless told: scripts went out raw."""
    from playwright.sync_api import sync_playwright

    public, *_ = deployed
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(ignore_https_errors=True, locale="vi-VN", **PHONE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes, encodings = {}, {}
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.on(
            "Network.responseReceived",
            lambda e: encodings.__setitem__(e["response"]["url"], e["response"]["headers"].get("content-encoding")),
        )
        page.goto(public)
        page.locator(".xanh-status-row .xanh-badge").last.wait_for(timeout=PAGE_TIMEOUT)  # through the websocket
        wait_until_idle(page)
        browser.close()
    scripts = {url.split("/static/", 1)[1]: coding for url, coding in encodings.items() if url.endswith(".js")}
    raw = [
        name for name, coding in scripts.items() if coding != "gzip" and (static_dir() / "static" / name).stat().st_size >= 1024
    ]
    assert len(scripts) > 40 and not raw, raw  # under gzip_min_length (1 KB) a script is not worth compressing
    assert sum(sizes.values()) < 1_000_000, sum(sizes.values())


def test_a_phone_page_through_nginx_keeps_its_token_out_of_the_log(deployed):
    from services.links import open_period

    public, _, _, folder, db = deployed
    issued = subprocess.run(
        [sys.executable, "cli.py", "--db", db, "link", "issue", "--period", open_period(), "--base-url", public, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    url = json.loads(issued.stdout)[0]["url"]
    with client() as http:
        page = http.get(url)
    assert page.status_code == 200 and "<form" in page.text
    token = url.rsplit("/", 1)[1]
    assert token not in (folder / "access.log").read_text(encoding="utf-8")


def test_a_file_imported_through_nginx_is_seen_by_the_other_process(deployed, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.filemaker import form01_file
    from tests.test_pages_data import GOOD, H1

    public, first, second, *_ = deployed
    with client() as http:
        before = http.get(f"{second}/tom-tat?xa=10903").text
        assert "14/15 thôn đã báo cáo" in before
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(ignore_https_errors=True, locale="vi-VN", viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{public}/du-lieu")
        wait_until_idle(page)
        sign_in_and_import(page, form01_file(tmp_path / "nghia-phu.xlsx", H1, GOOD), tmp_path)
        browser.close()
    with client() as http:  # the sticky process took it; each process, asked directly, shows it
        for process in (first, second):
            assert "15/15 thôn đã báo cáo" in http.get(f"{process}/tom-tat?xa=10903").text, process


def test_the_open_data_api_through_nginx_answers_a_refresh_with_304(deployed):
    public, *_ = deployed
    with client() as http:
        communes = http.get(f"{public}/api/v1/communes")
        assert communes.status_code == 200 and "10903" in [c["code"] for c in communes.json()]
        table = http.get(f"{public}/api/v1/communes/10903/indicators?format=csv", headers={"Accept-Encoding": "gzip"})
        assert (
            table.status_code == 200
            and table.content.startswith("\ufeff".encode())
            and table.headers["content-encoding"] == "gzip"
        )
        again = http.get(
            f"{public}/api/v1/communes/10903/indicators?format=csv", headers={"If-None-Match": table.headers["etag"]}
        )
        assert again.status_code == 304 and again.content == b""
