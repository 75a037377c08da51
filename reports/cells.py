"""The one way the product writes a cell of an .xlsx file it hands out
(templates, exports, the periodic report's tables).

Text from outside (a village's name, a task's note) must come back out as
text: openpyxl turns any string that starts with "=" into a formula, so a
village named =HYPERLINK("http://...","x") would become a live link in
every template, and "+SUM(1,1)" would read as 2. No apostrophe is needed
either: a cell typed as text shows its text as it is.
"""

from __future__ import annotations

import datetime as dt
import math
from numbers import Number

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

EXCEL_MAX_TEXT = 32_767  # characters a cell holds


def put(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write one value the only way the product writes a cell: text is
    stored as text, never as a formula (openpyxl makes any string that
    starts with '=' one, so a village named '=HYPERLINK(...)' would run),
    with no apostrophe to show; numbers, dates and booleans as such; NaN
    and NA as empty; a list as its items joined; anything else as its text.
    Characters an .xlsx cannot hold are dropped, and text is cut at Excel's
    32,767 characters."""
    cell = ws.cell(row, col)
    if isinstance(value, (list, tuple, set, frozenset)):
        value = ", ".join(map(str, value))
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_MAX_TEXT]
        cell.value = text or None
        if text:
            cell.data_type = "s"
        return cell
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if value is None or (isinstance(value, Number) and not isinstance(value, bool) and math.isnan(value)) or value is pd.NA:
        cell.value = None
    elif isinstance(value, pd.Timestamp):
        cell.value = value.to_pydatetime()
    elif isinstance(value, (Number, dt.date, dt.time, dt.timedelta)):
        cell.value = value
    else:
        return put(ws, row, col, str(value))
    return cell
