"""Index values by key, so checking a file against a city-sized store reads
only the keys the file touches.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_values_key", "values", ["entity", "form", "period"])


def downgrade() -> None:
    op.drop_index("ix_values_key", "values")
