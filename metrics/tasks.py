"""Task progress as of a reporting period (DOMAIN.md "Tasks").

A task with targeted indicators is as complete as its least advanced one
(computed); otherwise it takes the percent_complete its unit reported in
Biểu 04. It is late when its deadline has passed at the period's as-of date
(14/06 or 14/12) and it is not completed, and stale when its last report is
more than 6 months older than that date.

Decisions where DOMAIN.md is silent:
- 'As of the period' means the latest figure at or before it: an
  indicator's commune row of the latest period with data, a task's latest
  reported value of each Biểu 04 field (a blank never erases, as in the
  store).
- Computed completion is the least progress among the task's targeted
  indicators (metrics.pace progress: 100 once achieved, 0 when the baseline
  had met the target and the value no longer does), and None as soon as one
  of them has no progress (no data yet, no baseline, empty panel): the
  unknown one could be the least advanced. completion_indicator names the
  indicator that set it.
- A deadline that falls on the as-of date itself has not passed. A report
  exactly 6 months old is not stale; a task never reported is stale. A
  completed task is neither late nor stale.
- A task reported in Biểu 04 under a new id takes its reported name, the
  reporting unit as its lead unit, no sector and the default deadline.
- status, for display: completed, else late, else the reported status
  (not_started, in_progress, paused), else not_reported.
- lead_unit is the catalog's text, a comma list ('Hội Nông dân, Hội Phụ
  nữ, Đoàn Thanh niên'); lead_units splits it into units for a unit's view.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

from catalog.models import Catalog, Task
from catalog.periods import as_of, time_of
from metrics.frames import COMPLETED, TASK_FORM, field_table, task_rows
from metrics.indicators import indicator_values

STALE_MONTHS = 6
# Display statuses that are not task_status values of enums.yaml; their
# words are in i18n/strings.py (task_<id>).
EXTRA_STATUSES = ("late", "not_reported")
COLUMNS = [
    "task_id",
    "name",
    "name_en",
    "sector",
    "lead_unit",
    "priority",
    "indicators",
    "new",
    "computed_completion",
    "completion_indicator",
    "reported_completion",
    "reported_status",
    "completion",
    "completion_source",
    "last_report_period",
    "deadline",
    "late",
    "stale",
    "status",
    "reporting_unit",
    "result",
    "issues",
]


def lead_units(text: str | None) -> list[str]:
    """The units of a lead_unit list, each capitalised ('các thôn' ->
    'Các thôn'). A part in lower case that does not open with 'các' or
    'những' continues the unit before it, so the program's 'Các chi, đảng
    bộ trực thuộc' stays one unit."""
    units: list[str] = []
    for part in (p.strip() for p in re.split(r"[,;]", text or "")):
        if not part:
            continue
        if units and part[0].islower() and part.split()[0] not in ("các", "những"):
            units[-1] += ", " + part
        else:
            units.append(part[0].upper() + part[1:])
    return units


def as_of_date(catalog: Catalog, period: str) -> dt.date:
    """The date a period's figures stand at, from the commune's schedule."""
    commune = catalog.commune
    return as_of(period, commune.half_year.as_of, commune.year.as_of)


def task_progress(
    values: pd.DataFrame, catalog: Catalog, period: str, indicator_rows: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per task (the catalog's, then new ids reported up to `period`),
    COLUMNS. `indicator_rows` is indicator_values' result for every period,
    passed to avoid computing it twice. deadline is ISO text."""
    rows = indicator_values(values, catalog) if indicator_rows is None else indicator_rows
    progress = _latest_progress(rows, period)
    reports = _latest_reports(values, catalog, period)
    on = as_of_date(catalog, period)
    records = []
    for task_id in _task_ids(catalog, reports):
        report = reports.loc[task_id].to_dict() if task_id in reports.index else {}
        report = {k: v for k, v in report.items() if pd.notna(v)}
        task = catalog.task(task_id) or _new_task(task_id, report)
        records.append(_row(task, report, progress, on, catalog))
    return pd.DataFrame(records, columns=COLUMNS)


def _latest_progress(rows: pd.DataFrame, period: str) -> pd.Series:
    """Each targeted indicator's commune progress in its latest period at or
    before `period` (NaN when that figure cannot be judged)."""
    commune = rows[rows["village"].isna() & rows["target"].notna() & (rows["time"] <= time_of(period))]
    latest = commune.sort_values("time", kind="stable").drop_duplicates("indicator", keep="last")
    return latest.set_index("indicator")["progress"]


def _latest_reports(values: pd.DataFrame, catalog: Catalog, period: str) -> pd.DataFrame:
    """Per task id reported at or before `period`: each Biểu 04 field's latest
    reported value, and last_report_period, the latest period with a row."""
    rows = task_rows(values)
    rows = rows[rows["time"] <= time_of(period)]
    table = field_table(rows, catalog.forms[TASK_FORM], ["entity"])
    last = rows.drop_duplicates("entity", keep="last").set_index("entity")["period"]
    return table.assign(last_report_period=last)


def _task_ids(catalog: Catalog, reports: pd.DataFrame) -> list[str]:
    """The catalog's tasks, then the new task ids reported, in id order."""
    known = [t.id for t in catalog.tasks]
    return known + sorted(set(reports.index) - set(known))


def _new_task(task_id: str, report: dict) -> Task:
    name = report.get("task_name", task_id)
    return Task(id=task_id, name_vi=name, name_en=name, sector="", lead_unit=report.get("reporting_unit", ""))


def _row(task: Task, report: dict, progress: pd.Series, on: dt.date, catalog: Catalog) -> dict:
    return {
        "task_id": task.id,
        "name": task.name_vi,
        "name_en": task.name_en,
        "sector": task.sector or None,
        "lead_unit": task.lead_unit or None,
        "priority": task.priority,
        "indicators": list(task.indicators),
        "new": catalog.task(task.id) is None,
        **_completion(task, report, progress, catalog),
        **_schedule(task, report, on, catalog),
        **{field: report.get(field) for field in ("reporting_unit", "result", "issues")},
    }


def _completion(task: Task, report: dict, progress: pd.Series, catalog: Catalog) -> dict:
    """Computed from the targeted indicators, else the reported percent."""
    targeted = [i for i in task.indicators if catalog.indicator(i).target is not None]
    computed, indicator = _least_advanced(targeted, progress)
    reported = report.get("percent_complete")
    source = "computed" if computed is not None else "reported" if reported is not None else None
    return {
        "computed_completion": computed,
        "completion_indicator": indicator,
        "reported_completion": reported,
        "reported_status": report.get("status"),
        "completion": computed if computed is not None else reported,
        "completion_source": source,
    }


def _schedule(task: Task, report: dict, on: dt.date, catalog: Catalog) -> dict:
    """Deadline, late, stale and the status shown, as of the date `on`."""
    status = report.get("status")
    last = report.get("last_report_period")
    deadline = _deadline(report.get("deadline")) or _deadline(task.deadline)
    done = status == COMPLETED
    late = not done and deadline < on
    stale = not done and (last is None or as_of_date(catalog, last) < _months_before(on, STALE_MONTHS))
    return {
        "last_report_period": last,
        "deadline": deadline.isoformat(),
        "late": late,
        "stale": stale,
        "status": COMPLETED if done else "late" if late else status or "not_reported",
    }


def _least_advanced(targeted: list[str], progress: pd.Series) -> tuple[float | None, str | None]:
    """The lowest progress among the targeted indicators, and which; None
    when there is none or one is unknown."""
    known = [(float(progress[i]), i) for i in targeted if i in progress.index and pd.notna(progress[i])]
    if not known or len(known) < len(targeted):
        return None, None
    return min(known, key=lambda pair: pair[0])


def _deadline(text: str | None) -> dt.date | None:
    """An ISO date, or a bare year meaning its 31/12; None if unreadable."""
    if text is None:
        return None
    text = str(text).strip()
    try:
        return dt.date(int(text), 12, 31) if re.fullmatch(r"\d{4}", text) else dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, kept within the month (31/12 -> 30/06)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
