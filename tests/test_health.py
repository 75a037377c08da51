"""GET /healthz (web/health.py): 200 while the store answers with the
schema the code expects; 503 with a plain sentence when the database stops
answering or the schema is another one, and 200 again once it is back."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from store import Store
from store.schema import HEAD
from tests.test_store import PG, fresh_postgresql
from web import health


def client_of(store: Store) -> TestClient:
    return TestClient(Starlette(routes=health.routes(store)))


def test_a_store_that_answers_with_the_current_schema_is_healthy(tmp_path):
    answer = client_of(Store(tmp_path / "ok.sqlite")).get("/healthz")
    assert (answer.status_code, answer.json()) == (200, {"status": "ok", "schema": HEAD})
    assert answer.headers["cache-control"] == "no-store"


def test_a_store_at_an_older_schema_is_not(tmp_path):
    Store(tmp_path / "old.sqlite", revision="0005").engine.dispose()
    old = Store.__new__(Store)  # the process of an older release still running, its store upgraded under it: reversed here
    old.engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    answer = client_of(old).get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["message"] == f"Lược đồ kho là 0005, mã nguồn cần {HEAD}: hãy khởi động lại sau khi nâng cấp."


class Relay:
    """A TCP relay to the PostgreSQL server that can be cut and opened
    again on the same port: the database stopping and starting, as the
    app's process sees it (the shared test server itself is never stopped)."""

    def __init__(self, target: int):
        self.target, self.links = target, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.target))
            self.links += [near, far]
            for source, sink in ((near, far), (far, near)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread: close alone leaves the port open
        self.listener.close()
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()
        self.links = []

    def restore(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


@pytest.mark.skipif(not PG, reason="XANH_TEST_PG not set")
def test_a_postgresql_store_that_stops_answering_turns_503_and_back():
    with fresh_postgresql() as url:
        Store(url).engine.dispose()  # the schema, made directly
        target = sa.make_url(url)
        relay = Relay(target.port or 5432)
        try:
            store = Store(target.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False))
            client = client_of(store)
            assert client.get("/healthz").status_code == 200
            relay.cut()
            stopped = client.get("/healthz")
            assert (stopped.status_code, stopped.json()["message"]) == (503, "Kho dữ liệu không trả lời.")
            relay.restore()
            assert client.get("/healthz").status_code == 200  # back
            relay.cut()
            relay.restore()  # stopped and started between two requests: the first one after must not fail
            assert client.get("/healthz").status_code == 200  # the pooled connection is checked before use
            store.engine.dispose()
        finally:
            relay.cut()
