"""First schema: submissions, values, locks, events.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
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
    op.create_table(
        "values",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False, index=True),
        sa.Column("form", sa.String(2), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("entity", sa.String(255), nullable=False),
        sa.Column("village", sa.String(64)),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("num", sa.Float),
        sa.Column("text", sa.Text),
        sa.Column("sheet", sa.String(255)),
        sa.Column("row", sa.Integer),
        sa.Column("column", sa.String(8)),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("replaced_by", sa.Integer, sa.ForeignKey("submissions.id"), index=True),
    )
    op.create_index("ix_values_current", "values", ["active", "form", "period"])
    op.create_table(
        "locks",
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("locked_by", sa.String(100), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("submission_id", sa.Integer),
        sa.Column("period", sa.String(10)),
        sa.Column("detail", sa.Text),
    )


def downgrade() -> None:
    for table in ("events", "locks", "values", "submissions"):
        op.drop_table(table)
