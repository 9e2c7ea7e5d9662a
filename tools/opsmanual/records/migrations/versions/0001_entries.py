"""The chain of entries and its head."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("run", sa.Integer, nullable=True),
        sa.Column("checklist", sa.String(200), nullable=True),
        sa.Column("day", sa.String(10), nullable=True),
        sa.Column("source", sa.String(64), nullable=True, unique=True),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("entries_by_checklist_and_day", "entries", ["checklist", "day"])
    op.create_index("entries_by_run", "entries", ["run"])
    head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "count": 0, "hash": "0" * 64}])


def downgrade() -> None:
    op.drop_table("chain_head")
    op.drop_table("entries")
