"""Stored articles and directives written for these tests (no corpus text)."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy.orm import Session

from chidao.adapters.db import Article
from chidao.core.models import Directive
from chidao.core.routing import RoutingRules

ROUTING = RoutingRules("#theo-doi", ())


def add_article(
    session: Session, url: str, text: str, *, province_current: str | None = "Tây Ninh", published: date | None = None
) -> Article:
    article = Article(
        canonical_url=url,
        title=text.split(".")[0][:80],
        raw_text=text,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        province=province_current,
        province_current=province_current,
        published=published,
        topics=["economy"],
        state="processed",
    )
    session.add(article)
    session.flush()
    return article


def directive_in(
    text: str,
    action: str,
    *,
    issuer: str | None = None,
    assignee: str | None = None,
    deadline: str | None = None,
    due: date | None = None,
) -> Directive:
    """A directive whose action is found in ``text`` (offsets computed, so they are right)."""
    start = text.index(action)
    return Directive(
        text=action,
        kind="directive",
        issuer=issuer,
        assignee=assignee,
        deadline=deadline,
        sentence=text,
        start=start,
        end=start + len(action),
        due_date=due,
    )
