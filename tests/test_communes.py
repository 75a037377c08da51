"""Many communes in one store (PRODUCT.md "Communes and the city"): units
from the official list, the command line's commune commands and choice,
data that never crosses communes, each commune's own program, editors
kept to their communes, and the city's figures equal to each commune's.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import docx
import pandas as pd
import pytest

import cli
from catalog import load_catalog, using
from catalog.units import UnitError, find
from services import city
from services.accounts import Editor
from services.communes import NotAllowed, add, catalog_of
from services.data_desk import process_upload, revert, set_lock
from services.ingest import ingest_file
from services.queries import indicator_table
from services.report import write as write_report
from services.results import refresh_stale
from store import CommuneChoice, Store
from tests.filemaker import VILLAGES, form01_file, registry_file
from tests.test_store import db_url  # noqa: F401 (a fixture: SQLite and PostgreSQL)

CAM_GIANG, THAI_NGUYEN, THUY_NGUYEN = "10903", "2008", "11560"  # Xã Cẩm Giàng (Hải Phòng and Thái Nguyên), Phường Thủy Nguyên
FIGURES = {
    CAM_GIANG: {"An Lạc": {"households_total": 100, "households_committed": 50}},
    THAI_NGUYEN: {"An Lạc": {"households_total": 400, "households_committed": 100}},
    THUY_NGUYEN: {"An Lạc": {"households_total": 200, "households_committed": 180}},
}


def test_units_come_from_the_official_list():
    unit = find("10903")
    assert (unit.name, unit.province, unit.type) == ("Xã Cẩm Giàng", "Thành phố Hải Phòng", "xã")
    assert find("Xã Cẩm Giàng, Thái Nguyên").code == THAI_NGUYEN
    assert find("xa cam giang, thai nguyen").code == THAI_NGUYEN  # without diacritics, when nothing fits with them
    with pytest.raises(UnitError) as twice:
        find("Xã Cẩm Giàng")
    assert {u.code for u in twice.value.candidates} == {CAM_GIANG, THAI_NGUYEN}
    with pytest.raises(UnitError):
        find("99999")


@pytest.fixture
def city_store(db_url, tmp_path):  # noqa: F811
    """Three communes, each with the same village codes and its own figures."""
    store = Store(db_url)
    for query in (CAM_GIANG, "Xã Cẩm Giàng, Thái Nguyên", "Phường Thủy Nguyên, Hải Phòng"):
        add(store, query)
    for code, figures in FIGURES.items():
        mine = store.scoped(code)
        with using(catalog_of(mine)):
            assert ingest_file(mine, registry_file(tmp_path / f"00-{code}.xlsx"), user="t").ok
            assert ingest_file(mine, form01_file(tmp_path / f"01-{code}.xlsx", "NĂM 2025", figures), user="t").ok
    yield store
    store.engine.dispose()


def metrics_of(store: Store, code: str) -> pd.DataFrame:
    mine = store.scoped(code)
    with using(catalog_of(mine)):
        return indicator_table(mine)


def test_a_communes_data_never_shows_in_anothers(city_store):
    ls1 = {code: metrics_of(city_store, code).query("indicator == 'LS1' and village.isna()")["value"].item() for code in FIGURES}
    assert ls1 == {CAM_GIANG: 50.0, THAI_NGUYEN: 25.0, THUY_NGUYEN: 90.0}
    for code in FIGURES:
        mine = city_store.scoped(code)
        totals = mine.current_values().query("field == 'households_total'")["num"]
        assert list(totals) == [FIGURES[code]["An Lạc"]["households_total"]]
        assert len(mine.submissions()) == 2 and mine.value_sources()["submission_id"].isin(mine.submissions()["id"]).all()


def test_the_command_line_needs_a_commune_when_there_are_several(city_store, capsys):
    db = city_store.url
    assert cli.main(["--db", db, "metrics", "--json"]) == 2
    error = capsys.readouterr().err
    assert all(code in error for code in FIGURES)
    assert cli.main(["--db", db, "--commune", THAI_NGUYEN, "metrics", "--period", "2025", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["value"] for r in rows if r["indicator"] == "LS1" and r["village"] is None} == {25.0}
    assert cli.main(["--db", db, "commune", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["code"], u["type"]) for u in listed] == [("10903", "xã"), ("11560", "phường"), ("2008", "xã")]
    assert set(listed[0]) == {"code", "name", "province", "type"}
    assert cli.main(["--db", db, "commune", "add", "Xã Cẩm Giàng"]) == 1
    assert "khớp với nhiều đơn vị" in capsys.readouterr().err
    assert cli.main(["--db", db, "--commune", "011560", "history", "--json"]) == 0  # a code as written, leading zero and all
    capsys.readouterr()
    assert cli.main(["--db", db, "--commune", "10105", "history"]) == 1  # on the list, not in this store
    assert capsys.readouterr().err.startswith("Xã mã 10105 chưa được đăng ký trong kho")


@pytest.mark.parametrize(("given", "said"), [("99999", "Không có đơn vị hành chính mã 99999"), ("abc", '"abc"')])
def test_a_commune_not_on_the_list_is_a_plain_refusal(tmp_path, capsys, given, said):
    assert cli.main(["--db", str(tmp_path / "new.sqlite"), "--commune", given, "history"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(said if given.isdigit() else "Không có đơn vị hành chính") and said in error
    assert "Lỗi không mong đợi" not in error


def test_an_editor_of_one_commune_is_refused_on_another(city_store, tmp_path):
    lan = Editor("lan", frozenset({CAM_GIANG}))
    other = city_store.scoped(THAI_NGUYEN)
    data = form01_file(tmp_path / "x.xlsx", "NĂM 2025", {"An Lạc": {"households_total": 999}}).read_bytes()
    before = other.submissions()
    with pytest.raises(NotAllowed):
        process_upload(other, data, "x.xlsx", None, 20, editor=lan)
    with pytest.raises(NotAllowed):
        revert(other, lan, int(before["id"].iloc[0]))
    with pytest.raises(NotAllowed):
        set_lock(other, lan, "2025", True)
    assert other.submissions().equals(before) and not other.locked_periods()
    mine = city_store.scoped(CAM_GIANG)
    with using(catalog_of(mine)):
        assert process_upload(mine, data, "x.xlsx", None, 20, editor=lan).ok


def test_each_commune_follows_its_own_program(city_store, tmp_path, capsys):
    program = tmp_path / "program.yaml"
    program.write_text(
        "targets:\n  LS1: {target: 60, target_year: 2027}\ncommune:\n  signer_name: Trần Văn Bình\n", encoding="utf-8"
    )
    db = city_store.url
    assert cli.main(["--db", db, "--commune", THUY_NGUYEN, "commune", "program", str(program)]) == 0
    assert "phiên bản 1" in capsys.readouterr().out
    mine = metrics_of(city_store, THUY_NGUYEN).query("indicator == 'LS1' and village.isna()").iloc[0]
    theirs = metrics_of(city_store, CAM_GIANG).query("indicator == 'LS1' and village.isna()").iloc[0]
    assert (mine["target"], mine["target_year"], mine["status"]) == (60.0, 2027, "achieved")
    assert (theirs["target"], theirs["target_year"]) == (100.0, 2030)
    mine_store = city_store.scoped(THUY_NGUYEN)
    assert catalog_of(mine_store).commune.signer_name == "Trần Văn Bình"
    with using(catalog_of(mine_store)):
        document = docx.Document(write_report(mine_store, "2025", tmp_path / "r.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Mục tiêu và nhiệm vụ theo chương trình của xã, phiên bản 1 (" in text and "Ủy ban nhân dân phường Thủy Nguyên" in text
    program.write_text("targets:\n  XX9: {target: 1}\n", encoding="utf-8")
    assert cli.main(["--db", db, "--commune", THUY_NGUYEN, "commune", "program", str(program)]) == 1
    assert "targets.XX9" in capsys.readouterr().err
    for wrong, said in [
        ("commune: [1]\n", "commune: phải là một bảng YAML"),
        ("tasks: {a: 1}\n", "tasks: phải là một danh sách"),
    ]:
        program.write_text(wrong, encoding="utf-8")
        assert cli.main(["--db", db, "--commune", THUY_NGUYEN, "commune", "program", str(program)]) == 1
        assert said in capsys.readouterr().err
    assert cli.main(["--db", db, "--commune", THUY_NGUYEN, "commune", "program", str(tmp_path / "none.yaml")]) == 1
    assert capsys.readouterr().err.startswith(f"Không đọc được tệp {tmp_path / 'none.yaml'}: hãy kiểm tra đường dẫn")


def test_the_city_shows_each_communes_own_figures(city_store):
    refresh_stale(city_store)
    units = city.communes(city_store)
    rows = city.headline(city_store, units, "2025")
    export = city.every_indicator(city_store, units, "2025")
    for code in FIGURES:
        own = metrics_of(city_store, code).query("period == '2025' and village.isna()").set_index("indicator")
        exported = export[export["commune"] == code].set_index("indicator")
        assert set(exported.index) == set(own.index) and own["value"].notna().any()
        for indicator, row in own.iterrows():
            assert exported.loc[indicator, "value"] == pytest.approx(row["value"], nan_ok=True)
            assert exported.loc[indicator, "status"] == row["status"]
        shown = rows[rows["code"] == code].set_index("indicator")
        assert len(shown) == sum(i.headline for i in load_catalog().indicators)
        for indicator, row in shown.iterrows():  # the grid: a commune's figure, or none where it has none
            figure = own["value"].get(indicator)
            assert row["value"] == pytest.approx(figure, nan_ok=True) if figure is not None else pd.isna(row["value"])
    assert [u.code for u in city.communes(city_store, types=("phường",))] == [THUY_NGUYEN]
    assert city.not_reported(city_store, units, "2026") == units
    assert set(export["commune"]) == set(FIGURES) and set(export.query("indicator == 'LS1'")["value"]) == {50.0, 25.0, 90.0}


def test_a_store_without_a_named_commune_says_which_there_are(city_store):
    with pytest.raises(CommuneChoice) as choice:
        Store(city_store.url).commune  # noqa: B018
    assert choice.value.codes == sorted(FIGURES)


def test_a_new_store_takes_the_configured_commune(tmp_path, capsys):
    db = str(tmp_path / "new.sqlite")
    assert cli.main(["--db", db, "ingest", str(registry_file(tmp_path / "00.xlsx", VILLAGES))]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "commune", "list", "--json"]) == 0
    assert [u["code"] for u in json.loads(capsys.readouterr().out)] == [CAM_GIANG]


def test_viewers_opening_the_city_page_together_level_the_results_once(city_store):
    """While one thread levels the stale communes, another does not start
    the same work again: it reads the stored results as they are."""
    from services import results

    with results._refreshing:
        assert results.refresh_stale(city_store) == []
    assert set(results.refresh_stale(city_store)) == set(FIGURES)
    assert results.refresh_stale(city_store) == []  # level now
