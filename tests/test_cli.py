"""The command line contract of PRODUCT.md: commands, exit codes, JSON shapes."""

from __future__ import annotations

import json
import threading

import pytest

import cli
from tests.filemaker import form01_file, registry_file
from tests.test_store import BASE

PROBLEM_KEYS = {"severity", "sheet", "row", "column", "field", "code", "message"}
FILE_KEYS = {"file", "forms", "periods", "ok", "rows", "problems", "summary"}
METRIC_KEYS = {
    "indicator",
    "period",
    "village",
    "numerator",
    "denominator",
    "value",
    "unit",
    "villages_reporting",
    "target",
    "target_year",
    "status",
    "projection",
    "gap",
}


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    return code, capsys.readouterr().out


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.sqlite"


@pytest.fixture
def files(tmp_path):
    return registry_file(tmp_path / "registry.xlsx"), form01_file(tmp_path / "y2025.xlsx", "NĂM 2025", BASE)


def test_validate_writes_nothing_and_reports_json(capsys, db, files):
    code, out = run(capsys, "--db", db, "validate", files[0], "--json")
    report = json.loads(out)
    assert code == 0 and len(report) == 1 and set(report[0]) == FILE_KEYS
    assert report[0]["forms"] == ["00"] and report[0]["summary"] == {"inserted": 3, "updated": 0, "unchanged": 0}
    code, out = run(capsys, "--db", db, "history", "--json")
    assert json.loads(out) == []


def test_missing_file_is_a_rejected_file(capsys, db, tmp_path):
    code, out = run(capsys, "--db", db, "ingest", tmp_path / "nope.xlsx", "--json")
    (report,) = json.loads(out)
    assert code == 1 and report["ok"] is False
    (problem,) = report["problems"]
    assert set(problem) == PROBLEM_KEYS
    assert (problem["code"], problem["row"], problem["column"], problem["sheet"]) == ("file_missing", None, None, None)


def test_ingest_then_metrics_gives_hand_computed_values(capsys, db, files):
    code, out = run(capsys, "--db", db, "ingest", *files, "--user", "vanphong", "--json")
    assert code == 0 and [r["ok"] for r in json.loads(out)] == [True, True]
    code, out = run(capsys, "--db", db, "metrics", "--period", "2025", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(set(r) == METRIC_KEYS for r in rows)
    ls1 = next(r for r in rows if r["indicator"] == "LS1" and r["village"] is None)
    # (200 + 150 + 100) / (500 + 300 + 400) = 450 / 1200 = 37.5 %
    assert (ls1["numerator"], ls1["denominator"], ls1["value"], ls1["villages_reporting"]) == (450, 1200, 37.5, 3)
    nl1 = next(r for r in rows if r["indicator"] == "NL1" and r["village"] == "V02")
    assert nl1["value"] == pytest.approx(20.0)  # 10 / 50
    code, out = run(capsys, "--db", db, "metrics", "--village", "V03", "--json")
    assert {r["village"] for r in json.loads(out)} == {"V03"}


def test_history_revert_lock_unlock(capsys, db, files):
    run(capsys, "--db", db, "ingest", *files)
    code, out = run(capsys, "--db", db, "history", "--json")
    history = json.loads(out)
    assert [h["forms"] for h in history] == ["01", "00"] and history[0]["user"]
    assert run(capsys, "--db", db, "lock", "2025")[0] == 0
    assert run(capsys, "--db", db, "revert", history[0]["id"])[0] == 1  # locked period
    assert run(capsys, "--db", db, "unlock", "2025")[0] == 0
    code, out = run(capsys, "--db", db, "revert", history[0]["id"])
    assert code == 0 and "hoàn tác" in out
    code, out = run(capsys, "--db", db, "metrics", "--period", "2025", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    "argv", [["frobnicate"], ["metrics", "--period", "2026-H3"], ["metrics", "--colour"], ["lock", "năm nay"]]
)
def test_bad_usage_exits_2(capsys, db, argv):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--db", str(db), *argv])
    assert exc.value.code == 2


def test_a_closed_pipe_is_a_normal_end(tmp_path):
    """`cli.py metrics --json | head -1` (far more than a pipe holds): no
    message, exit 0."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    db = tmp_path / "p.sqlite"
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("XANH_DEBUG", None)
    subprocess.run(
        [sys.executable, "cli.py", "--db", str(db), "seed"], cwd=root, env=env, capture_output=True, check=True, timeout=300
    )
    command = [sys.executable, "cli.py", "--db", str(db), "metrics", "--json"]
    with subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        watchdog = threading.Timer(60, proc.kill)  # a child that never writes cannot hang the suite
        watchdog.start()
        try:
            assert proc.stdout.readline().strip() == b"["
            proc.stdout.close()  # as `head -1` does
            assert (proc.wait(timeout=60), proc.stderr.read()) == (0, b"")
        finally:
            watchdog.cancel()
            proc.kill()


def test_report_suffixes_are_the_writers():
    """cli.py checks --out without importing the report writer."""
    from services.report import WRITERS

    assert set(cli.REPORT_SUFFIXES) == set(WRITERS)


def test_help_imports_no_data_library():
    """`cli.py --help` answers before pandas, SQLAlchemy or Altair load: each
    command imports what it uses (issue: every command paid 2.4 s for all)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    probe = "import sys, cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\nprint(sorted(m for m in ('pandas', 'sqlalchemy', 'altair', 'openpyxl', 'docx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.splitlines()[-1] == "[]"


def test_validate_and_its_worker_import_no_pandas(tmp_path):
    """`cli.py validate FILE` and the worker that reads the file never load
    pandas (a third of their start): values travel as plain columns and a
    frame is made only where one is shown."""
    import subprocess
    import sys
    from pathlib import Path

    from services.seed import SAMPLE_DATA

    root = Path(__file__).resolve().parents[1]
    sample = SAMPLE_DATA / "bieu-01-nam-2025-toan-xa.xlsx"
    probe = (
        "import sys, cli\n"
        "from loaders import sandbox\n"
        f"code = cli.main(['--db', {str(tmp_path / 's.sqlite')!r}, 'validate', {str(sample)!r}])\n"
        "worker = sandbox.shared().run(eval, \"'pandas' in __import__('sys').modules\")\n"
        "print(code, 'pandas' in sys.modules, worker)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.splitlines()[-1] == "1 False False"  # refused (no registry in a new store), read without pandas
