"""How a new file's values meet the stored ones (DOMAIN.md "Resubmission").

Pure functions over frames, shared by the dry-run preview and the store's
write, so what a preview promises is exactly what a commit does:
- village_field (Biểu 00, 01): by village and field; a blank never erases.
- row (Biểu 04): by key; the key's whole row for the period is replaced.
- register (Biểu 02, 03, 05): the whole register of a period is replaced.
Counts are rows (keys): inserted (new for the period), updated (values
change), unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from catalog.models import Catalog

GROUP = {
    "village_field": ["form", "period", "entity", "field"],
    "row": ["form", "period", "entity"],
    "register": ["form", "period"],
}
ENTITY = ["form", "period", "entity"]


@dataclass
class MergePlan:
    """What a commit will do: stored value ids to retire and rows to add."""

    retire: list[int] = field(default_factory=list)
    insert: pd.DataFrame = field(default_factory=pd.DataFrame)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def summary(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


def _signature(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """One comparable string per group: its fields and values, sorted."""
    cells = frame["field"] + "=" + frame["num"].astype("string").fillna("") + "|" + frame["text"].astype("string").fillna("")
    if "entity" not in keys:
        cells = frame["entity"] + ":" + cells
    return cells.groupby([frame[k] for k in keys], sort=False).agg(lambda s: "\n".join(sorted(s)))


def _changed_groups(new: pd.DataFrame, stored: pd.DataFrame, keys: list[str]) -> tuple[set, set]:
    """(groups of `new` that differ from stored, groups absent from stored)."""
    new_sig = _signature(new, keys)
    old_sig = _signature(stored, keys) if len(stored) else pd.Series(dtype="string")
    absent = {g for g in new_sig.index if g not in old_sig.index}
    changed = {g for g in new_sig.index if g not in absent and new_sig[g] != old_sig[g]}
    return changed | absent, absent


def _keys_of(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    return pd.Series(list(zip(*[frame[k] for k in keys])), index=frame.index) if len(keys) > 1 else frame[keys[0]]


def plan_merge(new: pd.DataFrame, stored: pd.DataFrame, catalog: Catalog) -> MergePlan:
    """The plan that merges `new` (a file's values) into `stored` (the active
    values of the same forms and periods, with their `id`)."""
    plan = MergePlan(insert=new.iloc[0:0])
    inserts = []
    for form_id, form_new in new.groupby("form", sort=False):
        keys = GROUP[catalog.forms[str(form_id)].merge]
        form_old = stored[stored["form"] == form_id] if len(stored) else stored
        write, _ = _changed_groups(form_new, form_old, keys)
        new_keys, old_keys = _keys_of(form_new, keys), _keys_of(form_old, keys) if len(form_old) else pd.Series(dtype=object)
        inserts.append(form_new[new_keys.isin(write)])
        plan.retire += form_old.loc[old_keys.isin(write), "id"].astype(int).tolist() if len(form_old) else []
        partial = catalog.forms[str(form_id)].merge == "village_field"
        _count(plan, form_new, _carried(form_new, form_old) if partial else form_old, form_old)
    if inserts:
        plan.insert = pd.concat(inserts, ignore_index=True)
    return plan


def _count(plan: MergePlan, new: pd.DataFrame, compared: pd.DataFrame, old: pd.DataFrame) -> None:
    """Count keys: inserted when the key has nothing stored for the period,
    else updated when its `compared` values differ, else unchanged."""
    changed, _ = _changed_groups(new, compared, ENTITY)
    stored_keys = set(_keys_of(old, ENTITY)) if len(old) else set()
    keys = set(_keys_of(new, ENTITY))
    inserted = keys - stored_keys
    plan.inserted += len(inserted)
    plan.updated += len(changed - inserted)
    plan.unchanged += len(keys - changed)


def _carried(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """Stored rows of the keys and fields the new file carries: a partial
    report is compared only on what it reports."""
    if not len(old):
        return old
    return old.merge(new[ENTITY + ["field"]].drop_duplicates(), on=ENTITY + ["field"])


def merged_view(stored: pd.DataFrame, plan: MergePlan) -> pd.DataFrame:
    """The values as they will stand after the plan is applied."""
    kept = stored[~stored["id"].isin(plan.retire)] if len(stored) else stored
    return pd.concat([kept, plan.insert], ignore_index=True) if len(kept) else plan.insert.copy()
