"""The Dữ liệu page's phone tab, as services: issue and revoke links, see
where each village (or unit) stands for a period, and preview, accept or
return what the links sent, each write as an editor allowed to write the
commune (services.communes.check_editor), like the rest of the desk.
"""

from __future__ import annotations

import json

from services import entries, links
from services.accounts import Editor
from services.communes import check_editor
from services.ingest import FileReport, validate_file
from store import Store
from store import links as stored

# Where a village or unit stands for a period, first to last.
PROGRESS = ("no_link", "not_opened", "opened", "pending", "accepted", "returned")


def issue(store: Store, editor: Editor, period: str, villages: list[str], units: list[str], url: str) -> list[links.Issued]:
    check_editor(store, editor)
    return links.issue(store, period, villages or None, units or None, editor.name, url)


def revoke(store: Store, editor: Editor, period: str, village: str | None, unit: str | None) -> None:
    check_editor(store, editor)
    links.revoke(store, period, village, unit, editor.name)


def accept(store: Store, editor: Editor, entry_id: int) -> FileReport:
    check_editor(store, editor)
    return entries.accept(store, entry_id, editor.name)


def give_back(store: Store, editor: Editor, entry_id: int, note: str) -> None:
    check_editor(store, editor)
    entries.give_back(store, entry_id, note, editor.name)


def preview(store: Store, entry_id: int) -> FileReport:
    """What accepting an entry would do now: its workbook's dry run against the store."""
    found = stored.entry(store, entry_id)
    if found is None:
        raise entries.EntryError(f"Không có phiếu nhập số {entry_id} của xã này.")
    return validate_file(store, found.content, found.filename, found.period)


def standing(store: Store, period: str) -> list[dict]:
    """Each village of the register and each unit with a link, for the
    period: its newest link's state and where its report stands (PROGRESS)."""
    locked = set(store.locked_periods())
    newest: dict[tuple, stored.Link] = {}
    for link in stored.of_period(store, period):
        newest[(link.village, link.unit)] = link
    sent: dict[int, stored.Entry] = {}
    for entry, link in stored.listed_entries(store):
        sent.setdefault(link.id, entry)  # newest first
    register = store.current_values(["00"]).query("field == 'village_name'")
    rows = [(code, None, name) for code, name in zip(register["entity"], register["text"])]
    rows += [(None, unit, unit) for (village, unit) in newest if unit]
    return [_standing(village, unit, name, newest.get((village, unit)), sent, locked) for village, unit, name in rows]


def _standing(village, unit, name, link, sent, locked) -> dict:
    entry = sent.get(link.id) if link else None
    if link is None:
        progress = "no_link"
    elif entry is not None:
        progress = entry.state
    else:
        progress = "opened" if link.opened_at else "not_opened"
    return {
        "village": village,
        "unit": unit,
        "name": name,
        "link": links.state(link, locked) if link else None,
        "progress": progress,
        "sent_at": entry.received_at if entry else None,
        "entry": entry.id if entry else None,
        "note": entry.note if entry else None,
    }


def typed(entry: stored.Entry) -> dict[str, str]:
    return json.loads(entry.typed)
