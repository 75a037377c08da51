"""The docs say what the code does: README's commands, command line and
pages (docs/problem-codes.md is checked in test_loaders_units.py)."""

from __future__ import annotations

import re
from pathlib import Path

import cli
from i18n.strings import t
from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_and_the_makefile_has_them():
    assert "make run" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_readme_lists_every_command_of_the_command_line():
    commands = set(cli._parser()._subparsers._group_actions[0].choices)
    listed = set(re.findall(r"`([\w-]+)`", README.split("## Dòng lệnh")[1].split("##")[0]))
    assert commands <= listed, commands - listed


def test_readme_describes_every_page():
    for entry in PAGES:
        assert f"| {t(entry.title)} |" in README, entry.title


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_layout_names_every_benchmark():
    """Each benchmark a reader can run is in the Layout table (make_city.py
    is the city data generator the benchmarks call)."""
    layout = README.split("## Cấu trúc / Layout")[1]
    for script in sorted((ROOT / "bench").glob("*.py")):
        if script.name != "make_city.py":
            assert f"`bench/{script.name}" in layout, script.name


def test_readme_names_the_licence_of_every_pinned_package():
    """A new dependency is added with its licence checked and written down."""
    table = README.split("## Giấy phép / Licence")[1].split("\n## ")[0]
    listed = {name.strip().lower() for row in re.findall(r"^\| ([^|]+) \|", table, re.M) for name in row.split(",")}
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
            name = re.split(r"[=\[<> #]", line.strip(), maxsplit=1)[0]
            if name and not line.startswith(("#", "-r")):
                assert name.lower() in listed, f"{name} ({requirements}) has no licence in the README"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
