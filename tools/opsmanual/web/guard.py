"""The tablet app's guards: security headers, CSRF tokens, sessions that end with the shift, and who may do what."""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import MutableMapping
from datetime import date, datetime, timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from opsmanual.model import Checklist, Manual, Person

SESSION_HOURS = 12  # the longest a session lasts, whatever the shift

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'{styles}; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class SecurityHeaders:
    """Security headers on every response: a strict CSP (styles of a page by hash only), no sniffing, no referrer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-opsmanual-styles"]
                styles = next((v.decode() for k, v in message.get("headers", []) if k == b"x-opsmanual-styles"), "")
                headers += [
                    (b"content-security-policy", CSP.format(styles=styles).encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, sent: Any) -> bool:
    token = request.session.get("csrf")
    return isinstance(token, str) and isinstance(sent, str) and hmac.compare_digest(token, sent)


async def posted(request: Request) -> dict[str, Any]:
    """A form's fields or a JSON body, after its CSRF token is checked (403 without a right one)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise HTTPException(400, "not JSON") from None
        if not isinstance(data, dict):
            raise HTTPException(400, "not an object")
        sent = request.headers.get("x-csrf-token")
    else:
        form = await request.form()
        data = {k: v for k, v in form.items() if isinstance(v, str)}
        sent = data.pop("csrf", None)
    if not csrf_ok(request, sent):
        raise HTTPException(403, "the form is out of date: reload the page and try again")
    return data


def session_end(manual: Manual, now: datetime) -> datetime:
    """When a session begun now ends: the end of the shift on now (of the one ending last, where shifts
    overlap), else midnight; never over 12 hours."""
    ends: list[datetime] = []
    for shift in manual.shifts:
        if shift.starts and shift.ends:
            start, end = at(now.date(), shift.starts), at(now.date(), shift.ends)
            if end <= start:
                if now < end:  # after midnight, in a shift that began yesterday
                    start -= timedelta(days=1)
                else:
                    end += timedelta(days=1)
            if start <= now < end:
                ends.append(end)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return min(max(ends, default=midnight), now + timedelta(hours=SESSION_HOURS))


def at(day: date, clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return datetime(day.year, day.month, day.day, int(hours), int(minutes))


def may_fill(person: Person, checklist: Checklist) -> bool:
    return not checklist.roles or bool(set(person.roles) & set(checklist.roles))


def may_verify(person: Person, checklist: Checklist) -> bool:
    return checklist.verify is not None and checklist.verify.role in person.roles


def is_manager(manual: Manual, person: Person) -> bool:
    """A person who verifies some checklist: they see the history too."""
    return any(may_verify(person, c) for c in manual.checklists)


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "") or request.headers.get(
        "content-type", ""
    ).startswith("application/json")
