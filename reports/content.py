"""What the periodic report says: the UBND's report to the Party Committee's
Standing Committee on the program, as of one period (the program's
"Tổ chức thực hiện": the commune People's Committee reports periodically).

Pure: indicator and task frames, the stored values and the catalog in; a
reports.model.Report out. The document is Vietnamese, as the administrative
form it follows; its labels (statuses, flags, completeness) are the
dashboard's own, from charts and i18n. Everything about the commune (name,
place, program, recipients) comes from the catalog.

Decisions where the spec is silent:
- Sections: I the four 2030 targets and the priority tasks; II one part per
  sector (indicators, their chart, tasks, results), then tasks a commune
  added in Biểu 04 without a sector; III the villages furthest behind; IV
  difficulties and proposals the units reported, with late and stale tasks;
  V completeness and the submissions used.
- "Furthest behind": the villages' mean progress toward the 2030 targets
  over the targeted indicators of their own report (Biểu 01), lowest first,
  so every village is judged on the same indicators.
- Sources: every accepted submission with a value for a period up to the
  report's (the baseline and history feed status and charts) or with no
  period (the village registry).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import count

import altair as alt
import pandas as pd

from catalog.models import Catalog, Indicator, Sector
from catalog.periods import is_code, sort_codes, time_of
from charts import (
    STATUS_COLOURS,
    TASK_COLOURS,
    gap_text,
    indicator_panels,
    period_label,
    status_label,
    task_flags,
    task_status_label,
    to_png,
)
from charts.maps import village_map
from i18n import fmt_date, fmt_number
from i18n.strings import t
from maps.boundaries import commune_topology
from metrics.tasks import as_of_date
from reports.model import Block, Chart, Column, Figure, Letterhead, Report, Section, Table, Text

SIGNER_PLACEHOLDER = "[Họ và tên người ký]"  # visible, to be written in when the catalog names no signer
FURTHEST = 5  # villages named in section III
BEHIND = ("slow", "backwards")  # statuses counted as behind
ROMAN = ("I", "II", "III", "IV", "V", "VI")


@dataclass(frozen=True)
class Inputs:
    """What the report reads, as of `period`."""

    period: str
    rows: pd.DataFrame  # metrics.indicators rows: every period, the commune and each village
    tasks: pd.DataFrame  # metrics.tasks.task_progress as of `period`
    values: pd.DataFrame  # stored values with their submission (filename, user, created_at)
    villages: dict[str, str]  # code -> name, in registry order
    reported: int  # villages that reported Biểu 01 for `period`
    missing: list[str]  # names of those that did not
    issued: dt.date
    program: str  # which program version the targets and tasks follow
    places: pd.DataFrame | None = None  # villages with a location (code, latitude, longitude), for the village map

    @cached_property
    def commune(self) -> pd.DataFrame:
        """The commune's rows up to the period (charts read their history)."""
        rows = self.rows
        return rows[rows["village"].isna() & (rows["time"] <= time_of(self.period))]

    @cached_property
    def now(self) -> pd.DataFrame:
        """The commune's row of each indicator for the period, by indicator."""
        return self.commune[self.commune["period"] == self.period].set_index("indicator")

    @cached_property
    def values_at(self) -> dict[tuple[str, str], float]:
        """(indicator, period) -> the commune's value."""
        return dict(zip(zip(self.commune["indicator"], self.commune["period"]), self.commune["value"]))


@dataclass
class Numbering:
    """Running numbers of tables and charts; charts=False leaves charts out
    (the workbook has none, and rendering them is the slow part)."""

    charts: bool = True
    tables: count = field(default_factory=lambda: count(1))
    figures: count = field(default_factory=lambda: count(1))

    def table(self, title: str, columns: tuple[Column, ...], rows: list[tuple]) -> Table:
        return Table(f"Bảng {next(self.tables)}. {title}", columns, tuple(rows))

    def chart(self, title: str, make: Callable[[], alt.TopLevelMixin | dict]) -> list[Chart]:
        """The chart `make()` builds, as a PNG; nothing without charts."""
        return [Chart(f"Biểu đồ {next(self.figures)}. {title}", to_png(make()))] if self.charts else []


def build(data: Inputs, catalog: Catalog, charts: bool = True) -> Report:
    """The report for `data.period`, with its charts unless charts=False."""
    number = Numbering(charts)
    sectors = list(catalog.sectors)
    parts = [
        summary(data, catalog, number),
        Section("KẾT QUẢ THEO LĨNH VỰC", 1),
        *(sector_section(data, catalog, s, i, number) for i, s in enumerate(sectors, start=1)),
        *added_tasks_section(data, len(sectors) + 1, number),
        behind_section(data, catalog, number),
        issues_section(data, number),
        sources_section(data, number),
    ]
    return Report(letterhead(catalog, data), intro(catalog, data), tuple(numbered(parts)))


def numbered(sections: list[Section]) -> list[Section]:
    """Level-1 headings numbered I, II, ... in order."""
    roman = iter(ROMAN)
    return [Section(f"{next(roman)}. {s.heading}", 1, s.blocks, s.sheet) if s.level == 1 else s for s in sections]


# Letterhead and opening


def period_words(code: str) -> str:
    """'2026-H1' -> '6 tháng đầu năm 2026'; '2026' -> 'năm 2026'."""
    return f"6 tháng đầu năm {code[:4]}" if code.endswith("-H1") else f"năm {code}"


def date_line(place: str, day: dt.date) -> str:
    """'Cẩm Giàng, ngày 05 tháng 02 năm 2026': a day below 10 and the months
    1 and 2 are written with a leading zero (Decree 30/2020/NĐ-CP)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def letterhead(catalog: Catalog, data: Inputs) -> Letterhead:
    commune = catalog.commune
    body = commune.committee_vi.removesuffix(commune.name_vi).strip()  # 'Ủy ban nhân dân'
    issuer = (body.upper(), commune.name_vi.upper()) if body != commune.committee_vi else (body.upper(),)
    return Letterhead(
        issuer=issuer,
        number="Số:        /BC-UBND",
        place_date=date_line(commune.place_vi, data.issued),
        title="BÁO CÁO",
        subject=(f"Kết quả thực hiện {commune.program_vi}", period_words(data.period)),
        recipients=tuple(commune.report_recipients_vi),
        signer=(f"TM. {body.upper()}", commune.signer_title_vi.upper()),
        signer_name=commune.signer_name.strip() or SIGNER_PLACEHOLDER,
    )


def intro(catalog: Catalog, data: Inputs) -> tuple[str, ...]:
    commune = catalog.commune
    as_of = as_of_date(catalog, data.period)
    return (
        f"Thực hiện {commune.program_vi}, {commune.committee_vi} báo cáo Ban Thường vụ Đảng ủy {commune.name_vi} "
        f"kết quả thực hiện {period_words(data.period)} như sau:",
        f"Số liệu được tổng hợp từ các biểu mẫu do các thôn, đơn vị gửi về, tính đến ngày {fmt_date(as_of)}. "
        "Tỷ lệ của toàn xã bằng tổng tử số chia tổng mẫu số của các thôn có số liệu; mỗi chỉ tiêu được đánh giá "
        f"theo lộ trình đều từ kỳ gốc năm {commune.baseline_period} đến năm mục tiêu. "
        f"Mục tiêu và nhiệm vụ theo {data.program}.",
    )


# Section I: the four targets and the priority tasks


def summary(data: Inputs, catalog: Catalog, number: Numbering) -> Section:
    headline = [i for i in catalog.indicators if i.headline]
    priority = data.tasks[data.tasks["priority"].astype(bool)]
    now = data.now
    blocks: list[Block] = [
        Text(f"1. Các chỉ tiêu chủ yếu đến năm {catalog.commune.target_year}", "subheading"),
        Text(f"Trong {len(headline)} chỉ tiêu chủ yếu: {indicator_tally(headline, now)}."),
        *(Text(target_sentence(data, catalog, i, now), "bullet") for i in headline),
        indicator_table(data, catalog, headline, number, "Các chỉ tiêu chủ yếu"),
        *number.chart("Diễn biến các chỉ tiêu chủ yếu (đường nét đứt: mục tiêu)", lambda: panels(data, headline, 2)),
        Text("2. Các nhiệm vụ trọng tâm", "subheading"),
        Text(f"Trong {len(priority)} nhiệm vụ trọng tâm: {task_tally(priority)}."),
        task_table(priority, number, "Các nhiệm vụ trọng tâm"),
        *result_lines(priority),
    ]
    return Section("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU VÀ NHIỆM VỤ TRỌNG TÂM", 1, tuple(blocks), "Tổng hợp")


def baseline_value(data: Inputs, catalog: Catalog, ind: Indicator) -> float | None:
    """The commune's figure in the indicator's baseline period."""
    return data.values_at.get((ind.id, ind.baseline_period or catalog.commune.baseline_period))


def figure(ind: Indicator, value: float | None) -> Figure:
    return Figure(value, ind.is_percent, "" if ind.is_percent else ind.unit_vi)


def target_value(ind: Indicator) -> str:
    """A target as the program writes it: '100%', '20%', '0 vụ'."""
    return f"{fmt_number(ind.target)}%" if ind.is_percent else f"{fmt_number(ind.target)} {ind.unit_vi}"


def goal_words(ind: Indicator) -> str:
    """'mục tiêu năm 2030: 100%', for a sentence."""
    if ind.target is None:
        return t("no_target_short").lower()
    return f"mục tiêu năm {ind.target_year}: {target_value(ind)}"


def target_words(ind: Indicator) -> str:
    """'100% (năm 2030)', for a table cell."""
    if ind.target is None:
        return t("no_target_short")
    return t("target_cell", value=target_value(ind), year=ind.target_year)


def gap_words(ind: Indicator, row: pd.Series | None) -> str:
    """The gap as a sentence, 'Không còn' once met, '—' without one."""
    if row is None or pd.isna(row["value"]):
        return "—"
    if pd.notna(row["gap"]) and row["gap"] == 0:
        return t("no_gap")
    return gap_text(ind, row["gap"]) or "—"


def status_words(row: pd.Series | None) -> str:
    return "Chưa có số liệu" if row is None else status_label(row["status"])


def target_sentence(data: Inputs, catalog: Catalog, ind: Indicator, now: pd.DataFrame) -> str:
    """'CT4. Tỷ lệ ...: 49,2% (năm 2025: 47,4%; mục tiêu năm 2030: 100%); đánh giá: Chậm; còn ...'."""
    row = now.loc[ind.id] if ind.id in now.index else None
    if row is None:
        return f"{ind.id}. {ind.name_vi}: chưa có số liệu {period_words(data.period)}."
    base = ind.baseline_period or catalog.commune.baseline_period
    text = (
        f"{ind.id}. {ind.name_vi}: {figure(ind, row['value']).text()} (năm {base}: "
        f"{figure(ind, baseline_value(data, catalog, ind)).text()}; {goal_words(ind)}); "
        f"đánh giá: {status_words(row)}"
    )
    gap = gap_words(ind, row)
    return text + (f"; {gap}." if gap != "—" else ".")


def indicator_table(data: Inputs, catalog: Catalog, indicators: list[Indicator], number: Numbering, title: str) -> Table:
    now = data.now
    base = catalog.commune.baseline_period
    columns = (
        Column("Chỉ tiêu", 4.2),
        Column(f"Kỳ gốc ({period_label(base)})", 1.7),
        Column(period_label(data.period).capitalize(), 1.7),
        Column("Mục tiêu", 2.2),
        Column("Đánh giá", 2.0),
        Column("Còn thiếu", 2.7),
        Column("Số thôn có số liệu", 1.5),
    )
    rows = []
    for ind in indicators:
        row = now.loc[ind.id] if ind.id in now.index else None
        villages = None if row is None or pd.isna(row["villages_reporting"]) else Figure(row["villages_reporting"], decimals=0)
        rows.append(
            (
                f"{ind.id}. {ind.name_vi}",
                figure(ind, baseline_value(data, catalog, ind)),
                figure(ind, None if row is None else row["value"]),
                target_words(ind),
                status_words(row),
                gap_words(ind, row),
                villages,
            )
        )
    return number.table(f"{title}, {period_words(data.period)}", columns, rows)


def panels(data: Inputs, indicators: list[Indicator], columns: int = 3) -> alt.FacetChart:
    """The indicators' commune values up to the period, as small multiples."""
    return indicator_panels(data.commune, indicators, "vi", columns, ", ".join(i.id for i in indicators))


def tally(statuses: list, order: list, label: Callable[[str | None], str], noun: str) -> str:
    """'3 chỉ tiêu đúng tiến độ, 1 chỉ tiêu chậm', in the order of `order`."""
    counts = Counter(statuses)
    return ", ".join(f"{counts[s]} {noun} {label(s).lower()}" for s in order if counts[s]) or "chưa có số liệu"


def indicator_tally(indicators: list[Indicator], now: pd.DataFrame) -> str:
    statuses = [now.loc[i.id, "status"] if i.id in now.index else "no_data" for i in indicators]
    order = [*STATUS_COLOURS, None, "no_data"]
    return tally(statuses, order, lambda s: "chưa có số liệu" if s == "no_data" else status_label(s), "chỉ tiêu")


def task_tally(tasks: pd.DataFrame) -> str:
    return tally(list(tasks["status"]), list(TASK_COLOURS), task_status_label, "nhiệm vụ")


def task_table(tasks: pd.DataFrame, number: Numbering, title: str) -> Table:
    """Each task: lead unit, completion computed from its indicators beside
    the completion its unit reported (Biểu 04), status and flags."""
    columns = (
        Column("Mã", 1.6),
        Column("Nhiệm vụ", 4.2),
        Column("Đơn vị chủ trì", 2.7),
        Column("Hoàn thành (tính từ chỉ tiêu)", 1.8),
        Column("Hoàn thành (theo báo cáo)", 1.8),
        Column("Trạng thái", 2.0),
        Column("Cảnh báo", 1.9),
    )
    rows = [
        (
            task.task_id,
            task.name,
            task.lead_unit,
            Figure(task.computed_completion, percent=True, decimals=0),
            Figure(task.reported_completion, percent=True, decimals=0),
            task_status_label(task.status),
            task_flags(task.late, task.stale),
        )
        for task in tasks.itertuples()
    ]
    return number.table(title, columns, rows)


def result_lines(tasks: pd.DataFrame) -> list[Text]:
    """What the units reported as achieved, one line per task."""
    reported = [task for task in tasks.itertuples() if isinstance(task.result, str) and task.result.strip()]
    if not reported:
        return []
    lines = [f"{task.task_id} ({task.lead_unit or task.reporting_unit}): {task.result.strip().rstrip('.')}." for task in reported]
    return [Text("Kết quả các đơn vị báo cáo:", "note"), *(Text(line, "bullet") for line in lines)]


# Section II: one part per sector


def sector_section(data: Inputs, catalog: Catalog, sector: Sector, index: int, number: Numbering) -> Section:
    indicators = [i for i in catalog.indicators if i.sector == sector.id]
    tasks = data.tasks[data.tasks["sector"] == sector.id]
    now = data.now
    targeted = [i for i in indicators if i.target is not None]
    lines = [f"Lĩnh vực {sector.name_vi.lower()} có {len(indicators)} chỉ tiêu và {len(tasks)} nhiệm vụ."]
    if targeted:
        lines.append(f"Chỉ tiêu có mục tiêu: {indicator_tally(targeted, now)}.")
    if not tasks.empty:
        lines.append(f"Nhiệm vụ: {task_tally(tasks)}.")
    charted = [i for i in indicators if i.id in now.index]
    blocks: list[Block] = [
        Text(" ".join(lines)),
        Text("a) Các chỉ tiêu", "subheading"),
        indicator_table(data, catalog, indicators, number, f"Chỉ tiêu lĩnh vực {sector.name_vi.lower()}"),
        *(
            number.chart(f"Chỉ tiêu lĩnh vực {sector.name_vi.lower()} qua các kỳ", lambda: panels(data, charted))
            if charted
            else []
        ),
        Text("b) Các nhiệm vụ", "subheading"),
        task_table(tasks, number, f"Nhiệm vụ lĩnh vực {sector.name_vi.lower()}"),
        *result_lines(tasks),
    ]
    return Section(f"{index}. {sector.name_vi}", 2, tuple(blocks), sector.name_vi)


def added_tasks_section(data: Inputs, index: int, number: Numbering) -> list[Section]:
    """Tasks a commune reported under new ids (no sector), so none is lost."""
    added = data.tasks[data.tasks["sector"].fillna("") == ""]
    if added.empty:
        return []
    blocks = (
        Text(f"Các đơn vị báo cáo thêm {len(added)} nhiệm vụ ngoài danh mục của Chương trình: {task_tally(added)}."),
        task_table(added, number, "Nhiệm vụ do xã bổ sung"),
        *result_lines(added),
    )
    return [Section(f"{index}. Nhiệm vụ do xã bổ sung", 2, blocks, "Nhiệm vụ bổ sung")]


# Section III: the villages furthest behind


def village_standing(data: Inputs, catalog: Catalog) -> pd.DataFrame:
    """Per village reporting the period: mean progress toward the targets of
    the village-report indicators it can be judged on (a baseline and this
    period), how many are behind, and the weakest one; lowest mean first."""
    ids = [i.id for i in catalog.indicators if i.form == "01" and i.target is not None]
    rows = data.rows
    mine = rows[(rows["period"] == data.period) & rows["village"].notna() & rows["indicator"].isin(ids)]
    mine = mine[mine["status"].notna() & (mine["status"] != "insufficient_data")].dropna(subset=["progress"])
    mine = mine.sort_values(["progress", "indicator"], kind="stable")
    standing = mine.groupby("village").agg(
        progress=("progress", "mean"),
        judged=("indicator", "size"),
        behind=("status", lambda s: int(s.isin(BEHIND).sum())),
        weakest=("indicator", "first"),
    )
    weakest = mine.drop_duplicates("village").set_index("village")
    standing = standing.assign(value=weakest["value"], status=weakest["status"])
    return standing.sort_values(["progress", "behind"], ascending=[True, False], kind="stable")


def behind_section(data: Inputs, catalog: Catalog, number: Numbering) -> Section:
    standing = village_standing(data, catalog)
    if standing.empty:
        empty = f"Chưa đánh giá được thôn nào {period_words(data.period)}: cần số liệu của thôn ở kỳ gốc và kỳ này."
        return Section("CÁC THÔN CÒN CHẬM", 1, (Text(empty),), "Thôn")
    columns = (
        Column("TT", 0.9),
        Column("Thôn", 2.8),
        Column("Tiến độ bình quân tới mục tiêu", 2.3),
        Column("Số chỉ tiêu chậm, đi lùi", 2.5),
        Column("Chỉ tiêu xa mục tiêu nhất", 7.5),
    )
    rows = []
    for rank, (code, village) in enumerate(standing.head(FURTHEST).iterrows(), start=1):
        ind = catalog.indicator(village["weakest"])
        weakest = f"{ind.id}. {ind.short_vi}: {figure(ind, village['value']).text()} ({status_label(village['status'])})"
        behind = f"{int(village['behind'])}/{int(village['judged'])}"
        rows.append((str(rank), data.villages.get(code, code), Figure(village["progress"], percent=True), behind, weakest))
    blocks: list[Block] = [
        Text(
            f"Xếp theo tiến độ bình quân tới mục tiêu của các chỉ tiêu có mục tiêu trong báo cáo của thôn (Biểu 01), "
            f"{len(rows)} thôn thấp nhất trong {len(standing)} thôn có số liệu:"
        ),
        number.table(f"Các thôn còn chậm, {period_words(data.period)}", columns, rows),
        *located_villages(data, catalog, standing, number),
    ]
    if data.missing:
        blocks.append(Text(f"Chưa gửi báo cáo {period_words(data.period)}: {', '.join(data.missing)}."))
    return Section("CÁC THÔN CÒN CHẬM", 1, tuple(blocks), "Thôn")


def located_villages(data: Inputs, catalog: Catalog, standing: pd.DataFrame, number: Numbering) -> list[Chart]:
    """The commune's outline with its located villages, each coloured by the
    status of its indicator furthest from target; nothing where no village
    has a location (none is ever invented) or the commune has no map."""
    topology = commune_topology(catalog.commune.code)
    located = data.places if data.places is not None else pd.DataFrame()
    located = located[located["code"].isin(standing.index)] if not located.empty else located
    if topology is None or located.empty:
        return []
    mine = standing.loc[located["code"]]
    points = located.assign(
        name=[data.villages.get(c, c) for c in located["code"]],
        value=mine["progress"].to_numpy(),
        shown=[f"{catalog.indicator(w).id}: {status_label(s)}" for w, s in zip(mine["weakest"], mine["status"])],
        state=[status_label(s) for s in mine["status"]],
    )
    code = catalog.commune.code
    title = f"Vị trí các thôn, tô màu theo trạng thái của chỉ tiêu xa mục tiêu nhất, {period_words(data.period)}"
    return number.chart(title, lambda: village_map(topology.data, code, points, topology.aspect(code), subject=title))


# Section IV: difficulties and proposals


def issues_section(data: Inputs, number: Numbering) -> Section:
    tasks = data.tasks
    blocks: list[Block] = []
    late = tasks[tasks["late"].astype(bool)]
    if not late.empty:
        named = "; ".join(
            f"{task.task_id} (thời hạn {fmt_date(dt.date.fromisoformat(task.deadline))})" for task in late.itertuples()
        )
        blocks.append(Text(f"Nhiệm vụ quá hạn chưa hoàn thành: {named}.", "bullet"))
    stale = tasks[tasks["stale"].astype(bool)]
    if not stale.empty:
        blocks.append(Text(f"Nhiệm vụ quá 6 tháng chưa báo cáo tiến độ: {', '.join(stale['task_id'])}.", "bullet"))
    raised = tasks[tasks["issues"].fillna("").astype(str).str.strip() != ""]
    if raised.empty:
        blocks.append(Text("Các đơn vị không báo cáo khó khăn, vướng mắc trong kỳ."))
    else:
        columns = (Column("Mã", 1.6), Column("Nhiệm vụ", 4.8), Column("Đơn vị báo cáo", 3.0), Column("Khó khăn, kiến nghị", 6.6))
        rows = [
            (task.task_id, task.name, task.reporting_unit or task.lead_unit, task.issues.strip()) for task in raised.itertuples()
        ]
        blocks.append(number.table("Khó khăn, kiến nghị của các đơn vị", columns, rows))
    return Section("KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ", 1, tuple(blocks), "Kiến nghị")


# Section V: completeness and sources


def sources(data: Inputs) -> pd.DataFrame:
    """The submissions behind the report: those with a value for a period up
    to the report's, or with no period (the registry); newest first. Periods
    are judged once each, not once per value (a city holds many values)."""
    values = data.values
    limit = time_of(data.period)
    keep = {p: not is_code(p) or time_of(p) <= limit for p in values["period"].dropna().unique()}
    used = values[values["period"].map(keep).fillna(True).astype(bool)]
    table = used.groupby("submission_id").agg(
        filename=("filename", "first"), user=("user", "first"), created_at=("created_at", "max"), values=("field", "size")
    )
    distinct = used[["submission_id", "form", "period"]].drop_duplicates()
    table["forms"] = distinct.groupby("submission_id")["form"].agg(lambda forms: ", ".join(sorted(set(forms))))
    periods = distinct[distinct["period"].map(is_code)].groupby("submission_id")["period"]
    table["periods"] = periods.agg(lambda codes: ", ".join(period_label(c) for c in sort_codes(codes))).reindex(
        table.index, fill_value=""
    )
    return table.sort_values(["created_at", "filename"], ascending=[False, True]).reset_index()


def sources_section(data: Inputs, number: Numbering) -> Section:
    total = len(data.villages)
    line = t("completeness", reported=data.reported, total=total, period=period_label(data.period))
    if data.missing:
        line += " " + t("missing_villages", names=", ".join(data.missing))
    tasks = data.tasks
    reported = int((tasks["last_report_period"] == data.period).sum())
    used = sources(data)
    columns = (
        Column("TT", 1.0),
        Column("Tệp", 5.4),
        Column("Biểu", 1.2),
        Column("Kỳ", 2.2),
        Column("Ngày nhận", 2.2),
        Column("Người gửi", 2.4),
        Column("Số giá trị", 1.6),
    )
    rows = [
        (
            str(i),
            s.filename,
            s.forms,
            s.periods or "—",
            fmt_date(pd.Timestamp(s.created_at)),
            s.user,
            Figure(s.values, decimals=0),
        )
        for i, s in enumerate(used.itertuples(), start=1)
    ]
    blocks = (
        Text(line),
        Text(f"{reported}/{len(tasks)} nhiệm vụ có báo cáo tiến độ (Biểu 04) {period_words(data.period)}."),
        Text(f"Báo cáo sử dụng số liệu của {len(rows)} lần nộp tệp đã được tiếp nhận:"),
        number.table("Các tệp số liệu đã sử dụng", columns, rows),
    )
    return Section("MỨC ĐẦY ĐỦ VÀ NGUỒN SỐ LIỆU", 1, blocks, "Nguồn số liệu")
