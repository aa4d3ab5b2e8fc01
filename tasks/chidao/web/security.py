"""Who is asking, and may they: session accounts, the trusted proxy header, CSRF tokens.

Sessions live in a cookie signed by Starlette's ``SessionMiddleware`` (itsdangerous); the cookie holds
only the account id and the CSRF token. Every request that changes something must carry the token
(form field ``csrf_token`` or header ``X-CSRF-Token``) and come from a reviewer or an admin.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from starlette.requests import Request

from chidao.adapters.db import Database
from chidao.services.accounts import Account, account_by_id, account_by_name, count_accounts

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """The page needs a signed-in account; the app answers with a redirect to the sign-in page."""


class Forbidden(Exception):
    """Signed in (or not) but not allowed; ``str(exc)`` says why, in Vietnamese."""


@dataclass(frozen=True)
class Visitor:
    """The account behind a request, or None when the app has no accounts yet (read-only demo)."""

    account: Account | None

    @property
    def can_review(self) -> bool:
        return self.account is not None and self.account.can_review


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, sent: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise Forbidden("Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ (CSRF); hãy tải lại trang.")


def current_account(request: Request, db: Database, trusted_header: str | None) -> Account | None:
    if trusted_header:
        name = request.headers.get(trusted_header)
        if name:
            return account_by_name(db, name.strip())
    user_id = request.session.get("uid")
    return account_by_id(db, int(user_id)) if isinstance(user_id, int) else None


def reader(request: Request, db: Database, trusted_header: str | None) -> Visitor:
    """Anyone signed in may read; with no account at all the app is an open read-only demo."""
    account = current_account(request, db, trusted_header)
    if account is None and count_accounts(db) > 0:
        raise LoginRequired()
    return Visitor(account)


def reviewer(request: Request, db: Database, trusted_header: str | None, sent_token: str | None) -> Account:
    """The account allowed to make this change; CSRF is checked first, whoever asks."""
    check_csrf(request, sent_token)
    account = current_account(request, db, trusted_header)
    if account is None:
        raise LoginRequired()
    if not account.can_review:
        raise Forbidden(f"Tài khoản '{account.name}' chỉ được xem, không được thay đổi.")
    return account


def sign_in(request: Request, account: Account) -> None:
    """A fresh session (new CSRF token) for the account, so a token seen before sign-in is worthless."""
    request.session.clear()
    request.session["uid"] = account.id
    csrf_token(request)


def safe_next(target: str | None, default: str = "/items") -> str:
    """A local path to go back to; anything that could leave the site becomes ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
