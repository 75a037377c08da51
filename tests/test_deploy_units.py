"""The systemd units of deploy/ run commands the command line accepts, as
the user and in the folder the nginx site and the docs name."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

import cli
from tests.browsing import ROOT

UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.*"))
INSTALL = "/srv/xanh"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def test_the_units_are_the_app_processes_the_backup_and_its_timer():
    assert [u.name for u in UNITS] == ["xanh-backup.service", "xanh-backup.timer", "xanh@.service"]
    timer = unit(ROOT / "deploy" / "systemd" / "xanh-backup.timer")
    assert timer["Timer"]["OnCalendar"].endswith("Asia/Ho_Chi_Minh") and timer["Timer"]["Persistent"] == "true"


@pytest.mark.parametrize("path", [u for u in UNITS if u.suffix == ".service"], ids=lambda u: u.name)
def test_a_service_runs_a_command_the_command_line_accepts(path):
    service = unit(path)["Service"]
    program, script, *argv = shlex.split(service["ExecStart"].replace("%i", "8501"))
    assert (program, script) == (f"{INSTALL}/.venv/bin/python", "cli.py")
    assert service["WorkingDirectory"] == INSTALL and service["User"] == "xanh"
    cli._parser().parse_args(argv)  # exits (fails the test) on an option the command line does not have
    assert service["EnvironmentFile"] == "/etc/xanh/xanh.env" and service["ReadWritePaths"] == f"{INSTALL}/data"


def test_the_nginx_site_serves_the_installed_streamlit_and_the_units_ports():
    site = (ROOT / "deploy" / "nginx" / "xanh.conf").read_text(encoding="utf-8")
    assert f"alias {INSTALL}/.venv/lib/python3.11/site-packages/streamlit/static/static/;" in site
    assert (
        "server 127.0.0.1:8501;" in site
        and "--address 127.0.0.1" in unit(ROOT / "deploy" / "systemd" / "xanh@.service")["Service"]["ExecStart"]
    )
    example = (ROOT / "deploy" / "xanh.env.example").read_text(encoding="utf-8")
    assert "XANH_DB=postgresql+psycopg://" in example and "XANH_BASE_URL=https://" in example
