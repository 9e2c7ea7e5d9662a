"""The tablet app's routes: sign in, today's checklists, a run row by row, sign-off, verification, history.

Every page is a Jinja2 template with autoescape, on this origin only; every request that changes
something needs a session and its CSRF token; roles decide who fills, verifies and reads history.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from opsmanual.i18n import labels as labels_for
from opsmanual.model import Checklist, Manual, Person
from opsmanual.schedule import Due
from opsmanual.web import live
from opsmanual.web.guard import (
    SESSION_HOURS,
    SecurityHeaders,
    csrf_token,
    is_manager,
    may_fill,
    may_verify,
    posted,
    session_end,
    wants_json,
)
from opsmanual.web.pins import app_key, check_pin
from opsmanual.web.today import Entry, counts, due_today, group, state_of, today_entries

Clock = Callable[[], datetime]  # the server's local time, naive
HERE = resources.files("opsmanual") / "web"


@dataclass
class Context:
    """What every route needs: the manual, its database, the clock and the words."""

    manual: Manual
    engine: Engine
    clock: Clock
    sheets: live.Sheets
    words: Mapping[str, str]
    pages: Environment
    due: tuple[date, list[Due]] | None = None  # what is due, worked out once a day

    def due_today(self, day: date) -> list[Due]:
        if self.due is None or self.due[0] != day:
            self.due = (day, due_today(self.manual, day))
        return self.due[1]

    def person(self, request: Request) -> Person | None:
        """The person signed in, while their session lasts and they are on the team."""
        who, until = request.session.get("person"), request.session.get("until")
        person = self.manual.people_by_id.get(who) if isinstance(who, str) else None
        if person is None or not isinstance(until, str) or until <= self.clock().isoformat():
            return None
        return person if person.current(self.clock().date()) else None

    def render(self, request: Request, template: str, code: int = 200, **values: Any) -> HTMLResponse:
        page = self.pages.get_template(template).render(
            words=self.words,
            manual=self.manual,
            me=self.person(request),
            csrf=csrf_token(request),
            language=self.manual.language,
            **values,
        )
        return HTMLResponse(page, status_code=code)


def create_app(manual: Manual, engine: Engine, *, clock: Clock | None = None, secure: bool = False) -> Starlette:
    """The app for `manual`, recording into `engine`; `clock` gives the server's local time (tests set it)."""
    pages = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    ctx = Context(manual, engine, clock or datetime.now, live.Sheets(manual), labels_for(manual.language), pages)

    def signed_in(route: Callable[[Request, Person], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            person = ctx.person(request)
            if person is None:
                if request.method != "GET":
                    raise HTTPException(401, "sign in first")
                return RedirectResponse("/signin", status_code=303)
            return await route(request, person)

        return guarded

    async def home(request: Request) -> Response:
        return RedirectResponse("/today" if ctx.person(request) else "/signin", status_code=303)

    def team_now() -> list[Person]:
        today = ctx.clock().date()
        return sorted((p for p in manual.people if p.current(today)), key=lambda p: (p.name.casefold(), p.id))

    async def signin_page(request: Request) -> Response:
        return ctx.render(request, "signin.html", people=team_now(), problem=None, chosen=None)

    async def signin(request: Request) -> Response:
        data = await posted(request)
        who = data.get("person")
        person = manual.people_by_id.get(who) if isinstance(who, str) else None
        if person is None or not person.current(ctx.clock().date()):
            return ctx.render(request, "signin.html", 400, people=team_now(), problem="app_who", chosen=None)
        outcome = await run_in_threadpool(check_pin, engine, person.id, str(data.get("pin", ""))[:64])
        if not outcome.ok:
            if outcome.reason == "locked" and outcome.until is not None:
                shown = outcome.until.astimezone().strftime("%H:%M")
                said = ctx.words["app_locked"].format(until=shown)
            elif outcome.reason == "wrong":
                said = ctx.words["app_wrong_pin"].format(left=outcome.left)
            else:
                said = ctx.words["app_no_pin"]
            return ctx.render(request, "signin.html", 401, people=team_now(), problem=said, chosen=person.id)
        request.session.clear()  # a new session: a new CSRF token too
        request.session["person"] = person.id
        request.session["until"] = session_end(manual, ctx.clock()).isoformat()
        csrf_token(request)
        return RedirectResponse("/today", status_code=303)

    async def signout(request: Request) -> Response:
        await posted(request)
        request.session.clear()
        return RedirectResponse("/signin", status_code=303)

    @signed_in
    async def today(request: Request, person: Person) -> Response:
        now = ctx.clock()
        groups: dict[str, list[Entry]] = {}
        for entry in await run_in_threadpool(
            today_entries, manual, engine, ctx.sheets, ctx.due_today(now.date()), person, now
        ):
            groups.setdefault(group(entry, now, ctx.words), []).append(entry)
        ordered = sorted(groups.items(), key=lambda g: not g[0].startswith(ctx.words["app_now"]))
        manager = is_manager(manual, person)
        return ctx.render(request, "today.html", groups=ordered, day=now.date(), manager=manager)

    def _due_sheet(checklist_id: str) -> tuple[Checklist, live.Sheet, Due]:
        now = ctx.clock()
        for due in ctx.due_today(now.date()):
            if due.id == checklist_id:
                checklist = next(c for c in manual.checklists if c.id == checklist_id)
                return checklist, ctx.sheets.sheet(checklist, now.date()), due
        raise HTTPException(404, "this checklist is not due today")

    @signed_in
    async def run_page(request: Request, person: Person) -> Response:
        checklist, sheet, due = _due_sheet(request.path_params["checklist"])
        run = await run_in_threadpool(live.load_run, engine, sheet)
        column = _column(sheet, request.query_params.get("column"), ctx.clock())
        written = {(r["key"], r.get("column")): r for r in (run.rows if run else [])}
        signoffs = {s["n"]: s for s in (run.signoffs if run else []) if s.get("name")}
        done, total = counts(run, sheet)
        return ctx.render(
            request,
            "run.html",
            checklist=checklist,
            sheet=sheet,
            run=run,
            column=column,
            written=written,
            signoffs=signoffs,
            done=done,
            total=total,
            state=state_of(run, sheet, due, ctx.clock()),
            mine=may_fill(person, checklist),
            verifier=may_verify(person, checklist),
            closed=run is not None and live.closed(run, sheet),
            links=_links(manual),
        )

    @signed_in
    async def save(request: Request, person: Person) -> Response:
        checklist, sheet, _ = _due_sheet(request.path_params["checklist"])
        data = await posted(request)
        if not may_fill(person, checklist):
            return _problem(request, sheet, "key", ctx.words["app_not_yours"], 403)
        if data.get("done") in ("true", "false"):  # a form posted without script
            data["done"] = data["done"] == "true"
        for name in [k for k in data if k.startswith("cell.")]:  # a log line posted without script
            data.setdefault("cells", {})[name[5:]] = data.pop(name)
        try:
            saved = await run_in_threadpool(live.save_row, engine, manual, sheet, person, data, ctx.clock())
        except live.RowProblem as problem:
            return _problem(request, sheet, problem.field, problem.message, 422)
        if wants_json(request):
            return JSONResponse({"ok": True, "time": saved["time"], "in_range": saved.get("in_range")})
        return _back(sheet, data.get("column"), saved["key"])

    @signed_in
    async def signoff(request: Request, person: Person) -> Response:
        checklist, sheet, _ = _due_sheet(request.path_params["checklist"])
        data = await posted(request)
        if not may_fill(person, checklist):
            return _problem(request, sheet, "n", ctx.words["app_not_yours"], 403)
        try:
            n = int(str(data.get("n", "1")))
            await run_in_threadpool(live.sign_off, engine, sheet, person, n, ctx.clock())
        except (live.RowProblem, ValueError) as problem:
            return _problem(request, sheet, "n", str(problem), 422)
        return _back(sheet, None, "signoff")

    @signed_in
    async def to_verify(request: Request, person: Person) -> Response:
        if not is_manager(manual, person):
            raise HTTPException(403, "only the people who verify checklists see what awaits them")
        runs = await run_in_threadpool(live.awaiting, engine, manual, person, ctx.clock().date())
        titles = {c.id: c.title for c in manual.checklists}
        return ctx.render(request, "verify.html", runs=runs, titles=titles)

    @signed_in
    async def verify(request: Request, person: Person) -> Response:
        await posted(request)
        try:
            run_id = int(request.path_params["run"])
        except ValueError:
            raise HTTPException(404, "there is no such run") from None
        mine = {c.id for c in manual.checklists if may_verify(person, c)}
        try:
            run = await run_in_threadpool(live.verify, engine, run_id, person, ctx.clock(), mine)
        except live.RowProblem as problem:
            raise HTTPException(problem.status, problem.message) from None
        back = request.query_params.get("back")
        return RedirectResponse("/verify" if back != "run" else f"/run/{run.checklist}#verify", status_code=303)

    @signed_in
    async def history(request: Request, person: Person) -> Response:
        if not is_manager(manual, person):
            raise HTTPException(403, "the history is for the people who verify checklists")
        from opsmanual.records.report import build_report, read_period
        from opsmanual.records.report_formats import FORMATS

        def report() -> str:
            today_ = ctx.clock().date()
            with engine.connect() as connection:
                period = read_period(connection, today_ - timedelta(days=30), today_, None)
                return str(FORMATS["html"](build_report(connection, manual, period, today_)))

        page = await run_in_threadpool(report)
        styles = " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
            for s in re.findall(r"<style>(.*?)</style>", page, re.S)
        )
        return HTMLResponse(page, headers={"x-opsmanual-styles": f" {styles}" if styles else ""})

    async def refused(request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 500)
        detail = getattr(error, "detail", "") or ""
        if wants_json(request):
            return JSONResponse({"ok": False, "message": detail}, status_code=status)
        return ctx.render(request, "problem.html", status, status=status, message=detail)

    def _problem(request: Request, sheet: live.Sheet, field: str, message: str, status: int) -> Response:
        if wants_json(request):
            return JSONResponse({"ok": False, "field": field, "message": message}, status_code=status)
        return ctx.render(request, "problem.html", status, status=status, message=message, back=sheet)

    routes = [
        Route("/", home),
        Route("/signin", signin_page, methods=["GET"]),
        Route("/signin", signin, methods=["POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/today", today),
        Route("/run/{checklist}", run_page),
        Route("/run/{checklist}/row", save, methods=["POST"]),
        Route("/run/{checklist}/signoff", signoff, methods=["POST"]),
        Route("/verify", to_verify),
        Route("/verify/{run}", verify, methods=["POST"]),
        Route("/history", history),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    key = app_key(engine)
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=key,
            session_cookie="opsmanual_session",
            max_age=SESSION_HOURS * 3600,
            same_site="strict",
            https_only=secure,
        ),
    ]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: refused})


def _back(sheet: live.Sheet, column: Any, anchor: str) -> Response:
    query = f"?column={column}" if isinstance(column, str) and column else ""
    return RedirectResponse(f"/run/{sheet.checklist.id}{query}#{anchor}", status_code=303)


def _column(sheet: live.Sheet, asked: str | None, now: datetime) -> str | None:
    """The column the page shows: today's on a week sheet; on a shift's repetitions, the one asked, else the latest
    time that has come."""
    if not sheet.columns:
        return None
    if sheet.today_column is not None:
        return sheet.today_column
    keys = [k for k, _ in sheet.columns]
    if asked in keys:
        return asked
    clock = now.strftime("%H:%M")
    came = [k for k, heading in sheet.columns if re.fullmatch(r"\d\d:\d\d", heading) and heading <= clock]
    return came[-1] if came else keys[0]


def _links(manual: Manual) -> dict[str, str]:
    """Each procedure's page on the published manual, when manual.yaml gives its address."""
    if not manual.url:
        return {}
    base = manual.url.rstrip("/")
    return {p.id: f"{base}/{p.area}/{p.id}/" for p in manual.procedures}
