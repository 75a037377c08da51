"""The store kept as plain files and rebuilt from them (`cli.py export-all`,
`cli.py rebuild`, services/archive.py): a store rebuilt from an export
gives the same history (ids aside), figures of every period and commune,
city results, audit trail, locks and programs, from SQLite and PostgreSQL
into either; a folder that is not exactly what the export wrote, or a
target that holds data, is refused with nothing written; file names never
leave the folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

import cli
from services import entries, links
from services.ingest import ingest_file
from services.manifest import file_name
from services.plain import records
from services.results import refresh_stale
from services.seed import seed
from store import Store
from store import archive as whole
from store.communes import read_results, stale
from tests.filemaker import form01_file, registry_file
from tests.test_store import PG, fresh_postgresql

CAM_GIANG, THUY_NGUYEN = "10903", "11560"
H1 = "2026-H1"
IN_TIME = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)  # a 2026-H1 phone link is open then
TYPED = {"households_total": "670", "households_committed": "360", "households_sorting": "250", "waste_generated": "1,5"}
REGISTRY_NAME = "..\\..\\etc\\danh-mục.xlsx"  # no folder on Linux, one on Windows
FORMULA_NAME = "=cmd|' -C calc'!A0.xlsx"
KINDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG, reason="XANH_TEST_PG not set"))]


@contextlib.contextmanager
def fresh(kind: str, folder: Path) -> Iterator[str]:
    """A new empty store's --db: an SQLite file (not there yet) or a new PostgreSQL database."""
    if kind == "sqlite":
        yield str(folder / f"new-{len(list(folder.glob('new-*')))}.sqlite")
        return
    with fresh_postgresql() as url:
        yield url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@dataclass
class Exported:
    kind: str
    db: str
    folder: Path


@pytest.fixture(scope="module", params=KINDS)
def exported(request, seeded_file, tmp_path_factory) -> Iterator[Exported]:
    """The sample store, then a phone entry accepted, a revert, a period
    locked and unlocked, a second commune with two program versions and
    files under hostile names, a period left locked; and its export."""
    folder = tmp_path_factory.mktemp(f"source-{request.param}")
    with fresh(request.param, folder) as db:
        if request.param == "sqlite":
            shutil.copy(seeded_file, db)
        else:
            assert all(r.ok for r in seed(Store(db)))
        _act(db, folder)
        assert cli.main(["--db", db, "export-all", str(folder / "export")]) == 0
        yield Exported(request.param, db, folder / "export")


def _act(db: str, folder: Path) -> None:
    store = Store(db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "now", lambda: IN_TIME)
        (issued,) = links.issue(store, H1, ["PD03"], None, "lan", "https://xa.example.vn")
        mine, link = links.opened(store, issued.url.rsplit("/", 1)[1])
        assert entries.accept(mine, entries.receive(mine, link, TYPED, "k").entry.id, "lan").ok
    cao_xa = next(r["id"] for r in store.submissions().to_dict("records") if r["filename"].endswith("thon-cao-xa.xlsx"))
    for argv in (["revert", str(cao_xa)], ["lock", "2025"], ["unlock", "2025"]):
        assert cli.main(["--db", db, *argv, "--user", "lan"]) == 0
    assert cli.main(["--db", db, "commune", "add", THUY_NGUYEN]) == 0
    other = ["--db", db, "--commune", THUY_NGUYEN]
    assert cli.main([*other, "ingest", str(registry_file(folder / REGISTRY_NAME)), "--user", "hoa"]) == 0
    for target in (60, 80):
        program = folder / "program.yaml"
        program.write_text(f"targets:\n  LS1: {{target: {target}, target_year: 2027}}\n", encoding="utf-8")
        assert cli.main([*other, "commune", "program", str(program), "--user", "hoa"]) == 0
        if target == 60:
            figures = {"An Lạc": {"households_total": 200, "households_committed": 130}}
            data = form01_file(folder / "01.xlsx", "NĂM 2025", figures).read_bytes()
            assert ingest_file(store.scoped(THUY_NGUYEN), data, FORMULA_NAME, user="hoa").ok
    untitled = form01_file(folder / "khong-ghi-ky.xlsx", "", {"Bình Minh": {"households_total": 90, "households_committed": 45}})
    assert cli.main([*other, "ingest", str(untitled), "--period", H1, "--user", "hoa"]) == 0  # the period as the sender chose it
    assert cli.main(["--db", db, "--commune", CAM_GIANG, "lock", H1, "--user", "lan"]) == 0
    store.engine.dispose()


def seen(capsys, db: str, as_instants: bool) -> dict:
    """What the command line and the city page show of each commune:
    history (ids aside; times as instants when two kinds of database are
    compared), metrics of every period and of each, results; and the
    audit trail (submission ids as the submissions' hashes), locks,
    programs and communes as stored."""
    shown, hashes = {}, {}
    for code in (CAM_GIANG, THUY_NGUYEN):
        on = ["--db", db, "--commune", code]
        history = json.loads(run(capsys, *on, "history", "--json")[1])
        hashes |= {r["id"]: r["sha256"] for r in history}
        figures = json.loads(run(capsys, *on, "metrics", "--json")[1])
        shown[code] = {
            "history": [
                {k: instant(v) if as_instants and k.endswith("_at") else v for k, v in r.items() if k != "id"} for r in history
            ],
            "metrics": figures,
            "by period": {
                p: json.loads(run(capsys, *on, "metrics", "--period", p, "--json")[1]) for p in {r["period"] for r in figures}
            },
        }
    store = Store(db)
    refresh_stale(store)  # as the city page does first
    shown["results"] = records(read_results(store, [CAM_GIANG, THUY_NGUYEN]).sort_values(["commune", "indicator", "period"]))
    with whole.snapshot(store) as conn:
        for table in ("events", "programs", "communes"):
            rows = whole.rows(conn, table, None)
            shown[table] = [{k: instant(v) for k, v in r.items() if k not in ("id", "results_change")} for r in rows]
        shown["locks"] = sorted(
            (r.commune, r.period, r.locked_by, instant(r.locked_at)) for r in conn.execute(sa.text("select * from locks"))
        )
    for event in shown["events"]:
        event["submission_id"] = hashes.get(event["submission_id"])
    store.engine.dispose()
    return shown


def instant(value):
    """A time, read back from either database or printed, as an aware UTC datetime."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value


@pytest.mark.parametrize("target", KINDS)
def test_a_rebuilt_store_shows_what_the_exported_one_did(exported, target, tmp_path, capsys):
    with fresh(target, tmp_path) as db:
        code, out, err = run(capsys, "--db", db, "rebuild", str(exported.folder))
        assert (code, err) == (0, "")
        assert stale(Store(db)) == []  # the city page's results made by the rebuild
        assert out == (
            f"Đã dựng lại kho từ {exported.folder}: 2 xã, phường; 24 lần nộp, 1 lần hoàn tác, "
            "2 lần khóa và 1 lần mở khóa kỳ, 2 phiên bản chương trình.\n"
        )
        rebuilt, original = seen(capsys, db, target != exported.kind), seen(capsys, exported.db, target != exported.kind)
    assert rebuilt == original
    mine = rebuilt[THUY_NGUYEN]
    assert [(r["filename"], r["user"], r["state"]) for r in mine["history"]] == [
        ("khong-ghi-ky.xlsx", "hoa", "accepted"),
        (FORMULA_NAME, "hoa", "accepted"),
        (REGISTRY_NAME, "hoa", "accepted"),
    ]
    assert {r["target"] for r in mine["metrics"] if r["indicator"] == "LS1"} == {80.0}  # the second program version
    assert [(r["action"], r["commune"]) for r in rebuilt["events"][-5:]] == [
        ("program", THUY_NGUYEN),
        ("ingest", THUY_NGUYEN),
        ("program", THUY_NGUYEN),
        ("ingest", THUY_NGUYEN),
        ("lock", CAM_GIANG),
    ]
    assert len(rebuilt["results"]) > 0 and rebuilt["locks"][0][:3] == (CAM_GIANG, H1, "lan")


def test_every_file_is_exported_with_its_bytes_under_a_safe_name(exported, capsys):
    manifest = json.loads((exported.folder / "manifest.json").read_text(encoding="utf-8"))
    files = exported.folder / "files"
    assert sorted(p.name for p in exported.folder.iterdir()) == ["files", "manifest.json"]
    assert sorted(p.name for p in files.iterdir()) == sorted(s["file"] for s in manifest["submissions"])
    store = Store(exported.db)
    for order, record in enumerate(manifest["submissions"], start=1):
        data = (files / record["file"]).read_bytes()
        kept = store.scoped(record["commune"]).submission(record["id"])
        assert data == kept["content"] and hashlib.sha256(data).hexdigest() == record["sha256"] == kept["sha256"]
        assert record["file"].startswith(f"{order:04d}-{record['sha256'][:12]}-") and len(data) == record["size"]
    store.engine.dispose()
    odd = {s["filename"]: s["file"][len("0000-") + 13 :] for s in manifest["submissions"] if s["commune"] == THUY_NGUYEN}
    assert odd == {
        REGISTRY_NAME: "etc_danh-mục.xlsx",
        FORMULA_NAME: "cmd_' -C calc'!A0.xlsx",
        "khong-ghi-ky.xlsx": "khong-ghi-ky.xlsx",
    }
    assert (manifest["format"], manifest["schema_revision"]) == (1, "0007")
    assert [c["code"] for c in manifest["communes"]] == [CAM_GIANG, THUY_NGUYEN]
    reverted = [s for s in manifest["submissions"] if s["state"] == "reverted"]
    assert [(s["filename"], s["reverted_by"]) for s in reverted] == [("bieu-01-6thang-2026-thon-cao-xa.xlsx", "lan")]
    assert [s["action"] for s in manifest["steps"]].count("ingest") == 24
    phone = next(s for s in manifest["submissions"] if s["user"].startswith("điện thoại"))
    assert (phone["filename"], phone["periods"]) == ("dien-thoai-PD03-2026-H1-lien-ket-1.xlsx", H1)


def test_an_export_goes_only_into_a_new_or_empty_folder(exported, tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "ghi-chu.txt").write_text("của người khác", encoding="utf-8")
    code, out, err = run(capsys, "--db", exported.db, "export-all", str(taken))
    assert (code, out) == (1, "") and err == f"{taken} đã có nội dung: hãy xuất vào một thư mục mới hoặc còn trống.\n"
    assert [p.name for p in taken.iterdir()] == ["ghi-chu.txt"]
    code, out, _ = run(capsys, "--db", exported.db, "--commune", THUY_NGUYEN, "export-all", str(tmp_path / "one"))
    assert code == 0 and out.startswith("Đã xuất 3 lần nộp của 1 xã, phường")
    manifest = json.loads((tmp_path / "one" / "manifest.json").read_text(encoding="utf-8"))
    assert {s["commune"] for s in manifest["steps"]} == {c["code"] for c in manifest["communes"]} == {THUY_NGUYEN}
    assert [p.name for p in (tmp_path / "one").iterdir() if p.name.endswith(".tmp")] == []


def test_names_are_made_safe_and_kept_in_the_folder():
    sha = "ab" * 32
    assert file_name(3, 4, sha, "../../etc/x.xlsx") == "0003-abababababab-etc_x.xlsx"
    assert file_name(12345, 4, sha, ".bashrc") == "12345-abababababab-bashrc"
    assert file_name(1, 4, sha, "-rf *") == "0001-abababababab-rf _"
    assert file_name(1, 4, sha, "...") == "0001-abababababab-tep"
    long = file_name(1, 4, sha, unicodedata.normalize("NFD", "Báo cáo Đồng Khê " * 20) + ".xlsx")
    assert long.startswith("0001-abababababab-Báo cáo Đồng Khê") and long.endswith(".xlsx")
    assert len(long.encode()) <= 18 + 150 and unicodedata.is_normalized("NFC", long)


def copied(exported: Exported, tmp_path: Path) -> Path:
    return Path(shutil.copytree(exported.folder, tmp_path / "export"))


def edit_manifest(folder: Path, change) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def first_file(folder: Path) -> Path:
    return sorted((folder / "files").iterdir())[0]


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100] ^= 1
    path.write_bytes(bytes(data))


def swap_steps(manifest: dict) -> None:
    """The revert before the ingest it undoes."""
    steps = manifest["steps"]
    revert = next(i for i, s in enumerate(steps) if s["action"] == "revert")
    ingest = next(i for i, s in enumerate(steps) if s["action"] == "ingest" and s["submission"] == steps[revert]["submission"])
    steps[revert], steps[ingest] = steps[ingest], steps[revert]


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (lambda f: flip_a_byte(first_file(f)), "đã bị sửa"),
        (lambda f: first_file(f).unlink(), "Thiếu tệp files/0001-"),
        (
            lambda f: edit_manifest(f, lambda m: m["submissions"][0].update(file="../../etc/passwd")),
            "không hợp lệ ở mục submissions.0.file",
        ),
        (
            lambda f: edit_manifest(f, lambda m: m["submissions"][0].update(file="C:bao-cao.xlsx")),  # a Windows drive
            "không hợp lệ ở mục submissions.0.file",
        ),
        (lambda f: edit_manifest(f, swap_steps), "không nhất quán ở bước"),
        (lambda f: edit_manifest(f, lambda m: m.update(format=2)), "chỉ dựng lại được bản xuất định dạng 1"),
        (lambda f: (f / "manifest.json").unlink(), "không phải một bản xuất đầy đủ"),
    ],
    ids=["altered", "missing", "outside", "drive", "order", "newer", "no-manifest"],
)
def test_a_folder_not_as_exported_is_refused_with_nothing_written(exported, tmp_path, capsys, spoil, said):
    folder = copied(exported, tmp_path)
    spoil(folder)
    with fresh(exported.kind, tmp_path) as db:
        code, out, err = run(capsys, "rebuild", str(folder), "--db", db)
        assert (code, out) == (1, "") and said in err and "Lỗi không mong đợi" not in err
        if exported.kind == "sqlite":
            assert not Path(db).exists()
        else:
            assert sa.inspect(sa.create_engine(db)).get_table_names() == []


def test_a_store_that_holds_data_is_not_rebuilt_over(exported, tmp_path, capsys):
    before = run(capsys, "--db", exported.db, "--commune", CAM_GIANG, "history", "--json")
    code, out, err = run(capsys, "--db", exported.db, "rebuild", str(exported.folder))
    assert (code, out) == (1, "")
    assert err == "Kho đích đã có dữ liệu (2 xã, 24 lần nộp): hãy dựng lại vào một kho mới, còn trống.\n"
    assert run(capsys, "--db", exported.db, "--commune", CAM_GIANG, "history", "--json") == before
    code, _, err = run(capsys, "--db", str(tmp_path / "new.sqlite"), "--commune", CAM_GIANG, "rebuild", str(exported.folder))
    assert code == 2 and "bỏ --commune" in err and not (tmp_path / "new.sqlite").exists()


def test_an_unknown_commune_is_refused_before_the_folder_is_made(exported, tmp_path, capsys):
    code, out, err = run(capsys, "--db", exported.db, "--commune", "10105", "export-all", str(tmp_path / "none"))
    assert (code, out) == (1, "") and err == "Xã mã 10105 chưa được đăng ký trong kho: không có gì để xuất.\n"
    assert not (tmp_path / "none").exists()


def test_a_rebuild_stopped_by_an_unexpected_error_says_the_target_holds_part(exported, tmp_path, capsys, monkeypatch):
    """Not only the store's own refusals: any error in the replay says what
    is true (part of the archive is in the new store), never "nothing changed"."""
    from services import archive

    def failing(self, *args, **kwargs):
        raise KeyError("ct9")

    monkeypatch.setattr(archive._Replay, "run", failing)
    with fresh(exported.kind, tmp_path) as db:
        code, out, err = run(capsys, "rebuild", str(exported.folder), "--db", db)
    assert (code, out) == (1, "")
    assert err == "Dựng lại bị dừng giữa chừng ('ct9'). Kho đích mới được dựng lại một phần: hãy xóa kho đó trước khi dựng lại.\n"
