"""Which workbook a zip package is: .xlsx/.xlsm, .xlsb or .ods.

An Office package names its workbook part in `_rels/.rels` (the
officeDocument relationship): usually xl/workbook.xml, but writers put it
elsewhere (wtf/workbook.xml, workbook.xml at the root), and some Windows
tools write zip paths with backslashes (xl\\workbook.xml). calamine follows
the relationships and reads them all, so the product recognises the
package the same way rather than by one fixed path. An OpenDocument file
says what it is in its `mimetype` member, and an encrypted one lists
encryption data in its manifest.
"""

from __future__ import annotations

import html
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


class Encrypted(Exception):
    """The package's content is encrypted with a password."""


def part_name(name: str) -> str:
    """A zip member's name as a package part: forward slashes, no leading one."""
    return name.replace("\\", "/").lstrip("/")


def package_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> the member's name as stored in the zip."""
    return {part_name(name): name for name in zf.namelist()}


def office_kind(zf: zipfile.ZipFile) -> str | None:
    """ "xlsx", "xlsb" or "ods"; None for a zip that holds no workbook."""
    parts = package_parts(zf)
    if "mimetype" in parts:
        if head(zf, parts["mimetype"]).strip() != ODS_MIMETYPE:
            return None
        if b"encryption-data" in head(zf, parts.get("META-INF/manifest.xml")):
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
    """The workbook part the package relationships name, else the usual one."""
    rels = RELATIONSHIP.findall(head(zf, parts.get("_rels/.rels")))
    relationship = next((attrs for attrs in rels if _OFFICE_DOCUMENT.search(attrs)), None)
    target = TARGET.search(relationship) if relationship else None
    if target:
        name = part_name(target.group(1).decode("utf-8", "replace"))
        if name in parts:
            return name
    return next((name for name in _DEFAULT_PARTS if name in parts), None)


def head(zf: zipfile.ZipFile, name: str | None, size: int = SMALL_PART) -> bytes:
    """The first `size` bytes of a member (b"" when there is none)."""
    if name is None:
        return b""
    with zf.open(name) as member:
        return member.read(size)


def sheet_parts(zf: zipfile.ZipFile, parts: dict[str, str], workbook: str) -> dict[str, str]:
    """Sheet name -> part name, through the workbook's relationships."""
    folder, file = posixpath.split(workbook)
    rels = head(zf, parts.get(posixpath.join(folder, "_rels", file + ".rels")))
    targets = {}
    for attrs in RELATIONSHIP.findall(rels):
        rel_id, target = _ID.search(attrs), TARGET.search(attrs)
        if rel_id and target:
            path = html.unescape(target.group(1).decode("utf-8", "replace")).replace("\\", "/")
            targets[rel_id.group(1)] = (
                part_name(path) if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
            )
    sheets = {}
    for sheet in _SHEET.finditer(head(zf, parts[workbook])):
        name, rel_id = _NAME.search(sheet.group(1)), _REL_ID.search(sheet.group(1))
        if name and rel_id and rel_id.group(1) in targets:
            sheets[html.unescape(name.group(1).decode("utf-8", "replace"))] = targets[rel_id.group(1)]
    return sheets
