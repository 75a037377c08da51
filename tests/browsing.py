"""A dashboard server and a browser for the browser tests and the crowd
benchmark (bench/crowd.py): `cli.py serve` on a store, as `make run` starts
it (the dashboard and the phone pages on one port), and the flags headless
Chromium needs in a container."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("XANH_CHROMIUM", "/usr/bin/chromium"))  # Debian's package; CI installs it
PROBLEMS = '[data-testid="stException"], [data-testid="stAlertContentError"], [role="dialog"]'  # what a user must never see
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 60  # s, server up and answering /_stcore/health

# The app is connected and its script has finished (run in the page).
IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app
        && app.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
}"""


class ServerError(Exception):
    """The server exited or never answered; the message holds its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(
    folder: Path, db: str | None = None, account: tuple[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`cli.py serve` on a store (an SQLite file in `folder`, or the URL
    `db`), with an editor account (name, password) when given; its base URL
    and process. No page has been requested when it is handed over."""
    port = free_port()
    env = {**os.environ, "XANH_DB": db or str(folder / "xanh.sqlite"), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    if account:
        subprocess.run(
            [sys.executable, "cli.py", "adduser", account[0], "--password-stdin"],
            input=account[1] + "\n",
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    log_path = folder / "streamlit.log"
    command = [sys.executable, "cli.py", "serve", "--port", str(port), "--address", "127.0.0.1"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base, proc, log_path)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_healthy(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise ServerError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise ServerError(f"streamlit not healthy after {START_TIMEOUT} s:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)
