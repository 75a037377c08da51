"""Which workbook a zip package is: .xlsx/.xlsm, .xlsb or .ods.

An Office package names its workbook part in `_rels/.rels` (the
officeDocument relationship): usually xl/workbook.xml, but writers put it
elsewhere (wtf/workbook.xml, workbook.xml at the root), some Windows tools
write zip paths with backslashes (xl\\workbook.xml), and some store names
in another case than their relationships give (XL/WORKBOOK.XML). calamine
follows the relationships and looks each part up ignoring slashes and the
case of ASCII letters, so the product finds the parts the same way, and
measures and scans what calamine will read. [Content_Types].xml is read by
neither. An OpenDocument file says what it is in its `mimetype` member, and
an encrypted one lists encryption data in its manifest.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from pathlib import PurePosixPath

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SMALL_PART = 1024 * 1024  # the package parts read here are a few KB; more is read no further
# A tag's attributes never hold "<" or ">": matching them with [^<>] keeps
# every scan of a hostile part linear (with [^>] an unclosed tag made the
# engine backtrack over the rest of the part, for seconds to minutes).
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^<>]*)>")
TARGET = re.compile(rb"\bTarget=\"([^\"<>]*)\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^<>]*)>")
_NAME = re.compile(rb"\bname=\"([^\"]*)\"")
_REL_ID = re.compile(rb"\b\w+:id=\"([^\"]*)\"")
_ID = re.compile(rb"\bId=\"([^\"]*)\"")
_OFFICE_DOCUMENT = re.compile(rb"\bType=\"[^\"<>]*/officeDocument\"")
_DEFAULT_PARTS = ("xl/workbook.xml", "xl/workbook.bin")
_TYPE = re.compile(rb"\bType=\"([^\"<>]*)\"")
_KNOWN_SHEETS = (b"/worksheet", b"/chartsheet", b"/dialogsheet")  # the sheet relationships calamine reads
_DIALOG_SHEET = b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet"'


class Encrypted(Exception):
    """The package's content is encrypted with a password."""


def part_name(name: str) -> str:
    """A zip member's name or a relationship's target as calamine looks the
    part up: forward slashes, no leading one, ASCII letters in lower case."""
    return name.replace("\\", "/").lstrip("/").encode().lower().decode()


def package_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> the member's name as stored in the zip."""
    return {part_name(name): name for name in zf.namelist()}


def office_kind(zf: zipfile.ZipFile) -> str | None:
    """ "xlsx", "xlsb" or "ods"; None for a zip that holds no workbook."""
    parts = package_parts(zf)
    if "mimetype" in parts:
        if head(zf, parts["mimetype"]).strip() != ODS_MIMETYPE:
            return None
        if b"encryption-data" in head(zf, parts.get("meta-inf/manifest.xml")):
            raise Encrypted
        return "ods"
    workbook = workbook_part(zf, parts)
    if workbook is None:
        return None
    return "xlsb" if workbook.endswith(".bin") else "xlsx"


def is_sheet_part(name: str, kind: str) -> bool:
    """A member holding a sheet's cells (.xlsb sheets are binary: not measured here)."""
    part = part_name(name)
    if kind == "ods":
        return part == "content.xml"
    if kind != "xlsx" or not part.endswith(".xml"):
        return False
    return "/worksheets/" in f"/{part}" or re.fullmatch(r"sheet\d*\.xml", PurePosixPath(part).name) is not None


def workbook_part(zf: zipfile.ZipFile, parts: dict[str, str]) -> str | None:
    """The workbook part calamine reads: workbook.xml in the folder of the
    part the package relationships name (whatever that part is called), else
    the part itself (.xlsb), else the usual one."""
    rels = RELATIONSHIP.findall(head(zf, parts.get("_rels/.rels")))
    relationship = next((attrs for attrs in rels if _OFFICE_DOCUMENT.search(attrs)), None)
    target = _target(relationship) if relationship else None
    if target:
        name = part_name(target)
        for candidate in (posixpath.join(posixpath.dirname(name), "workbook.xml"), name):
            if candidate in parts:
                return candidate
    return next((name for name in _DEFAULT_PARTS if name in parts), None)


def _target(attrs: bytes) -> str | None:
    found = TARGET.search(attrs)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else None


def head(zf: zipfile.ZipFile, name: str | None, size: int = SMALL_PART) -> bytes:
    """The first `size` bytes of a member (b"" when there is none)."""
    if name is None:
        return b""
    with zf.open(name) as member:
        return member.read(size)


def sheet_parts(zf: zipfile.ZipFile, parts: dict[str, str], workbook: str) -> dict[str, str]:
    """Sheet name -> part name, through the workbook's relationships."""
    folder = posixpath.dirname(workbook)
    targets = {}
    for attrs in RELATIONSHIP.findall(head(zf, parts.get(_rels_part(workbook)))):
        rel_id, target = _ID.search(attrs), _target(attrs)
        if rel_id and target:
            path = target.replace("\\", "/")
            targets[rel_id.group(1)] = part_name(
                path if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
            )
    return {name: targets[rel_id] for name, rel_id in _sheets(zf, parts, workbook) if rel_id in targets}


def _sheets(zf: zipfile.ZipFile, parts: dict[str, str], workbook: str) -> list[tuple[str, bytes]]:
    """Name and relationship id of each sheet the workbook lists."""
    sheets = []
    for sheet in _SHEET.finditer(head(zf, parts[workbook])):
        name, rel_id = _NAME.search(sheet.group(1)), _REL_ID.search(sheet.group(1))
        if name and rel_id:
            sheets.append((html.unescape(name.group(1).decode("utf-8", "replace")), rel_id.group(1)))
    return sheets


def _rels_part(workbook: str) -> str:
    folder, file = posixpath.split(workbook)
    return posixpath.join(folder, "_rels", file + ".rels")


def calamine_package(zf: zipfile.ZipFile, data: bytes) -> bytes:
    """The package as calamine can read it. calamine refuses a whole workbook
    that lists a sheet of a kind it does not know (an Excel 4 macro sheet),
    where Excel and openpyxl read the worksheets beside it; such a sheet
    holds no data, so it is handed over as a dialog sheet, which calamine
    lists and the loaders pass over like a chart sheet. Called once the zip
    check has bounded what the members unzip to."""
    parts = package_parts(zf)
    workbook = workbook_part(zf, parts)
    rels = parts.get(_rels_part(workbook)) if workbook and workbook.endswith(".xml") else None
    if rels is None:
        return data
    sheet_ids = {rel_id for _, rel_id in _sheets(zf, parts, workbook)}

    def as_known(found: re.Match) -> bytes:
        rel_id, kind = _ID.search(found.group(1)), _TYPE.search(found.group(1))
        if rel_id and kind and rel_id.group(1) in sheet_ids and not kind.group(1).endswith(_KNOWN_SHEETS):
            return found.group(0).replace(kind.group(0), _DIALOG_SHEET)
        return found.group(0)

    original = zf.read(rels)
    changed = RELATIONSHIP.sub(as_known, original)
    if changed == original:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in zf.infolist():
            copy.writestr(info.filename, changed if info.filename == rels else zf.read(info))
    return out.getvalue()
