"""A store kept as plain files, and rebuilt from them (PRODUCT.md
`export-all DIR`, `rebuild DIR`): the backup no database format can break.

The export writes every submission's original file into DIR/files and then
manifest.json (services/manifest.py): the communes with their official
names, their programs, the submissions and the acts to replay, in the
order the store's audit trail (events) recorded them. The rebuild checks
the whole folder before it writes anything, then replays each act through
the very code that first did it (ingest, revert, lock, unlock, program), at
the time and under the name recorded, so the history, the figures and the
city's results come out as they were; only ids are new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from pathlib import Path

from catalog import using
from catalog.programs import ProgramError
from catalog.units import Unit
from services.communes import catalog_of, check_program, set_program
from services.ingest import MAX_BYTES, ingest_file
from services.manifest import (
    FILES,
    FORMAT,
    MANIFEST,
    ArchiveError,
    Commune,
    Manifest,
    Program,
    Step,
    Submission,
    check,
    dumped,
    file_name,
    read,
)
from store import Store, StoreError
from store import archive as whole
from store import communes as registry
from store.schema import HEAD
from store.sql import aware

# ----- export -------------------------------------------------------------------


def export_all(store: Store, folder: Path, commune: str | None = None) -> Manifest:
    """Write every submission's file (of one commune, or of all), then the
    manifest: a crash leaves files without a manifest, never a manifest
    naming files that are not there."""
    with whole.snapshot(store) as conn:
        manifest = _manifest(conn, commune)
        check(manifest)
        files = _new_folder(folder)
        for record in manifest.submissions:
            _write(files / record.file, whole.content(conn, record.id))
    _write(folder / f"{MANIFEST}.tmp", dumped(manifest))
    os.replace(folder / f"{MANIFEST}.tmp", folder / MANIFEST)
    _sync(folder)
    return manifest


def _new_folder(folder: Path) -> Path:
    """The export's files/ in a folder that is new or empty."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ArchiveError(f"{folder} đã có nội dung: hãy xuất vào một thư mục mới hoặc còn trống.")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILES).mkdir()
    return folder / FILES


def _manifest(conn, commune: str | None) -> Manifest:
    """What the store holds, read in one snapshot."""
    communes = [c for c in whole.rows(conn, "communes", None) if commune is None or c["code"] == registry.code_of(commune)]
    if commune is not None and not communes:
        raise ArchiveError(f"Xã mã {commune} chưa được đăng ký trong kho: không có gì để xuất.")
    codes = [c["code"] for c in communes]
    subs = whole.rows(conn, "submissions", codes)
    width = max(4, len(str(len(subs))))
    programs = whole.rows(conn, "programs", codes)
    return Manifest(
        format=FORMAT,
        schema_revision=HEAD,
        exported_at=dt.datetime.now(dt.UTC),
        communes=[_record(Commune, c) for c in communes],
        programs=[_record(Program, p) for p in programs],
        submissions=[
            _record(Submission, s, file=file_name(n, width, s["sha256"], s["filename"])) for n, s in enumerate(subs, start=1)
        ],
        steps=_steps(whole.rows(conn, "events", codes), subs, programs),
    )


def _steps(events: list[dict], subs: list[dict], programs: list[dict]) -> list[Step]:
    """The audit trail as acts to replay, each at the time its own row
    records (a submission's, a revert's, a program's), else the event's."""
    by_id = {s["id"]: s for s in subs}
    made = {(p["commune"], p["version"]): p for p in programs}
    versions: Counter[str] = Counter()
    steps = []
    for event in events:
        commune, action = event["commune"], event["action"]
        if action in ("ingest", "revert"):
            row, column = by_id.get(event["submission_id"]), "created_at" if action == "ingest" else "reverted_at"
            act = {"submission": event["submission_id"]}
        elif action == "program":
            versions[commune] += 1
            row, column, act = made.get((commune, versions[commune])), "created_at", {"version": versions[commune]}
        else:
            row, column, act = None, "", {"period": event["period"]}
        at = (row or {}).get(column) or event["at"]
        steps.append(Step(commune=commune, action=action, at=aware(at), user=event["user"], **act))
    return steps


def _record(model: type, row: dict, **extra):
    """A manifest record from a row: the model's fields, times in UTC."""
    return model(**{k: aware(row[k]) for k in model.model_fields if k in row}, **extra)


def _write(path: Path, data: bytes) -> None:
    """A new file, on disk before the next is written; never over an existing one."""
    with open(path, "xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _sync(folder: Path) -> None:
    """The folder's entries (the manifest's new name) on disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ----- rebuild ------------------------------------------------------------------

REFUSED = "không dựng lại từ bản xuất này, kho đích chưa được ghi gì."


def rebuild(db: str | None, folder: Path) -> Manifest:
    """Replay an export into an empty store. The folder is checked whole
    first (manifest, every file's size and hash, programs): a fault there
    writes nothing, not even the target's schema."""
    manifest = read(folder)
    for record in manifest.submissions:
        _original(folder, record)
    for program in manifest.programs:
        _valid_program(program, manifest)
    store = Store(db)
    held = whole.holdings(store)
    if any(held.values()):
        raise ArchiveError(
            f"Kho đích đã có dữ liệu ({held['communes']} xã, {held['submissions']} lần nộp): "
            "hãy dựng lại vào một kho mới, còn trống."
        )
    try:
        _Replay(store, folder, manifest).run()
    except Exception as exc:  # whatever stopped it, the target holds part of the archive: say so
        said = str(exc) if isinstance(exc, StoreError) else f"Dựng lại bị dừng giữa chừng ({exc})."
        raise ArchiveError(f"{said} Kho đích mới được dựng lại một phần: hãy xóa kho đó trước khi dựng lại.") from exc
    return manifest


def _original(folder: Path, record: Submission) -> bytes:
    """A submission's file, exactly as the manifest describes it."""
    path = folder / FILES / record.file
    where = f"{FILES}/{record.file} (lần nộp số {record.id})"
    if path.is_symlink() or not path.is_file():
        raise ArchiveError(f"Thiếu tệp {where} mà {MANIFEST} ghi: {REFUSED}")
    data = path.read_bytes() if path.stat().st_size == record.size else b""
    if len(data) != record.size or hashlib.sha256(data).hexdigest() != record.sha256:
        raise ArchiveError(f"Tệp {where} đã bị sửa (cỡ tệp hoặc mã SHA-256 khác {MANIFEST}): {REFUSED}")
    return data


def _valid_program(program: Program, manifest: Manifest) -> None:
    """The program applies to the shared catalog as the code running now has it."""
    unit = _unit(next(c for c in manifest.communes if c.code == program.commune))
    try:
        check_program(unit, program.content)
    except ProgramError as exc:
        raise ArchiveError(f"Chương trình phiên bản {program.version} của xã mã {program.commune} không hợp lệ: {exc}") from exc


def _unit(commune: Commune) -> Unit:
    return Unit(commune.code, commune.name, commune.type, commune.province, commune.province_code)


class _Replay:
    """The manifest's acts replayed in order, each at its recorded time."""

    def __init__(self, store: Store, folder: Path, manifest: Manifest) -> None:
        self.store, self.folder, self.manifest = store, folder, manifest
        self.submissions = {s.id: s for s in manifest.submissions}
        self.programs = {(p.commune, p.version): p for p in manifest.programs}
        self.ids: dict[int, int] = {}  # a submission's id in the export -> in the rebuilt store
        self.scoped: dict[str, Store] = {}  # one per commune: its catalog is read again only when it changes

    def run(self) -> None:
        from services.results import refresh  # pandas and the metrics: the export needs neither

        for commune in self.manifest.communes:
            registry.register(self.store.stamped(commune.added_at), _unit(commune))
            self.scoped[commune.code] = self.store.scoped(commune.code)
        for step in self.manifest.steps:
            with using(catalog_of(self.scoped[step.commune])):
                self._act(self.scoped[step.commune].stamped(step.at), step)
        for mine in self.scoped.values():
            refresh(mine)  # the city page's results

    def _act(self, store: Store, step: Step) -> None:
        if step.action == "ingest":
            self.ids[step.submission] = self._ingest(store, self.submissions[step.submission])
        elif step.action == "revert":
            store.revert(self.ids[step.submission], step.user)
        elif step.action == "program":
            set_program(store, self.programs[(step.commune, step.version)].content, step.user)
        else:
            (store.lock if step.action == "lock" else store.unlock)(step.period, step.user)

    def _ingest(self, store: Store, record: Submission) -> int:
        """The file ingested again; it must come out as it did the first
        time (same forms, periods, rows and counts). The period a sender
        chose applies only to a file that names none, and an accepted file
        then holds that one period: it is given again as such."""
        period = record.periods if record.periods and "," not in record.periods else None
        report = ingest_file(
            store, _original(self.folder, record), record.filename, period, record.user, max(MAX_BYTES, record.size)
        )
        counts = {"inserted": record.inserted, "updated": record.updated, "unchanged": record.unchanged}
        same = (",".join(report.forms), ",".join(report.periods), report.rows, report.summary) == (
            record.forms,
            record.periods,
            record.rows,
            counts,
        )
        if report.submission_id is None or not same:
            errors = [p.sentence() for p in report.problems if p.severity == "error"]
            reason = errors[0] if errors else "kết quả (biểu, kỳ, số dòng thêm mới, cập nhật, không đổi) khác lúc nhận."
            raise StoreError(f"Không dựng lại được lần nộp số {record.id} ({record.filename}) như lúc nhận: {reason}")
        return report.submission_id
