"""Official-looking, byte-stable .xlsx files (their cells are written by
reports/cells.py, the product's one cell writer).

Vietnamese administrative documents open with the issuer at the left and
the national motto at the right (Decree 30/2020/NĐ-CP), so the sample files
and the templates do too. Files the product writes carry fixed timestamps:
the same content gives the same bytes, so a regenerated file is the same
file and tests can compare bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from catalog.models import Commune

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FIXED_TIME = dt.datetime(2026, 1, 1)


def issuer(commune: Commune) -> tuple[str, str]:
    """'ỦY BAN NHÂN DÂN' over 'XÃ CẨM GIÀNG', from the catalog's commune name."""
    return "ỦY BAN NHÂN DÂN", commune.name_vi.upper()


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED_TIME."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME.timetuple()[:6])
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def stable_xlsx(wb: Workbook, creator: str) -> bytes:
    """The workbook's bytes, dated FIXED_TIME. Written through ExcelWriter
    because Workbook.save stamps the current time as 'modified'."""
    wb.properties.creator = creator
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_zip(buffer.getvalue())
