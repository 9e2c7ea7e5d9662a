"""The records' tables, as SQLAlchemy Core. Every change to them is a migration in migrations/versions/.

Everything recorded is an entry: one row, never updated, never deleted, whose hash covers
its content and the hash of the entry before it. A correction is a new entry. The columns
beside `content` (kind, run, checklist, day, source, person) are there to find entries
fast; the hash covers them too, so they cannot be changed unnoticed either.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # form, run, row, signoff, verification, correction, acknowledgment
    Column("run", Integer, nullable=True),  # the run an entry belongs to: the id of the run's own entry
    Column("checklist", String(200), nullable=True),
    Column("day", String(10), nullable=True),  # YYYY-MM-DD: the day the run was for
    # A run's: the SHA-256 of the PDF it was imported from; a form's: its fingerprint. One entry for each.
    Column("source", String(64), nullable=True, unique=True),
    Column("person", String(200), nullable=True),  # who made the entry: a team member's id, or the lead's name
    Column("recorded_at", String(32), nullable=False),  # when the database took it, UTC, ISO 8601
    Column("content", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("entries_by_checklist_and_day", entries.c.checklist, entries.c.day)
Index("entries_by_run", entries.c.run)
Index("entries_by_kind", entries.c.kind)

chain_head = Table(
    "chain_head",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: the one row
    Column("count", Integer, nullable=False),  # how many entries the chain holds
    Column("hash", String(64), nullable=False),  # the hash of the last one
)

GENESIS = "0" * 64  # the hash "before" the first entry

# The tablet app's settings (outside the chain: they change, and record nothing that happened)

pins = Table(
    "pins",
    metadata,
    Column("person", String(200), primary_key=True),  # a team member's id
    Column("hash", String(200), nullable=False),  # Argon2id, with its own salt and parameters
    Column("set_at", String(32), nullable=False),
    Column("failures", Integer, nullable=False, server_default="0"),  # wrong PINs in a row
    Column("locked_until", String(32), nullable=True),  # UTC, ISO 8601: no sign-in before this
)

app_secret = Table(
    "app_secret",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("secret", String(128), nullable=False),  # signs the session cookies; made on first use
)
