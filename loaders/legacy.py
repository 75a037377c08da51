"""Vietnamese typed in the legacy 8-bit font encodings TCVN3 (ABC) and VNI-Windows.

Many commune computers still type with .VnTime (TCVN3) or VNI fonts, so Excel
stores each cell as the Windows code-page characters of the font's bytes:
"Thôn Cao Xã" arrives as "Th«n Cao X·" (TCVN3) or "Thoân Cao Xaõ" (VNI).
What the official saw is what the font drew, so a cell whose font is a
legacy one is converted whatever its text, unless the conversion reads
worse (Unicode typed over an old template's font); its text alone cannot
tell "Cã", "hé" ("Có", "hộ" typed in TCVN3) from Vietnamese. A cell whose
font says nothing (a Unicode font, a CSV file) is recognised by its words,
which are not Vietnamese syllables while the same bytes read through a
legacy table are; genuine Unicode text is never touched that way.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

Font = tuple[str, bool]  # the encoding a font types, and whether it draws every letter as a capital
TCVN3_FONT, TCVN3_CAPITALS, VNI_FONT = ("tcvn3", False), ("tcvn3", True), ("vni", False)
# Font names as their makers give them (PC World Vietnam, 2003, "font ABC có tiếp đầu ngữ '.Vn', font VNI
# có tiếp đầu ngữ 'VNI-'"): ABC (TCVN3) fonts are .VnTime, .VnArial..., each with a twin named with an
# "H" (.VnTimeH) that draws the lower-case codes as capitals, since TCVN3 has no codes for capitals with
# tone marks; VNI-Windows fonts are VNI-Times, VNI-Helve, VNI-Helve-Condense..., whose encoding has its
# own capitals, so none is upper-cased. Vn... without the dot is Bách Khoa's encoding, not read here.
_TCVN3_NAME = re.compile(r"\.vn", re.IGNORECASE)
_VNI_NAME = re.compile(r"vni[-_ ]", re.IGNORECASE)

LEGACY_NAMES = {  # vi, en: the encoding and the fonts that type it
    "tcvn3": ("TCVN3 (ABC, phông .VnTime, .VnArial)", "TCVN3 (ABC, fonts .VnTime, .VnArial)"),
    "vni": ("VNI-Windows (phông VNI-Times)", "VNI-Windows (font VNI-Times)"),
}

# Bytes 0x80-0xFF of TCVN 5712:1993 (VN3), as glibc's `iconv -f TCVN5712-1 -t UTF-8` gives them;
# 0xB0-0xB4 are combining tone marks. Bytes 0x00-0x7F are ASCII.
TCVN3 = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ\xa0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)


def _code_page_bytes() -> dict[str, int]:
    """Byte of each character Excel can store for a font byte: Windows-1252 or -1258, else the code point."""
    byte_of = {chr(byte): byte for byte in range(0x80, 0x100)}
    for codec in ("cp1258", "cp1252"):
        byte_of |= {char: byte for byte in range(0x80, 0x100) if (char := bytes([byte]).decode(codec, "ignore"))}
    return byte_of


_BYTE_OF = _code_page_bytes()
_LATIN = {byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in range(0x80, 0x100)}
_TCVN3_MAP = str.maketrans({char: TCVN3[byte - 0x80] for char, byte in _BYTE_OF.items()})
_TO_LATIN = str.maketrans({char: _LATIN[byte] for char, byte in _BYTE_OF.items()})
_TCVN3_BYTES = str.maketrans({chr(byte): TCVN3[byte - 0x80] for byte in range(0x80, 0x100)})

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # acute, grave, hook, tilde, dot below


def _vni_table() -> dict[str, str]:
    """VNI-Windows sequences (base letter + mark character, or one character) and the letters they type."""
    table: dict[str, str] = {}
    for marks, bases, modifier in (("ùøûõï", "aeouyôö", ""), ("âáàåãä", "aeo", "\u0302"), ("êéèúüë", "a", "\u0306")):
        for upper in (False, True):
            tone_marks, letters = (marks.upper(), bases.upper()) if upper else (marks, bases)
            for base, letter in zip(letters, letters.translate(str.maketrans("ôöÔÖ", "ơưƠƯ"))):
                for mark, tone in zip(tone_marks, ("", *_TONES) if modifier else _TONES):
                    table[base + mark] = unicodedata.normalize("NFC", letter + modifier + tone)
    singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
    return table | singles | {key.upper(): value.upper() for key, value in singles.items()}


_VNI = _vni_table()
_VNI_RE = re.compile("|".join(map(re.escape, sorted(_VNI, key=len, reverse=True))))


def _classes(keys: Iterable[str], index: int) -> tuple[str, str]:
    """Lower- and upper-case character classes of the characters at `index` of VNI sequences."""
    chars = {key[index] for key in keys if len(key) == 2}
    return "".join(sorted(c for c in chars if c.islower())), "".join(sorted(c for c in chars if c.isupper()))


# Characters of Unicode Vietnamese that a code page can hold, and those no legacy cell can contain.
_ORDINARY = "àáâãèéêìíòóôõùúýăđơư"
_REPERTOIRE = "".join(sorted(c for c in _BYTE_OF if ord(c) > 0xFF))
_FOREIGN = re.compile(f"[^\\x00-\\xff{re.escape(_REPERTOIRE)}]")
_LOW_BASES, _UP_BASES = _classes(_VNI, 0)
_LOW_MARKS, _UP_MARKS = _classes(_VNI, 1)
_SUSPECT = re.compile(
    f"[^\\x00-\\x7f{_ORDINARY}{_ORDINARY.upper()}]"  # a character Unicode Vietnamese does not use
    "|[a-z\\xdf-\\xff][\\xc0-\\xde]"  # TCVN3 lower-case letters stored as upper-case Latin-1
    f"|[{_LOW_BASES}][{_LOW_MARKS}]|[{_UP_BASES}][{_UP_MARKS}]"  # VNI vowel + mark
)

# A syllable: onset + rime, the rime written with '*' (acute, dot below) or '~' (other tones) after the toned vowel.
# Nuclei by where the tone may sit (index of the vowel) and whether a consonant coda may, must or cannot follow.
_NUCLEI = {
    "?": {"a e ê i o ô ơ u ư y": "0", "oa oe uy": "01", "uê uơ": "1"},
    "+": {"ă â": "0", "iê yê uô ươ oă uâ": "1", "uyê": "2"},
    "": {"ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa": "0", "oai oay oeo uây uôi ươi ươu yêu iêu uyu uya": "1"},
}
# Spelling rules: k, gh, ngh before i e ê y and c, g, ng elsewhere; ch, nh only after a ê i y; no ic, ing;
# a stop coda (c ch p t) only with an acute or dot-below tone.
_ONSET = "(?:ngh(?=[ieê])|ng(?![ieê])|nh|gh(?=[ieê])|gi|g(?![eê])|kh|ph|qu|th|tr|ch|k(?=[ieêy])|c(?![ieêy])|[bdđhlmnprstvx])?"
_CODA = "(?:ch|ng|nh|[cmnpt])"


def _rimes(nuclei: dict[str, str]) -> str:
    """Regex alternatives of the nuclei, each untoned and with the tone on every allowed vowel."""
    forms = set()
    for names, places in nuclei.items():
        for nucleus in names.split():
            forms.add(nucleus)
            forms.update(nucleus[: int(p) + 1] + "[*~]" + nucleus[int(p) + 1 :] for p in places)
    return "|".join(sorted(forms, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"{_ONSET}(?:(?:{_rimes(_NUCLEI['?'])}){_CODA}?|(?:{_rimes(_NUCLEI['+'])}){_CODA}|(?:{_rimes(_NUCLEI[''])})|oo[*~]?(?:c|ng))"
)
_WORD = re.compile(r"[^\s\x21-\x40\x5b-\x60\x7b-\x7e]+")  # runs between spaces, ASCII punctuation and digits
_LONGEST = 12  # no Vietnamese syllable is longer, even decomposed


_BAD_CODA = re.compile(r"[^aêiy*~][*~]?[cn]h$|[iy][*~]?(?:c|ng)$|^[^*]*(?:[cpt]|ch)$")
_ABBREVIATION = re.compile("[A-ZĐ]+")  # NĐ-CP, HĐND, ĐVT


def _skeleton(word: str) -> str:
    """Lower-case letters with '*' or '~' after the one that carries a tone mark, whatever the normalisation."""
    clusters: list[list[str]] = []
    for char in unicodedata.normalize("NFD", word.lower()):
        if clusters and char in _TONES:
            clusters[-1][1] += "*" if char in "\u0301\u0323" else "~"
        elif clusters and unicodedata.combining(char):
            clusters[-1][0] += char
        else:
            clusters.append([char, ""])
    return "".join(unicodedata.normalize("NFC", base) + tone for base, tone in clusters)


@functools.lru_cache(maxsize=65536)
def _reads_as_vietnamese(word: str) -> bool:
    """A syllable with at most one tone, on a vowel that may carry it, in a usual case (TCVN3 stores many lower-case
    letters as upper-case Latin-1 ones: 'kÕt'); or a single character ('đ', '—') or an abbreviation, which prove nothing."""
    if len(word) == 1 or _ABBREVIATION.fullmatch(word):
        return True
    if not word.isupper() and any(char.isupper() and not char.isascii() for char in word[1:]):
        return False
    skeleton = _skeleton(word)
    tones = skeleton.count("*") + skeleton.count("~")
    return tones <= 1 and _SYLLABLE.fullmatch(skeleton) is not None and not _BAD_CODA.search(skeleton)


def _invalid(text: str) -> int:
    """How many non-ASCII words of the text do not read as Vietnamese."""
    return sum(
        1 for word in _WORD.findall(text) if not word.isascii() and (len(word) > _LONGEST or not _reads_as_vietnamese(word))
    )


def _tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3_MAP))


def _vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda match: _VNI[match.group()], text.translate(_TO_LATIN)))


_DECODERS = {"tcvn3": _tcvn3, "vni": _vni}


def _legacy_candidate(text: object) -> bool:
    """Could be a legacy cell: not ASCII, only code-page characters. Cheap, so that Unicode cells cost little."""
    return isinstance(text, str) and not text.isascii() and _FOREIGN.search(text) is None


def font_encoding(name: str) -> Font | None:
    """The legacy encoding a font types, by its name ('.VnTimeH', "'VNI-Times'"); None for other fonts."""
    name = name.strip().strip("'\"").strip()
    if _TCVN3_NAME.match(name):
        return TCVN3_CAPITALS if name.endswith("H") else TCVN3_FONT
    return VNI_FONT if _VNI_NAME.match(name) else None


def convert(text: str, encoding: str, tie: bool = False) -> str:
    """One cell's text in Unicode (NFC), when `encoding` leaves fewer of its words that are not Vietnamese
    syllables (with `tie`, no more); otherwise the text unchanged. A character no legacy font types means
    the text is Unicode already."""
    if not _legacy_candidate(text):
        return text
    before = _invalid(text)
    if before or tie:
        converted = _DECODERS[encoding](text)
        after = _invalid(converted)
        if after < before or (tie and after == before):
            return converted
    return text


def in_font(text: str, font: Font) -> str:
    """A cell's text as its legacy font drew it: converted unless that reads worse, in capitals for .VnTimeH."""
    converted = convert(text, font[0], tie=True)
    return converted.upper() if font[1] and converted != text else converted


def typed_throughout(texts: Iterable[str], encoding: str) -> bool:
    """Whether the text of a sheet whose fonts say nothing was typed in `encoding` throughout, so that its
    cells that read as Vietnamese either way are converted too: some cells are repaired, and none reads
    better as it stands or holds a character no legacy font types (one Unicode header among many rows typed
    in TCVN3 says the sheet is mixed, and its other Unicode cells must not be converted)."""
    decode = _DECODERS[encoding]
    repaired = False
    for text in texts:
        if not _legacy_candidate(text):
            return False
        before, after = _invalid(text), _invalid(decode(text))
        if after > before:
            return False
        repaired = repaired or after < before
    return repaired


def choose_encoding(texts: Iterable[str]) -> str | None:
    """The legacy encoding ("tcvn3" or "vni") that the cell texts of one file were typed in, or None when they
    read as Unicode Vietnamese: the one that repairs the most cells. Cells with nothing suspicious are skipped
    unchecked, which keeps a Unicode file cheap."""
    repaired = dict.fromkeys(_DECODERS, 0)
    for text in texts:
        before = _invalid(text) if _legacy_candidate(text) and _SUSPECT.search(text) else 0
        for encoding, decode in _DECODERS.items() if before else ():
            repaired[encoding] += _invalid(decode(text)) < before
    best = max(repaired, key=repaired.__getitem__)
    return best if repaired[best] else None


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text of a non-UTF-8 text file (a CSV): TCVN3 or VNI bytes when the text reads as Vietnamese that way,
    else Windows-1258 (NFC) as today; returns (text, encoding id or None). The whole file is one encoding,
    so the reading with the fewest words that are not syllables wins."""
    unicode = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    before = 0 if data.isascii() else _invalid(unicode)
    if not before:
        return unicode, None
    latin = data.decode("latin-1")
    readings = {"tcvn3": unicodedata.normalize("NFC", latin.translate(_TCVN3_BYTES)), "vni": _vni(latin)}
    counts = {encoding: _invalid(text) for encoding, text in readings.items()}
    best = min(counts, key=counts.__getitem__)
    return (readings[best], best) if counts[best] < before else (unicode, None)
