"""The village registry (Biểu 00) and how written village names resolve to it.

Villages are typed by hand in every report: "Thôn Lương Xá", "LUONG XA",
an old name from before the merger. DOMAIN.md fixes the order in which a
name is tried (exact name, alias, then the same name ignoring case,
diacritics and a leading "Thôn"/"Khu dân cư"/"KDC"), and which outcomes are
errors, so every loader and page resolves villages the same way here.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from catalog.text import clean, fold
from loaders.problems import Problem, problem

if TYPE_CHECKING:
    import pandas as pd

_PREFIX = re.compile(r"^(?:thon|khu dan cu|kdc)\s+")
SUGGESTIONS = 3


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    group: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """The village a (name, code) pair names, or why it names none.

    problem is None on success, else village_unknown (candidates: the
    closest known names), village_ambiguous (candidates: the villages the
    name fits), village_mismatch (code and name name different villages) or
    village_missing (neither given).
    """

    code: str | None
    problem: str | None = None
    candidates: tuple[str, ...] = ()
    name: str | None = None  # the name as written
    written_code: str | None = None  # the code as written
    code_name: str | None = None  # the name of the village the code names (mismatch)

    def as_problem(self, **where: object) -> Problem | None:
        """The located Problem this resolution amounts to, or None when resolved."""
        if self.problem is None:
            return None
        if self.problem == "village_unknown":
            return problem(self.problem, name=self.name or self.written_code, suggest=_suggest(self.candidates), **where)
        if self.problem == "village_ambiguous":
            return problem(self.problem, name=self.name, candidates=", ".join(self.candidates), **where)
        if self.problem == "village_mismatch":
            return problem(self.problem, village_code=self.written_code, code_name=self.code_name, name=self.name, **where)
        return problem(self.problem, **where)


def _suggest(names: tuple[str, ...]) -> tuple[str, str]:
    if not names:
        return "", ""
    listed = ", ".join(f'"{n}"' for n in names)
    return f" Có phải là: {listed}?", f" Did you mean: {listed}?"


def _bare(name: str) -> str:
    """Folded name without a leading 'Thôn'/'Khu dân cư'/'KDC'."""
    return _PREFIX.sub("", fold(name))


class Registry:
    """Villages by code, with the lookup tables a name is resolved through."""

    def __init__(self, villages: list[Village], version: Hashable = None):
        self.version = version  # what it was read from, when known (the store's fingerprint); None: made here
        by_code = {v.code: v for v in villages}  # a later entry for a code wins
        self.villages: list[Village] = list(by_code.values())
        self._by_code = {v.code.casefold(): v for v in self.villages}
        self._names = self._index(lambda v: [clean(v.name)])
        self._aliases = self._index(lambda v: [clean(a) for a in v.aliases])
        self._folded = self._index(lambda v: [_bare(s) for s in (v.name, *v.aliases)])
        self.most_words = max((len(s.split()) for v in self.villages for s in (v.name, *v.aliases)), default=0)

    def _index(self, spellings) -> dict[str, list[Village]]:
        table: dict[str, list[Village]] = {}
        for village in self.villages:
            for spelling in set(spellings(village)):
                if spelling:
                    table.setdefault(spelling, []).append(village)
        return table

    @classmethod
    def from_values(cls, values: pd.DataFrame) -> Registry:
        """The registry held by the form-00 rows of a values frame."""
        rows = values[values["form"] == "00"]
        return cls.from_triples(zip(rows["entity"], rows["field"], rows["text"], strict=True))

    @classmethod
    def from_triples(cls, triples, version: Hashable = None) -> Registry:
        """The registry from (village code, field, text) of form-00 values."""
        fields: dict[str, dict[str, str]] = {}
        for entity, field, text in triples:
            if isinstance(text, str):
                fields.setdefault(str(entity), {})[field] = text
        return cls([_village(code, f) for code, f in fields.items()], version)

    def village(self, code: str) -> Village | None:
        return self._by_code.get(clean(code).casefold())

    def resolve(self, name: str | None, code: str | None) -> Resolution:
        """The village named by a written name and/or code (DOMAIN.md, Biểu 00)."""
        name, code = clean(name) or None, clean(code) or None
        if code is None:
            return self._resolve_name(name) if name else Resolution(None, "village_missing")
        village = self.village(code)
        if village is None:
            return Resolution(None, "village_unknown", self._closest(name or code), name or code, code)
        if name is None:
            return Resolution(village.code, name=village.name, written_code=code)
        fits = self._fitting(name)
        if village in fits:
            return Resolution(village.code, name=name, written_code=code)
        return Resolution(None, "village_mismatch", (), name, code, village.name)

    def _resolve_name(self, name: str) -> Resolution:
        fits = self._fitting(name)
        if len(fits) == 1:
            return Resolution(fits[0].code, name=name)
        if fits:
            return Resolution(None, "village_ambiguous", tuple(f"{v.name} ({v.code})" for v in fits), name)
        return Resolution(None, "village_unknown", self._closest(name), name)

    def _fitting(self, name: str) -> list[Village]:
        """Villages the name fits at the first step of the order that finds any."""
        for table, key in ((self._names, name), (self._aliases, name), (self._folded, _bare(name))):
            if table.get(key):
                return table[key]
        return []

    def _closest(self, name: str) -> tuple[str, ...]:
        # rapidfuzz's ratio is difflib's (2 x matches / total length), in C++:
        # difflib took 9 ms a name against a city's 1,710 villages, so a file
        # of unknown villages took seconds to read.
        close = process.extract(_bare(name), list(self._folded), scorer=fuzz.ratio, limit=SUGGESTIONS * 2, score_cutoff=60)
        names: list[str] = []
        for key, _, _ in close:
            for village in self._folded[key]:
                if village.name not in names:
                    names.append(village.name)
        return tuple(names[:SUGGESTIONS])


def _village(code: str, fields: dict[str, str]) -> Village:
    aliases = tuple(a.strip() for a in fields.get("aliases", "").split(";") if a.strip())
    return Village(code, fields.get("village_name") or code, fields.get("group"), aliases)
