"""The tablet app's sign-in: each person's PIN (an Argon2 hash only), their wrong tries, and the app's secret.

These two tables hold settings, not records: a PIN can be changed and a lock lifts, so they
are updated in place and stay outside the hash chain. Nothing that happened on a shift is
ever written here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pins",
        sa.Column("person", sa.String(200), primary_key=True),
        sa.Column("hash", sa.String(200), nullable=False),
        sa.Column("set_at", sa.String(32), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.String(32), nullable=True),
    )
    op.create_table(
        "app_secret",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("secret", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("app_secret")
    op.drop_table("pins")
