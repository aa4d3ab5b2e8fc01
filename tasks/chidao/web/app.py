"""The review app's routes: thin handlers that parse the request, call a service, render a template.

Reading pages (queue, item, dashboard, exports) need a signed-in account, except while the database
has no account at all (then the app is a read-only demo). Every change (review, edit, progress,
sign-out) is a POST with the session's CSRF token from a reviewer or an admin; the Slack endpoint is
verified by Slack's signature instead (``chidao.web.slack``).
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from chidao.adapters.db import Database
from chidao.core.messages import TOPIC_NAMES_VI
from chidao.core.tracking import PROGRESS_STATES, REVIEW_STATES, STATUSES, parse_progress
from chidao.runtime import Runtime, get_runtime
from chidao.services import accounts, dashboard, items, tracking
from chidao.services.notify import outbox_status
from chidao.settings import Settings
from chidao.web import views
from chidao.web.filters import FilterError, filter_from_query, filter_query, page_number, parse_date_vi
from chidao.web.forms import FORM_LABELS_VI, changed_fields
from chidao.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    Forbidden,
    LoginRequired,
    Visitor,
    csrf_token,
    reader,
    reviewer,
    safe_next,
    sign_in,
)

log = logging.getLogger("chidao.web")
HERE = Path(__file__).parent
PER_PAGE = 50
SESSION_HOURS = 12


@dataclass
class WebContext:
    runtime: Runtime
    templates: Jinja2Templates

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    def reader(self, request: Request) -> Visitor:
        return reader(request, self.db, self.settings.web_trusted_user_header)

    def page(self, request: Request, name: str, visitor: Visitor, status: int = 200, **context: Any) -> Response:
        return self.templates.TemplateResponse(
            request,
            name,
            {"visitor": visitor, "csrf": csrf_token(request), "v": views, **context},
            status_code=status,
        )


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["vn_date"] = views.vn_date
    templates.env.filters["vn_datetime"] = views.vn_datetime
    return templates


def create_app(settings: Settings) -> FastAPI:
    """The ASGI app on the settings' database, whose schema the caller has made current
    (``chidao web`` does it as every command does: SQLite migrated, PostgreSQL checked)."""
    runtime = get_runtime(settings)
    ctx = WebContext(runtime, _templates())
    app = FastAPI(title="chidao", docs_url=None, redoc_url=None, openapi_url=None)
    secret = settings.web_secret_key.get_secret_value() if settings.web_secret_key else secrets.token_urlsafe(32)
    if settings.web_secret_key is None:
        log.warning("CHIDAO_WEB_SECRET_KEY is not set: sessions end when the web app restarts")
    https = bool(settings.web_base_url and settings.web_base_url.startswith("https://"))
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="chidao_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=https,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _error_handlers(app, ctx)
    _account_routes(app, ctx)
    _queue_routes(app, ctx)
    _item_routes(app, ctx)
    _edit_route(app, ctx)
    _progress_route(app, ctx)
    _dashboard_routes(app, ctx)
    from chidao.web.slack import slack_routes

    slack_routes(app, runtime)
    return app


class BadInput(Exception):
    """A request value that cannot be used; ``str(exc)`` names the field, in Vietnamese."""


def _error_handlers(app: FastAPI, ctx: WebContext) -> None:
    @app.exception_handler(BadInput)
    async def bad_input(request: Request, exc: BadInput) -> Response:
        return ctx.page(
            request, "message.html", Visitor(None), status=400, title="Yêu cầu không hợp lệ", message=str(exc)
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.method != "GET":
            return PlainTextResponse("Cần đăng nhập.", status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{_q(next=target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return ctx.page(request, "message.html", Visitor(None), status=403, title="Không được phép", message=str(exc))


def _q(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _sent_token(request: Request, form: dict[str, str]) -> str | None:
    return form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)


# --- accounts ------------------------------------------------------------------------------------


def _account_routes(app: FastAPI, ctx: WebContext) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, next: str = "/items") -> Response:
        return ctx.page(request, "login.html", Visitor(None), next=safe_next(next), error=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await _form(request)
        target = safe_next(form.get("next"))
        from chidao.web.security import check_csrf

        check_csrf(request, form.get(CSRF_FIELD))
        name, password = form.get("name", "").strip(), form.get("password", "")
        account = await run_in_threadpool(accounts.authenticate, ctx.db, name, password)
        if account is None:
            error = "Sai tên đăng nhập hoặc mật khẩu."
            return ctx.page(request, "login.html", Visitor(None), status=401, next=target, error=error)
        sign_in(request, account)
        return RedirectResponse(target, status_code=303)

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        from chidao.web.security import check_csrf

        check_csrf(request, _sent_token(request, await _form(request)))
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/health", response_class=PlainTextResponse)
    def health() -> str:
        return "ok"

    @app.get("/")
    def home() -> Response:
        return RedirectResponse("/items", status_code=303)


# --- queue and exports ---------------------------------------------------------------------------


def _queue_routes(app: FastAPI, ctx: WebContext) -> None:
    @app.get("/items", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        visitor = ctx.reader(request)
        params = dict(request.query_params)
        try:
            item_filter, page = filter_from_query(params), page_number(params)
        except FilterError as exc:
            return _queue_page(ctx, request, visitor, params, None, str(exc))
        return _queue_page(ctx, request, visitor, params, items.queue_page(ctx.db, item_filter, page, PER_PAGE), None)

    @app.get("/export.csv")
    def export_csv(request: Request) -> Response:
        rows = _export_rows(ctx, request)
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows)
        headers = {"Content-Disposition": 'attachment; filename="chidao-items.csv"'}
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)

    @app.get("/export.xlsx")
    def export_xlsx(request: Request) -> Response:
        rows = _export_rows(ctx, request)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "items.xlsx"
            tracking.write_xlsx(rows, str(path))
            body = path.read_bytes()
        headers = {"Content-Disposition": 'attachment; filename="chidao-items.xlsx"'}
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(body, media_type=media, headers=headers)


def _export_rows(ctx: WebContext, request: Request) -> list[dict[str, Any]]:
    ctx.reader(request)
    try:
        item_filter = filter_from_query(dict(request.query_params))
    except FilterError as exc:
        raise BadInput(str(exc)) from None
    return tracking.export_rows(ctx.db, items.matching_ids(ctx.db, item_filter))


def _queue_page(
    ctx: WebContext,
    request: Request,
    visitor: Visitor,
    params: dict[str, str],
    page: items.ItemPage | None,
    error: str | None,
) -> Response:
    return ctx.page(
        request,
        "queue.html",
        visitor,
        status=400 if error else 200,
        params=params,
        page=page,
        error=error,
        link=lambda **changes: "/items?" + filter_query(params, **changes),
        export_query=filter_query(params, page=None),
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        statuses=STATUSES,
        review_states=REVIEW_STATES,
        topics=TOPIC_NAMES_VI,
    )


# --- item page and changes -----------------------------------------------------------------------


def _item_routes(app: FastAPI, ctx: WebContext) -> None:
    @app.get("/items/{raw_id}", response_class=HTMLResponse)
    def item_page(request: Request, raw_id: str) -> Response:
        visitor = ctx.reader(request)
        item_id = _item_id(raw_id)
        return _not_found(ctx, request, raw_id) if item_id is None else _render_item(ctx, request, visitor, item_id)

    @app.post("/items/{raw_id}/review")
    async def review(request: Request, raw_id: str) -> Response:
        form = await _form(request)
        account = await run_in_threadpool(_reviewer, ctx, request, form)
        item_id = _item_id(raw_id)
        if item_id is None:
            return _not_found(ctx, request, raw_id)
        decision = form.get("decision", "")
        if decision not in ("confirm", "reject"):
            return await _item_error(ctx, request, item_id, f"Quyết định không hợp lệ: '{decision[:40]}'")
        return await _apply(
            ctx, request, form, item_id, tracking.review_item, decision=decision, actor=account.name, note="web"
        )


def _edit_route(app: FastAPI, ctx: WebContext) -> None:
    @app.post("/items/{raw_id}/edit")
    async def edit(request: Request, raw_id: str) -> Response:
        form = await _form(request)
        account = await run_in_threadpool(_reviewer, ctx, request, form)
        item_id = _item_id(raw_id)
        if item_id is None:
            return _not_found(ctx, request, raw_id)
        try:
            detail = await run_in_threadpool(tracking.item_detail, ctx.db, item_id)
            edits = changed_fields(detail.item, form)
        except tracking.ItemNotFound:
            return _not_found(ctx, request, item_id)
        except FilterError as exc:
            return await _item_error(ctx, request, item_id, str(exc))
        if not edits:
            return await _item_error(ctx, request, item_id, "Không có thay đổi nào để lưu.")
        return await _apply(
            ctx, request, form, item_id, tracking.review_item, decision="edit", edits=edits, actor=account.name
        )


def _progress_route(app: FastAPI, ctx: WebContext) -> None:
    @app.post("/items/{raw_id}/progress")
    async def progress(request: Request, raw_id: str) -> Response:
        form = await _form(request)
        account = await run_in_threadpool(_reviewer, ctx, request, form)
        item_id = _item_id(raw_id)
        if item_id is None:
            return _not_found(ctx, request, raw_id)
        try:
            key = parse_progress(form.get("progress", ""))
            on = form.get("on", "").strip()
            completed = parse_date_vi(on, "Ngày hoàn thành") if on else None
        except (ValueError, FilterError) as exc:
            return await _item_error(ctx, request, item_id, str(exc))
        return await _apply(
            ctx, request, form, item_id, tracking.set_progress, key, actor=account.name, completed_on=completed
        )


# Item ids are INTEGER columns: 32 bits on PostgreSQL.
MAX_ITEM_ID = 2**31 - 1


def _item_id(raw: str) -> int | None:
    """The id in the URL, or None when it cannot name an item ("abc", "0", more digits than any id has)."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ITEM_ID else None


def _reviewer(ctx: WebContext, request: Request, form: dict[str, str]) -> accounts.Account:
    return reviewer(request, ctx.db, ctx.settings.web_trusted_user_header, _sent_token(request, form))


async def _apply(
    ctx: WebContext, request: Request, form: dict[str, str], item_id: int, change: Any, *args: Any, **kwargs: Any
) -> Response:
    """Run a tracking service change; back to where the reviewer was, or the item page with the error."""
    try:
        await run_in_threadpool(change, ctx.db, item_id, *args, **kwargs)
    except tracking.ItemNotFound:
        return _not_found(ctx, request, item_id)
    except ValueError as exc:
        return await _item_error(ctx, request, item_id, str(exc))
    return RedirectResponse(safe_next(form.get("next"), f"/items/{item_id}"), status_code=303)


async def _item_error(ctx: WebContext, request: Request, item_id: int, error: str) -> Response:
    visitor = await run_in_threadpool(ctx.reader, request)
    return await run_in_threadpool(_render_item, ctx, request, visitor, item_id, error)


def _not_found(ctx: WebContext, request: Request, item_id: int | str) -> Response:
    message = f"Không có mục nào mang mã {item_id}."
    return ctx.page(request, "message.html", Visitor(None), status=404, title="Không tìm thấy", message=message)


def _render_item(
    ctx: WebContext, request: Request, visitor: Visitor, item_id: int, error: str | None = None
) -> Response:
    try:
        detail = tracking.item_detail(ctx.db, item_id)
        article = dashboard.article_of_item(ctx.db, item_id)
    except tracking.ItemNotFound:
        return _not_found(ctx, request, item_id)
    item = detail.item
    sentence_span, action = views.item_spans(
        article.text, item["evidence_sentence"], item["evidence_start"], item["evidence_end"]
    )
    return ctx.page(
        request,
        "item.html",
        visitor,
        status=400 if error else 200,
        item=item,
        detail=detail,
        article=article,
        segments=views.highlight(article.text, sentence_span, action),
        error=error,
        form_labels=FORM_LABELS_VI,
        progress_states=PROGRESS_STATES,
        today=date.today(),
    )


# --- dashboard -----------------------------------------------------------------------------------


def _dashboard_routes(app: FastAPI, ctx: WebContext) -> None:
    @app.get("/dashboard", response_class=HTMLResponse)
    def dashboard_page(request: Request) -> Response:
        visitor = ctx.reader(request)
        today = date.today()
        report = tracking.build_report(ctx.db, today)
        timeline = dashboard.status_timeline(ctx.db, today)
        return ctx.page(
            request,
            "dashboard.html",
            visitor,
            report=report,
            bars=views.chart_bars(timeline),
            statuses=STATUSES,
            colors=views.STATUS_COLORS,
            deadlines=dashboard.deadlines(ctx.db, today),
            feeds=dashboard.polled_feeds(ctx.db),
            outbox=outbox_status(ctx.db),
        )
