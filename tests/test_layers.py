"""One writer per table where the README promises one: outbox rows only through ``outbox.enqueue``, item
history only through ``history.record_history``. (The import layers are checked by ``lint-imports``.)"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tasks" / "chidao"

# Model class -> the one module allowed to construct it.
SINGLE_WRITERS = {
    "Notification": "services/outbox.py",
    "ItemHistory": "services/history.py",
}


def constructions(model: str) -> list[str]:
    """``path:line`` of every call ``Model(...)`` in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == model:
                found.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}")
    return found


def test_each_table_with_a_single_writer_is_written_in_one_place() -> None:
    for model, owner in SINGLE_WRITERS.items():
        places = constructions(model)
        assert len(places) == 1, (model, places)
        assert places[0].split(":")[0] == owner
