"""Unicode Vietnamese written the way legacy fonts and code pages store it,
for the loaders' tests and fixtures: TCVN3 (.VnTime) and VNI-Windows as
Excel keeps them in cells, and Windows-1258 bytes. TCVN3 bytes come from
loaders/legacy.py's table (glibc's, checked against iconv's TCVN5712-1 in
test_loaders_legacy.py where iconv has it, and by the hand-typed examples
there); VNI-Windows is written here independently of the loader's table, and
both are checked against a published VNI table there."""

from __future__ import annotations

import unicodedata

from loaders.legacy import TCVN3

_TONES = dict(zip("\u0301\u0300\u0309\u0303\u0323", range(5)))


def to_tcvn3(text: str, codec: str = "cp1252") -> str:
    """Unicode as Excel stores it typed in a .VnTime font: TCVN3 bytes read as Windows code-page characters."""
    data = tcvn3_bytes(text)
    return "".join(bytes([byte]).decode(codec, "ignore") or chr(byte) for byte in data)


def tcvn3_bytes(text: str) -> bytes:
    """TCVN3 bytes of Unicode text; a letter the table lacks is written as its base letter and a tone byte."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(ord(char))
        elif char in TCVN3:
            out.append(0x80 + TCVN3.index(char))
        else:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            if base == char:
                raise ValueError(f"no TCVN3 for {char!r}")
            out += tcvn3_bytes(base) + bytes(0x80 + TCVN3.index(c) for c in parts if c in _TONES)
    return bytes(out)


def to_vni(text: str) -> str:
    """Unicode as typed in a VNI-Windows font: base letter, then one mark character (ơ ư đ i ỵ are single)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        tone = next((_TONES[m] for m in marks if m in _TONES), None)
        upper = base.isupper()
        if char in "đĐ":
            vni = "ñ"
        elif base.lower() == "i" and tone is not None:
            vni = "íìæóò"[tone]
        elif base.lower() == "y" and tone == 4:
            vni = "î"
        elif "\u0302" in marks:
            vni = base.lower() + "âáàåãä"[0 if tone is None else tone + 1]
        elif "\u0306" in marks:
            vni = "a" + "êéèúüë"[0 if tone is None else tone + 1]
        else:
            letter = {"o": "ô", "u": "ö"}[base.lower()] if "\u031b" in marks else base.lower()
            vni = letter + ("" if tone is None else "ùøûõï"[tone])
        out.append(vni.upper() if upper else vni)
    return "".join(out)


def windows_1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters precomposed, tone marks combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = "".join(c for c in parts if c not in _TONES)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")
