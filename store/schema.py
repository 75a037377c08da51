"""Tables of the store (SQLAlchemy Core). Alembic migrations in
store/migrations create and evolve them; this module is their description.

Every value points to the submission it came from. A value is `active`
while it is the current figure; when a newer submission supersedes it,
`replaced_by` names that submission, which is how a revert knows what to
restore.

One store holds many communes (the city's server): every submission, value,
lock and event belongs to one, by its official code; `communes` lists the
registered ones, `programs` each one's program (targets, tasks, due dates,
signer) in versions, and `results` each one's commune-level indicator
figures, refreshed on every change, which the city page reads.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
HEAD = "0007"  # the newest migration; a store there opens without loading Alembic (tests check it is the head)

COMMUNE = sa.String(8)  # an official unit code, e.g. "10903"

communes = sa.Table(
    "communes",
    metadata,
    sa.Column("code", COMMUNE, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("province", sa.String(100), nullable=False),
    sa.Column("province_code", sa.Integer, nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("results_change", sa.Integer, nullable=False, server_default="0"),  # the change `results` stand at
)

# A commune's program in versions; none means the shipped program.
programs = sa.Table(
    "programs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", COMMUNE, sa.ForeignKey("communes.code"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.UniqueConstraint("commune", "version"),
)

# Commune-level indicator figures, as metrics computes them, per period.
results = sa.Table(
    "results",
    metadata,
    sa.Column("commune", COMMUNE, primary_key=True),
    sa.Column("indicator", sa.String(16), primary_key=True),
    sa.Column("period", sa.String(10), primary_key=True),
    sa.Column("value", sa.Float),
    sa.Column("numerator", sa.Float),
    sa.Column("denominator", sa.Float),
    sa.Column("villages_reporting", sa.Integer),
    sa.Column("status", sa.String(24)),
    sa.Column("gap", sa.Float),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", COMMUNE, nullable=False, index=True),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("forms", sa.String(40), nullable=False),
    sa.Column("periods", sa.String(200), nullable=False),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("inserted", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Text, nullable=False, server_default="[]"),
    sa.Column("state", sa.String(20), nullable=False, server_default="accepted"),
    sa.Column("reverted_at", sa.DateTime(timezone=True)),
    sa.Column("reverted_by", sa.String(100)),
)

values = sa.Table(
    "values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", COMMUNE, nullable=False),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, index=True),
    sa.Column("form", sa.String(2), nullable=False),
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("village", sa.String(64)),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("num", sa.Float),
    sa.Column("text", sa.Text),
    sa.Column("sheet", sa.Text),
    sa.Column("row", sa.Integer),
    sa.Column("column", sa.String(8)),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("replaced_by", sa.Integer, sa.ForeignKey("submissions.id"), index=True),
    sa.Index("ix_values_current", "commune", "active", "form", "period"),
    sa.Index("ix_values_key", "commune", "entity", "form", "period"),
)

locks = sa.Table(
    "locks",
    metadata,
    sa.Column("commune", COMMUNE, primary_key=True),
    sa.Column("period", sa.String(10), primary_key=True),
    sa.Column("locked_by", sa.String(100), nullable=False),
    sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per change of the store (ingest, revert, lock, unlock): the audit
# trail, and max(id) is the key that page caches use to see new data.
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", COMMUNE, nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("submission_id", sa.Integer),
    sa.Column("period", sa.String(200)),
    sa.Column("detail", sa.Text),
)

# Editor accounts for sign-in without an identity provider: the password is
# kept only as a salted argon2 hash. `failures` and `blocked_until` slow down
# guessing across sessions (services/accounts.py). `communes`: the codes the
# editor may write, comma-separated, or "*" for a city account (every one).
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("blocked_until", sa.DateTime(timezone=True)),
    sa.Column("communes", sa.Text, nullable=False, server_default=""),
)

# Capability links for reporting from a phone (services/links.py): one per
# village (or task-lead unit) and period. Only the SHA-256 of the token is
# kept; the URL exists only when the link is issued.
links = sa.Table(
    "links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", COMMUNE, nullable=False),
    sa.Column("village", sa.String(64)),  # a village code, or
    sa.Column("unit", sa.String(200)),  # a task-lead unit's name
    sa.Column("name", sa.String(200), nullable=False),  # as shown when issued
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("issued_by", sa.String(100), nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.String(100)),
    sa.Column("opened_at", sa.DateTime(timezone=True)),
    sa.Column("last_submission_at", sa.DateTime(timezone=True)),
    sa.Index("ix_links_commune_period", "commune", "period"),
)

# What a link sent: pending until an editor accepts it (then it is an
# ordinary submission, `submission_id`) or returns it with a note. `key` is
# the phone's idempotency key: a retried send finds the entry it made.
entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", COMMUNE, nullable=False),
    sa.Column("link_id", sa.Integer, sa.ForeignKey("links.id"), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("form", sa.String(2), nullable=False),
    sa.Column("period", sa.String(10), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("typed", sa.Text, nullable=False),  # JSON: what was typed, field by field
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),  # the canonical workbook of what was typed
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("problems", sa.Text, nullable=False, server_default="[]"),  # JSON: warnings found on receipt
    sa.Column("state", sa.String(10), nullable=False, server_default="pending"),
    sa.Column("note", sa.Text),
    sa.Column("decided_by", sa.String(100)),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id")),
    sa.UniqueConstraint("link_id", "key"),
    sa.Index("ix_entries_commune_state", "commune", "state"),
)

# Settings of the whole store: the secret that signs the phone pages' forms.
settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
