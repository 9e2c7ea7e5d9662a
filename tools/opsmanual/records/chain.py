"""Entries in a hash chain: appended one transaction at a time, never changed, and checked in one pass.

Each entry's hash covers its own columns and the hash of the entry before it, the way git
and Certificate Transparency chain their entries; the chain's head keeps the count and the
last hash. Changing, removing or inserting an entry breaks the chain at that entry, and
`verify` names the first such place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from opsmanual.records.schema import GENESIS, chain_head, entries

_SEPARATOR = "\x1f"
_COVERED = ("kind", "run", "checklist", "day", "source", "person", "recorded_at", "content")


def canonical(content: Any) -> str:
    """JSON with sorted keys and no spaces: the same text for the same content."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    """The hash of an entry: every covered column, in order, after the previous hash."""
    parts = [prev_hash, *("" if row.get(c) is None else str(row[c]) for c in _COVERED)]
    return hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def lock(connection: Connection) -> None:
    """Hold the chain's head for the rest of the transaction: appends, and what they depend on, go one at a time."""
    connection.execute(select(chain_head.c.id).where(chain_head.c.id == 1).with_for_update())


def append(
    connection: Connection,
    kind: str,
    content: Mapping[str, Any],
    *,
    run: int | None = None,
    checklist: str | None = None,
    day: str | None = None,
    source: str | None = None,
    person: str | None = None,
    recorded_at: str | None = None,
) -> int:
    """Add one entry at the end of the chain, inside the caller's transaction; its id."""
    head = connection.execute(select(chain_head).where(chain_head.c.id == 1).with_for_update()).one()
    row = {
        "kind": kind,
        "run": run,
        "checklist": checklist,
        "day": day,
        "source": source,
        "person": person,
        "recorded_at": recorded_at or now(),
        "content": canonical(content),
    }
    digest = entry_hash(head.hash, row)
    result = connection.execute(insert(entries).values(**row, prev_hash=head.hash, hash=digest))
    count = int(head._mapping["count"]) + 1
    connection.execute(update(chain_head).where(chain_head.c.id == 1).values(count=count, hash=digest))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


@dataclass(frozen=True)
class Verdict:
    """What walking the chain found: how many entries hold, and the first that does not (if any)."""

    verified: int
    broken_at: int | None = None  # the id of the first entry that was altered, or that follows a removed one
    why: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.why


def all_entries(connection: Connection, batch: int = 2000) -> Iterator[Any]:
    """Every entry, in order, a batch at a time."""
    last = 0
    while True:
        rows = connection.execute(select(entries).where(entries.c.id > last).order_by(entries.c.id).limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify(connection: Connection) -> Verdict:
    """Walk the chain once; the first entry whose hash or link does not hold, or the count that does not."""
    previous, count = GENESIS, 0
    for row in all_entries(connection):
        mapping = row._mapping
        if row.prev_hash != previous:
            return Verdict(count, row.id, "it does not follow the entry before it: an entry was removed or changed")
        if entry_hash(previous, mapping) != row.hash:
            return Verdict(count, row.id, "its content is not what was recorded: it was altered")
        previous, count = row.hash, count + 1
    head = connection.execute(select(chain_head).where(chain_head.c.id == 1)).one()
    recorded = int(head._mapping["count"])
    if recorded != count or head.hash != previous:
        why = f"the chain's head says {recorded} entries, and {count} are left: the last was removed"
        return Verdict(count, None, why)
    return Verdict(count)
