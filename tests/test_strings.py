"""Every page string exists in Vietnamese and English, with the same
placeholders, and every key the code asks for is defined."""

from __future__ import annotations

import re
import string
from pathlib import Path

from i18n.strings import STRINGS

ROOT = Path(__file__).resolve().parents[1]
USED = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_with_the_same_placeholders():
    for key, (vi, en) in STRINGS.items():
        assert vi.strip() and en.strip(), key
        assert fields(vi) == fields(en), key


def test_every_key_used_is_defined():
    sources = [*ROOT.glob("app.py"), *ROOT.glob("views/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("charts/*.py")]
    used = {key for path in sources for key in USED.findall(path.read_text(encoding="utf-8"))}
    assert used and used <= set(STRINGS), used - set(STRINGS)


def test_every_status_has_its_words_and_colour():
    from charts import STATUS_COLOURS
    from metrics.pace import STATUSES
    from metrics.tasks import EXTRA_STATUSES

    assert tuple(STATUS_COLOURS) == STATUSES
    assert {f"status_{s}" for s in (*STATUSES, "none")} | {f"task_{s}" for s in EXTRA_STATUSES} <= set(STRINGS)
