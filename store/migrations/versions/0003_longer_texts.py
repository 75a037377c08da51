"""Room for what files really hold: an event of a file with several periods
('2024,2025,2026-H1'), and keys and sheet names of any length (PostgreSQL
enforces VARCHAR lengths, SQLite does not).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.alter_column("period", type_=sa.String(200), existing_type=sa.String(10))
    with op.batch_alter_table("values") as batch:
        batch.alter_column("entity", type_=sa.Text, existing_type=sa.String(255), existing_nullable=False)
        batch.alter_column("sheet", type_=sa.Text, existing_type=sa.String(255))
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("filename", type_=sa.Text, existing_type=sa.String(255), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("filename", type_=sa.String(255), existing_type=sa.Text, existing_nullable=False)
    with op.batch_alter_table("values") as batch:
        batch.alter_column("sheet", type_=sa.String(255), existing_type=sa.Text)
        batch.alter_column("entity", type_=sa.String(255), existing_type=sa.Text, existing_nullable=False)
    with op.batch_alter_table("events") as batch:
        batch.alter_column("period", type_=sa.String(10), existing_type=sa.String(200))
