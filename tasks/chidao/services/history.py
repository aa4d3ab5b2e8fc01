"""Item history: the audit log of every change to a follow-up item (who, when, field, old → new, why).

``record_history`` is the one function that writes an ``ItemHistory`` row; ``change`` sets a column and
records it. Nothing else in chidao adds history rows, so the log cannot miss a writer.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from chidao.adapters.db import FollowUpItem, ItemHistory

SYSTEM_ACTOR = "chidao"


def as_text(value: object) -> str | None:
    """How a value is written in the log: ISO dates, ``str`` for the rest, None stays None."""
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def record_history(
    session: Session,
    item_id: int,
    field: str,
    *,
    actor: str,
    old: object = None,
    new: object = None,
    note: str | None = None,
) -> None:
    """Add one history row for ``item_id`` (``field`` is a column name, or "created", "evidence", ...)."""
    session.add(
        ItemHistory(
            item_id=item_id,
            actor=actor,
            field=field,
            old_value=as_text(old),
            new_value=as_text(new),
            note=note,
        )
    )


def change(session: Session, item: FollowUpItem, column: str, new: object, actor: str, note: str | None = None) -> bool:
    """Set ``item.column`` to ``new`` and log it; a value that does not change logs nothing."""
    old = getattr(item, column)
    if old == new:
        return False
    setattr(item, column, new)
    record_history(session, item.id, column, actor=actor, old=old, new=new, note=note)
    return True
