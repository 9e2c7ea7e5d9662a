"""PINs for the tablet app: set by the owner, kept only as Argon2 hashes, locked after five wrong tries.

The `pins` table is a setting, not a record: a PIN can be changed and a lock lifts, so its rows are
updated in place, outside the hash chain.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, insert, select, update

from opsmanual.records.chain import now
from opsmanual.records.schema import app_secret, pins

PIN = re.compile(r"[0-9]{4,8}")
LOCK_AFTER = 5  # wrong PINs in a row
LOCK_FOR = timedelta(minutes=15)
_HASHER = PasswordHasher()  # Argon2id, with the library's recommended cost and a salt of its own per PIN
_DECOY = _HASHER.hash(secrets.token_hex(8))  # checked against when a person has no PIN, so that both take as long


def pin_problem(pin: str) -> str | None:
    """Why a PIN cannot be used, or None."""
    if not PIN.fullmatch(pin):
        return "a PIN is 4 to 8 digits"
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return "a PIN of one digit repeated, or of digits in a row, is too easy to guess"
    return None


def set_pin(engine: Engine, person: str, pin: str) -> None:
    """Store the person's new PIN (its hash only) and lift any lock."""
    hashed = _HASHER.hash(pin)
    with engine.begin() as connection:
        found = connection.execute(select(pins.c.person).where(pins.c.person == person)).first()
        values = {"hash": hashed, "set_at": now(), "failures": 0, "locked_until": None}
        if found is None:
            connection.execute(insert(pins).values(person=person, **values))
        else:
            connection.execute(update(pins).where(pins.c.person == person).values(**values))


@dataclass(frozen=True)
class SignIn:
    ok: bool
    reason: str = ""  # no-pin, wrong, locked
    left: int = 0  # wrong tries left before the lock
    until: datetime | None = None  # when a lock lifts


def check_pin(engine: Engine, person: str, pin: str, at: datetime | None = None) -> SignIn:
    """Whether `pin` is the person's PIN; a fifth wrong one in a row locks them for 15 minutes."""
    moment = at or datetime.now(UTC)
    with engine.begin() as connection:
        row = connection.execute(select(pins).where(pins.c.person == person)).first()
        if row is None:
            _verify(_DECOY, pin)
            return SignIn(False, "no-pin")
        if row.locked_until and datetime.fromisoformat(row.locked_until) > moment:
            return SignIn(False, "locked", until=datetime.fromisoformat(row.locked_until))
        if _verify(row.hash, pin):
            connection.execute(update(pins).where(pins.c.person == person).values(failures=0, locked_until=None))
            return SignIn(True)
        failures = row.failures + 1
        if failures >= LOCK_AFTER:
            until = moment + LOCK_FOR
            values = {"failures": 0, "locked_until": until.isoformat(timespec="seconds")}
            connection.execute(update(pins).where(pins.c.person == person).values(**values))
            return SignIn(False, "locked", until=until)
        connection.execute(update(pins).where(pins.c.person == person).values(failures=failures))
        return SignIn(False, "wrong", left=LOCK_AFTER - failures)


def _verify(hashed: str, pin: str) -> bool:
    try:
        return _HASHER.verify(hashed, pin)
    except (VerificationError, InvalidHashError):
        return False


def has_pin(engine: Engine) -> set[str]:
    """The people who have a PIN."""
    with engine.connect() as connection:
        return set(connection.execute(select(pins.c.person)).scalars())


def app_key(engine: Engine) -> str:
    """The secret that signs the app's session cookies: made once, kept in the database."""
    with engine.begin() as connection:
        found = connection.execute(select(app_secret.c.secret).where(app_secret.c.id == 1)).scalar()
        if found is None:
            found = secrets.token_urlsafe(48)
            connection.execute(insert(app_secret).values(id=1, secret=found))
        return str(found)
