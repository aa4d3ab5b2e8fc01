"""Accounts of the web app: who may read, who may review, and which Slack member is whom.

Passwords are hashed with Argon2id (argon2-cffi); the hash alone is stored. Roles are ordered:
a viewer reads, a reviewer also changes items, an admin also sees the operator views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from chidao.adapters.db import Database, User

ROLE_VIEWER = "viewer"
ROLE_REVIEWER = "reviewer"
ROLE_ADMIN = "admin"
ROLES: tuple[str, ...] = (ROLE_VIEWER, ROLE_REVIEWER, ROLE_ADMIN)
MIN_PASSWORD_CHARS = 8
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("chidao-no-such-account")


class AccountError(ValueError):
    """``str(exc)`` is a one-line message for a person."""


@dataclass(frozen=True)
class Account:
    """A signed-in person as the web app and the Slack handler see them (no password hash)."""

    id: int
    name: str
    role: str
    slack_user_id: str | None

    @property
    def can_review(self) -> bool:
        return self.role in (ROLE_REVIEWER, ROLE_ADMIN)


def _account(user: User) -> Account:
    return Account(user.id, user.name, user.role, user.slack_user_id)


def check_role(role: str) -> str:
    key = role.strip().lower()
    if key not in ROLES:
        raise AccountError(f"unknown role '{role}' (one of: {', '.join(ROLES)})")
    return key


def create_user(db: Database, name: str, password: str, role: str, *, slack_user_id: str | None = None) -> Account:
    """Add an account; a taken name or Slack id, a short password or a bad role is an ``AccountError``."""
    role = check_role(role)
    if not _NAME.match(name):
        raise AccountError(f"'{name}' is not a usable name (letters, digits, . _ @ -; at most 64)")
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    if slack_user_id is not None and not _SLACK_ID.match(slack_user_id):
        raise AccountError(f"'{slack_user_id}' is not a Slack member id (like U0123ABCD)")
    with db.session() as session:
        if session.scalars(select(User.id).where(User.name == name)).first() is not None:
            raise AccountError(f"an account named '{name}' exists")
        if slack_user_id and session.scalars(select(User.name).where(User.slack_user_id == slack_user_id)).first():
            raise AccountError(f"Slack member {slack_user_id} is already linked to another account")
        user = User(name=name, password_hash=_hasher.hash(password), role=role, slack_user_id=slack_user_id)
        session.add(user)
        session.flush()
        return _account(user)


def authenticate(db: Database, name: str, password: str) -> Account | None:
    """The account when name and password match, else None (the same time either way)."""
    with db.session() as session:
        user = session.scalars(select(User).where(User.name == name)).first()
        stored = user.password_hash if user is not None else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return _account(user) if user is not None else None


def account_by_id(db: Database, user_id: int) -> Account | None:
    with db.session() as session:
        user = session.get(User, user_id)
        return _account(user) if user is not None else None


def account_by_name(db: Database, name: str) -> Account | None:
    with db.session() as session:
        user = session.scalars(select(User).where(User.name == name)).first()
        return _account(user) if user is not None else None


def account_by_slack_id(db: Database, slack_user_id: str) -> Account | None:
    with db.session() as session:
        user = session.scalars(select(User).where(User.slack_user_id == slack_user_id)).first()
        return _account(user) if user is not None else None


def count_accounts(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


def list_accounts(db: Database) -> list[Account]:
    with db.session() as session:
        return [_account(u) for u in session.scalars(select(User).order_by(User.name))]
