"""How a new file's values meet the stored ones (DOMAIN.md "Resubmission").

Pure functions over value records (dicts of VALUE_COLUMNS; stored ones also
carry their `id`), shared by the dry-run preview and the store's write, so
what a preview promises is exactly what a commit does:
- village_field (Biểu 00, 01): by village and field; a blank never erases.
- row (Biểu 04): by key; the key's whole row for the period is replaced.
- register (Biểu 02, 03, 05): the whole register of a period is replaced.
Counts are rows (keys): inserted (new for the period), updated (values
change), unchanged. A file holds hundreds of values, so plain Python beats
pandas' fixed costs here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from catalog.models import Catalog

Record = dict
GROUP_KEYS = {
    "village_field": ("form", "period", "entity", "field"),
    "row": ("form", "period", "entity"),
    "register": ("form", "period"),
}
ENTITY_KEY = GROUP_KEYS["row"]


@dataclass
class MergePlan:
    """What a commit will do: stored value ids to retire and records to add."""

    retire: list[int] = field(default_factory=list)
    insert: list[Record] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def summary(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


def key_of(names: Iterable[str]) -> Callable[[Record], tuple]:
    """A record's key, always a tuple (itemgetter: a file's merge computes
    hundreds of them)."""
    names = tuple(names)
    if len(names) == 1:
        name = names[0]
        return lambda r: (r[name],)
    return itemgetter(*names)


def group_by(items: Iterable[Record], key: Callable[[Record], tuple]) -> dict[tuple, list[Record]]:
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for r in items:
        groups[key(r)].append(r)
    return groups


def _content(items: list[Record]) -> list[tuple]:
    """What a group says, independent of order and of where it was read."""
    return sorted((r["entity"], r["field"], r["num"], r["text"]) for r in items)


def plan_merge(new: list[Record], stored: list[Record], catalog: Catalog) -> MergePlan:
    """The plan that merges `new` (a file's values) into `stored` (the active
    values of the same forms, periods and keys)."""
    plan = MergePlan()
    for form_id, form_new in group_by(new, key_of(["form"])).items():
        merge = catalog.forms[form_id[0]].merge
        form_old = [r for r in stored if r["form"] == form_id[0]]
        key = key_of(GROUP_KEYS[merge])
        old_groups = group_by(form_old, key)
        for group, items in group_by(form_new, key).items():
            old = old_groups.get(group, [])
            if _content(items) != _content(old):
                plan.insert += items
                plan.retire += [r["id"] for r in old]
        _count(plan, form_new, form_old, partial=merge == "village_field")
    return plan


def _count(plan: MergePlan, new: list[Record], old: list[Record], partial: bool) -> None:
    """Count keys: inserted when the key has nothing stored for the period,
    else updated when its values differ (for a partial report, only the
    fields it carries are compared), else unchanged."""
    key = key_of(ENTITY_KEY)
    old_by_key = group_by(old, key)
    for entity, items in group_by(new, key).items():
        before = old_by_key.get(entity)
        if not before:
            plan.inserted += 1
            continue
        if partial:
            carried = {r["field"] for r in items}
            before = [r for r in before if r["field"] in carried]
        if _content(items) != _content(before):
            plan.updated += 1
        else:
            plan.unchanged += 1


def merged_view(stored: list[Record], plan: MergePlan) -> list[Record]:
    """The values as they will stand after the plan is applied."""
    retired = set(plan.retire)
    return [r for r in stored if r["id"] not in retired] + plan.insert
