"""Reporting from a phone: capability links per village or unit and period
(only the token's SHA-256 kept), the entries they send (pending until an
editor accepts or returns them), and the store's settings (the secret that
signs the phone pages' forms).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COMMUNE = sa.String(8)


def upgrade() -> None:
    op.create_table(
        "links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commune", COMMUNE, nullable=False),
        sa.Column("village", sa.String(64)),
        sa.Column("unit", sa.String(200)),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("issued_by", sa.String(100), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_by", sa.String(100)),
        sa.Column("opened_at", sa.DateTime(timezone=True)),
        sa.Column("last_submission_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_links_commune_period", "links", ["commune", "period"])
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commune", COMMUNE, nullable=False),
        sa.Column("link_id", sa.Integer, sa.ForeignKey("links.id"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("form", sa.String(2), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("typed", sa.Text, nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("problems", sa.Text, nullable=False, server_default="[]"),
        sa.Column("state", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("note", sa.Text),
        sa.Column("decided_by", sa.String(100)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id")),
        sa.UniqueConstraint("link_id", "key"),
    )
    op.create_index("ix_entries_commune_state", "entries", ["commune", "state"])
    op.create_table("settings", sa.Column("key", sa.String(40), primary_key=True), sa.Column("value", sa.Text, nullable=False))


def downgrade() -> None:
    for table in ("entries", "links", "settings"):
        op.drop_table(table)
