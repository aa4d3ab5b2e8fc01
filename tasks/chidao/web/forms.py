"""The item page's edit form: the fields a reviewer changed, checked as the CLI checks ``--edit``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chidao.core.tracking import FieldEdit, parse_field_edit
from chidao.web.filters import FilterError, parse_date_vi

# form field -> (item_to_dict key, CLI field name, longest value accepted)
EDIT_FIELDS: dict[str, tuple[str, str, int]] = {
    "text": ("text", "text", 2000),
    "kind": ("kind", "kind", 16),
    "issuer": ("issuer", "issuer", 500),
    "assignee": ("assignee", "assignee", 500),
    "deadline": ("deadline", "deadline", 500),
    "due": ("due_date", "due", 10),
}
FORM_LABELS_VI = {
    "text": "Nội dung",
    "kind": "Loại",
    "issuer": "Người chỉ đạo",
    "assignee": "Đơn vị thực hiện",
    "deadline": "Thời hạn",
    "due": "Hạn",
}


def changed_fields(current: Mapping[str, Any], form: Mapping[str, str]) -> list[FieldEdit]:
    """Edits for the fields whose submitted value differs from the item's; a bad value is a ``FilterError``.

    ``due`` is written dd/mm/yyyy (or ISO, from a date input); an empty value clears an optional field.
    """
    edits = []
    for name, (key, cli_name, longest) in EDIT_FIELDS.items():
        if name not in form:
            continue
        value = form[name].strip()
        if len(value) > longest:
            raise FilterError(f"{FORM_LABELS_VI[name]}: dài quá {longest} ký tự")
        if name == "due" and value:
            value = parse_date_vi(value, FORM_LABELS_VI[name]).isoformat()
        if value == (current.get(key) or ""):
            continue
        try:
            edits.append(parse_field_edit(f"{cli_name}={value}"))
        except ValueError as exc:
            raise FilterError(f"{FORM_LABELS_VI[name]}: {exc}") from None
    return edits
