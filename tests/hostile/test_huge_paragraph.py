"""#15 item 14 (the spaCy part): a paragraph over spaCy's 1,000,000-character limit is read in parts,
not a traceback, and a directive after the limit is still found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chidao.cli import app

# Written for this test.
# One run-on sentence of a word repeated (cheap for every component), then the directive after the limit.
FILLER = "mưa "
DIRECTIVE = "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành sửa chữa cầu Tân Mỹ trước ngày 30/9/2026."


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_paragraph_over_one_million_characters_is_extracted(tmp_path: Path) -> None:
    paragraph = (FILLER * (1_050_000 // len(FILLER))).rstrip() + ". " + DIRECTIVE
    assert len(paragraph) > 1_000_000
    path = tmp_path / "dai.txt"
    path.write_text(f"Hội nghị giao ban\n\n{paragraph}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output[-2000:]
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(i["assignee"], i["deadline"]) for i in record["items"]] == [("Sở Xây dựng", "trước ngày 30/9/2026")]
