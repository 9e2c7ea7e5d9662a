"""Who made each entry (a team member on the tablet, the lead named on a paper form), and entries by kind.

Entries made before have no person; the hash has always covered the person as empty text,
so their hashes still hold.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries") as table:
        table.add_column(sa.Column("person", sa.String(200), nullable=True))
    op.create_index("entries_by_kind", "entries", ["kind"])


def downgrade() -> None:
    op.drop_index("entries_by_kind", "entries")
    with op.batch_alter_table("entries") as table:
        table.drop_column("person")
