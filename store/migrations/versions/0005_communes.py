"""Many communes in one store: the registered communes, each one's program
in versions and its commune-level results; a commune on every submission,
value, lock and event; the communes an editor may write.

A store that holds data was one commune's: everything in it goes to the
commune the installation was configured for (the catalog's commune code),
which is registered from the official list; its editors keep their right
to write it.

Revision ID: 0005
Revises: 0004
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COMMUNE = sa.String(8)
OWNED = ("submissions", "values", "events")


def upgrade() -> None:
    _new_tables()
    code = _configured_commune()
    held = op.get_bind().execute(sa.text("select count(*) from submissions")).scalar() > 0
    if held:
        _register(code)
    for table in OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("commune", COMMUNE, nullable=True))
        op.execute(sa.text(f'update "{table}" set commune = :code').bindparams(code=code))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("commune", existing_type=COMMUNE, nullable=False)
    op.create_index("ix_submissions_commune", "submissions", ["commune"])
    op.create_index("ix_events_commune", "events", ["commune"])
    op.drop_index("ix_values_current", "values")
    op.drop_index("ix_values_key", "values")
    op.create_index("ix_values_current", "values", ["commune", "active", "form", "period"])
    op.create_index("ix_values_key", "values", ["commune", "entity", "form", "period"])
    _locks_by_commune(code)
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("communes", sa.Text, nullable=False, server_default=""))
    op.execute(sa.text("update users set communes = :code").bindparams(code=code))  # with or without data, they were its editors


def _new_tables() -> None:
    op.create_table(
        "communes",
        sa.Column("code", COMMUNE, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("province", sa.String(100), nullable=False),
        sa.Column("province_code", sa.Integer, nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("results_change", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commune", COMMUNE, sa.ForeignKey("communes.code"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.UniqueConstraint("commune", "version"),
    )
    op.create_table(
        "results",
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


def _configured_commune() -> str:
    from catalog import load_catalog

    return load_catalog().commune.code


def _register(code: str) -> None:
    from catalog.units import find

    unit = find(code)
    op.execute(
        sa.text(
            "insert into communes (code, name, province, province_code, type, added_at, results_change)"
            " values (:code, :name, :province, :province_code, :type, :at, 0)"
        ).bindparams(
            code=unit.code,
            name=unit.name,
            province=unit.province,
            province_code=unit.province_code,
            type=unit.type,
            at=dt.datetime.now(dt.UTC),
        )
    )


def _locks_by_commune(code: str) -> None:
    """locks keyed by (commune, period): built anew, the old rows moved in."""
    op.create_table(
        "locks_new",
        sa.Column("commune", COMMUNE, primary_key=True),
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("locked_by", sa.String(100), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        sa.text(
            "insert into locks_new (commune, period, locked_by, locked_at) select :code, period, locked_by, locked_at from locks"
        ).bindparams(code=code)
    )
    op.drop_table("locks")
    op.rename_table("locks_new", "locks")


def downgrade() -> None:
    raise NotImplementedError("a store of many communes cannot go back to one")
