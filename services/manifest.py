"""The manifest of an export (`cli.py export-all`): what a store held and
the order it happened in, beside each submission's original file
(docs/archive.md describes the format).

A manifest is read back from a folder anyone may have edited, so it is
checked whole before a rebuild writes anything: its shape (pydantic), that
its steps replay (each submission ingested once, reverted only after,
periods locked and unlocked in turn, program versions in sequence), and its
files' sizes and hashes (services/archive.py).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from catalog.periods import is_code
from store import StoreError

FORMAT = 1  # the manifest's format; a rebuild refuses a newer one
MANIFEST = "manifest.json"
FILES = "files"
MAX_MANIFEST = 256 * 1024 * 1024  # a national store's manifest is tens of megabytes
NAME_BYTES = 150  # of a file's original name, kept in its exported name (filesystems allow 255)
UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')  # separators, controls and what Windows forbids

Name = Annotated[str, Field(max_length=100)]  # a user or a code, as the store's columns bound them
Plain = Annotated[str, Field(pattern=r"^[^./\\:\x00][^/\\:\x00]*$", max_length=255)]  # a file name, no folder or drive


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Commune(Record):
    code: Annotated[str, Field(max_length=8)]
    name: Name
    type: Annotated[str, Field(max_length=20)]
    province: Name
    province_code: int
    added_at: AwareDatetime


class Program(Record):
    commune: str
    version: int
    created_at: AwareDatetime
    created_by: Name
    content: str


class Submission(Record):
    id: int
    commune: str
    file: Plain  # its name in files/
    filename: str  # as it was sent
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, Field(ge=0)]
    user: Name
    created_at: AwareDatetime
    forms: Annotated[str, Field(max_length=40)]
    periods: Annotated[str, Field(max_length=200)]
    rows: int
    inserted: int
    updated: int
    unchanged: int
    state: Literal["accepted", "reverted"]
    reverted_at: AwareDatetime | None = None
    reverted_by: Name | None = None


class Step(Record):
    """One act to replay, by whom and when it was done."""

    commune: str
    action: Literal["ingest", "revert", "lock", "unlock", "program"]
    at: AwareDatetime
    user: Name
    submission: int | None = None  # ingest, revert
    period: str | None = None  # lock, unlock
    version: int | None = None  # program


class Manifest(Record):
    format: int
    schema_revision: str
    exported_at: AwareDatetime
    communes: list[Commune]
    programs: list[Program]
    submissions: list[Submission]
    steps: list[Step]


class ArchiveError(StoreError):
    """An export or rebuild that cannot be done; the message is Vietnamese."""


def file_name(order: int, width: int, sha256: str, original: str) -> str:
    """A submission's name in files/: its order, its hash's start and its
    original name made safe (no folder, no hidden or option-like start,
    bounded; Vietnamese letters kept)."""
    text = UNSAFE.sub("_", unicodedata.normalize("NFC", original)).strip(" .").lstrip("-=+@_.")
    stem, suffix = os.path.splitext(text)
    suffix = suffix[:10]
    stem = stem.encode()[: NAME_BYTES - len(suffix.encode())].decode(errors="ignore").rstrip(" .")
    return f"{order:0{width}d}-{sha256[:12]}-{stem or 'tep'}{suffix}"


def dumped(manifest: Manifest) -> bytes:
    """UTF-8 and indented: a person can read a manifest, and compare two."""
    return json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2).encode() + b"\n"


def read(folder: Path) -> Manifest:
    """The folder's manifest, checked whole (ArchiveError says what is wrong)."""
    path = folder / MANIFEST
    try:
        if path.stat().st_size > MAX_MANIFEST:
            raise ArchiveError(f"Tệp {path} lớn bất thường: đây không phải bản xuất của cli.py export-all.")
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"Không đọc được {path}: thư mục này không phải một bản xuất đầy đủ của cli.py export-all.") from exc
    if not isinstance(raw, dict) or "format" not in raw:
        raise ArchiveError(f"{path} không phải danh mục của một bản xuất cli.py export-all.")
    if raw["format"] != FORMAT:
        raise ArchiveError(f"{path} có định dạng {raw['format']}; phiên bản này chỉ dựng lại được bản xuất định dạng {FORMAT}.")
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise ArchiveError(f"{path} không hợp lệ ở mục {where}: tệp đã bị sửa hoặc bị hỏng.") from exc
    check(manifest)
    return manifest


def check(manifest: Manifest) -> None:
    """ArchiveError unless the steps replay into the submissions, states
    and programs the manifest lists."""
    replay = _Order(manifest)
    for number, step in enumerate(manifest.steps, start=1):
        refusal = replay.refusal(step)
        if refusal:
            raise ArchiveError(f"{MANIFEST} không nhất quán ở bước {number}: {refusal}.")
    refusal = replay.left_out()
    if refusal:
        raise ArchiveError(f"{MANIFEST} không nhất quán: {refusal}.")


class _Order:
    """What the steps have done so far, each checked against it."""

    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self.codes = {c.code for c in manifest.communes}
        self.submissions = {s.id: s for s in manifest.submissions}
        self.programs = {(p.commune, p.version) for p in manifest.programs}
        self.done: dict[str, set[int]] = {"ingest": set(), "revert": set()}
        self.locked: set[tuple[str, str]] = set()
        self.versions: Counter[str] = Counter()

    def refusal(self, step: Step) -> str | None:
        """Why the step cannot follow those before it (None: it can)."""
        if step.commune not in self.codes:
            return f"xã mã {step.commune} không có trong danh sách xã"
        if step.action in self.done:
            return self._submission(step)
        if step.action == "program":
            self.versions[step.commune] += 1
            version = self.versions[step.commune]
            known = step.version == version and (step.commune, version) in self.programs
            return None if known else f"thiếu chương trình phiên bản {version} của xã mã {step.commune}"
        key = (step.commune, step.period or "")
        if not is_code(step.period) or (key in self.locked) == (step.action == "lock"):
            return f"kỳ {step.period} không thể {'khóa' if step.action == 'lock' else 'mở khóa'} lúc này"
        self.locked ^= {key}
        return None

    def _submission(self, step: Step) -> str | None:
        found = self.submissions.get(step.submission)
        done = self.done[step.action]
        if found is None or found.commune != step.commune:
            return f"không có lần nộp số {step.submission} của xã mã {step.commune}"
        if step.submission in done or (step.action == "revert" and step.submission not in self.done["ingest"]):
            return f"lần nộp số {step.submission} được {'nhận' if step.action == 'ingest' else 'hoàn tác'} sai thứ tự"
        done.add(step.submission)
        return None

    def left_out(self) -> str | None:
        """What the manifest lists that no step brings about."""
        subs = self.manifest.submissions
        if len(self.submissions) < len(subs) or len(self.codes) < len(self.manifest.communes):
            return "có hai lần nộp cùng số hoặc hai xã cùng mã"
        missing = [s.id for s in subs if s.id not in self.done["ingest"]]
        wrong = [s.id for s in subs if (s.state == "reverted") != (s.id in self.done["revert"])]
        if missing or wrong:
            return f"lần nộp số {(missing or wrong)[0]} không khớp với các bước"
        unused = len(self.manifest.programs) - sum(self.versions.values())
        return f"{unused} phiên bản chương trình không có bước nào" if unused else None
