"""Links and what they send, as stored: capability links (the token's hash
only), phone entries and their decisions, and the store's secret. Every
query is scoped to the Store's commune; services/links.py and
services/entries.py hold the rules.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from store import Store
from store.schema import entries, links, settings
from store.sql import aware

SECRET = "form_secret"


@dataclass(frozen=True)
class Link:
    id: int
    commune: str
    village: str | None
    unit: str | None
    name: str
    period: str
    issued_by: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_by: str | None
    opened_at: dt.datetime | None
    last_submission_at: dt.datetime | None


@dataclass(frozen=True)
class Entry:
    id: int
    link_id: int
    key: str
    form: str
    period: str
    received_at: dt.datetime
    typed: str
    filename: str
    content: bytes
    sha256: str
    problems: str
    state: str
    note: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    submission_id: int | None


def _link(row) -> Link:
    return Link(**{f: aware(row[f]) for f in Link.__dataclass_fields__})


def _entry(row) -> Entry:
    return Entry(**{f: aware(row[f]) for f in Entry.__dataclass_fields__})


# ----- links --------------------------------------------------------------------


def add_links(store: Store, records: list[dict]) -> None:
    """Store new links (their tokens' hashes) and revoke the earlier active
    links of the same villages or units and periods, in one transaction."""
    now = dt.datetime.now(dt.UTC)
    with store.writing() as conn:
        for period in {r["period"] for r in records}:
            mine = [r for r in records if r["period"] == period]
            for column in ("village", "unit"):
                keys = sorted({r[column] for r in mine if r[column] is not None})
                if keys:
                    conn.execute(
                        links.update()
                        .where(_mine(store), links.c.period == period, links.c[column].in_(keys), links.c.revoked_at.is_(None))
                        .values(revoked_at=now, revoked_by=records[0]["issued_by"])
                    )
        conn.execute(links.insert(), [{"commune": store.commune, **r} for r in records])


def revoke(store: Store, period: str, village: str | None, unit: str | None, user: str) -> int:
    """Revoke the active link of a village or unit for a period; how many were."""
    column, value = ("village", village) if village is not None else ("unit", unit)
    with store.writing() as conn:
        return conn.execute(
            links.update()
            .where(_mine(store), links.c.period == period, links.c[column] == value, links.c.revoked_at.is_(None))
            .values(revoked_at=dt.datetime.now(dt.UTC), revoked_by=user)
        ).rowcount


def of_period(store: Store, period: str) -> list[Link]:
    """Every link of the period, newest last."""
    with store.reading() as conn:
        rows = conn.execute(sa.select(links).where(_mine(store), links.c.period == period).order_by(links.c.id)).mappings()
        return [_link(r) for r in rows]


def by_token_hash(store: Store, token_hash: str) -> Link | None:
    """The link a token opens, of whichever commune (the token says which)."""
    with store.transaction() as conn:
        row = conn.execute(sa.select(links).where(links.c.token_hash == token_hash)).mappings().first()
    return _link(row) if row else None


def mark_opened(store: Store, link: Link) -> None:
    """The first time a link is opened (the desk shows it as opened)."""
    if link.opened_at is None:
        with store.transaction(write=True) as conn:
            conn.execute(
                links.update().where(links.c.id == link.id, links.c.opened_at.is_(None)).values(opened_at=dt.datetime.now(dt.UTC))
            )


def _mine(store: Store) -> sa.ColumnElement[bool]:
    return links.c.commune == store.commune


# ----- entries ------------------------------------------------------------------


def add_entry(conn: sa.Connection, link: Link, record: dict) -> Entry:
    """Store an entry a link sent, inside `conn`'s write transaction; the
    entry already made under the same key when the phone sent it twice."""
    same = conn.execute(sa.select(entries).where(entries.c.link_id == link.id, entries.c.key == record["key"])).mappings().first()
    if same:
        return _entry(same)
    now = dt.datetime.now(dt.UTC)
    row = {"commune": link.commune, "link_id": link.id, "received_at": now, "state": "pending", **record}
    new_id = conn.execute(entries.insert().values(**row)).inserted_primary_key[0]
    conn.execute(links.update().where(links.c.id == link.id).values(last_submission_at=now))
    return _entry(conn.execute(sa.select(entries).where(entries.c.id == new_id)).mappings().one())


def entry(store: Store, entry_id: int) -> Entry | None:
    with store.reading() as conn:
        row = (
            conn.execute(sa.select(entries).where(entries.c.commune == store.commune, entries.c.id == entry_id))
            .mappings()
            .first()
        )
    return _entry(row) if row else None


def entries_of_link(store: Store, link_id: int) -> list[Entry]:
    """What a link has sent, oldest first."""
    with store.transaction() as conn:
        rows = conn.execute(sa.select(entries).where(entries.c.link_id == link_id).order_by(entries.c.id)).mappings()
        return [_entry(r) for r in rows]


def listed_entries(store: Store, states: tuple[str, ...] = ()) -> list[tuple[Entry, Link]]:
    """The commune's entries (of some states), newest first, with their links."""
    query = sa.select(entries, *[c.label(f"of_link_{c.name}") for c in links.c]).join(links, links.c.id == entries.c.link_id)
    query = query.where(entries.c.commune == store.commune).order_by(entries.c.id.desc())
    if states:
        query = query.where(entries.c.state.in_(states))
    with store.reading() as conn:
        rows = conn.execute(query).mappings().all()
    return [(_entry(r), _link({f: r[f"of_link_{f}"] for f in Link.__dataclass_fields__})) for r in rows]


def decide(conn: sa.Connection, entry_id: int, state: str, user: str, note: str | None, submission: int | None) -> bool:
    """Record an editor's decision on an entry still pending, inside
    `conn`'s transaction; False when another decided it first. The entries
    table is the decisions' trail; an accepted entry's submission has its
    own event."""
    return bool(
        conn.execute(
            entries.update()
            .where(entries.c.id == entry_id, entries.c.state == "pending")
            .values(state=state, decided_by=user, decided_at=dt.datetime.now(dt.UTC), note=note, submission_id=submission)
        ).rowcount
    )


# ----- the store's secret -------------------------------------------------------


def form_secret(store: Store) -> bytes:
    """The secret that signs the phone pages' forms, made on first use and
    shared by every process of the store."""
    with store.transaction() as conn:
        found = conn.execute(sa.select(settings.c.value).where(settings.c.key == SECRET)).scalar()
    if found is None:
        with store.transaction(write=True) as conn:
            found = conn.execute(sa.select(settings.c.value).where(settings.c.key == SECRET)).scalar()
            if found is None:
                found = secrets.token_hex(32)
                conn.execute(settings.insert().values(key=SECRET, value=found))
    return bytes.fromhex(found)
