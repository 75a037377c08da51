"""What the product writes for people, opened in a real office program
(LibreOffice, headless, from Debian's packages): the periodic report reads
as Vietnamese, its outline steps one level at a time and it names its
signer; a template's hostile names stay text when a spreadsheet program
opens it (no formula computed).

Needs soffice on the PATH. Without it the tests are skipped, unless
XANH_REQUIRE_OFFICE=1 (set by .ci/run, which installs it), where they fail.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from services.report import write as write_report
from services.templates import template_for
from tests.test_hostile_text import HOSTILE, PERIOD
from tests.test_hostile_text import store as hostile_store  # noqa: F401 (a fixture)

SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """convert(path, format) -> the converted file, by LibreOffice."""
    if SOFFICE is None:
        if os.environ.get("XANH_REQUIRE_OFFICE") == "1":
            pytest.fail(
                "XANH_REQUIRE_OFFICE=1 but soffice is missing: install libreoffice-writer-nogui and libreoffice-calc-nogui"
            )
        pytest.skip("soffice is missing (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(path: Path, fmt: str) -> Path:
        command = [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(path.parent),
            str(path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        return path.with_suffix("." + fmt.split(":")[0])

    return convert


def test_the_report_opens_as_vietnamese_with_its_outline_and_signer(seeded_file, tmp_path, office):
    from store import Store

    store_path = tmp_path / "s.sqlite"
    shutil.copy(seeded_file, store_path)
    flat = office(write_report(Store(store_path), PERIOD, tmp_path / "bao-cao.docx"), "fodt").read_text(encoding="utf-8")
    assert 'fo:language="vi" fo:country="VN"' in flat and 'fo:language="en"' not in flat
    levels = [int(level) for level in re.findall(r'<text:h[^>]*text:outline-level="(\d)"', flat)]
    assert levels[0] == 1 and all(after - before <= 1 for before, after in zip(levels, levels[1:])), levels
    text = re.sub(r"<[^>]+>", " ", flat[flat.index("CHỦ TỊCH") :])
    assert text.split()[2:6] == ["[Họ", "và", "tên", "người"]  # 'CHỦ TỊCH', then the signer's name to write in


def test_a_template_opened_in_a_spreadsheet_program_shows_the_names(hostile_store, tmp_path, office):  # noqa: F811
    path = tmp_path / "bieu-00.xlsx"
    path.write_bytes(template_for(hostile_store, "00", None))
    rows = list(csv.reader(io.StringIO(office(path, "csv:Text - txt - csv (StarCalc):44,34,76").read_text(encoding="utf-8"))))
    cells = {cell for row in rows for cell in row}
    assert {name for _, name, _ in HOSTILE} <= cells  # as written: not a link's "x", not "2" for +SUM(1,1)
    assert {"+SUM(1,1)", "=1+1", "@SUM(A1)"} <= cells  # the aliases too: "=1+1" would read 2 if it were a formula
