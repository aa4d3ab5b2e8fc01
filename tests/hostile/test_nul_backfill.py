"""#15 item 5: a saved article with NUL bytes does not stop `backfill --dir` (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from chidao.adapters.db import Article, Database
from chidao.cli import app

# Written for this test.
GOOD = (
    "Họp bàn kế hoạch chống hạn\n\n"
    "Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp hoàn thành kế hoạch điều tiết nước trước ngày 15/12/2026.\n"
)
WITH_NUL = (
    "Họp bàn\x00 kế hoạch phòng cháy\n\n"
    "Chủ tịch UBND tỉnh yêu cầu Sở Công thương\x00 kiểm tra các kho xăng dầu trước ngày 20/12/2026.\n"
)


def test_a_file_with_nul_bytes_is_stored_without_them_and_the_backfill_goes_on(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIDAO_DATABASE_URL", database_url)
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a-nul.txt").write_text(WITH_NUL, encoding="utf-8")
    (folder / "b-good.txt").write_text(GOOD, encoding="utf-8")
    if not database_url.startswith("sqlite"):
        Database(database_url).upgrade()

    first = CliRunner().invoke(app, ["backfill", "--dir", str(folder)])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(app, ["backfill", "--dir", str(folder)])
    assert second.exit_code == 0, second.output
    assert "already stored │ 2" in " ".join(second.output.split())

    db = Database(database_url)
    with db.session() as session:
        stored = {Path(a.canonical_url).name: (a.title, a.state, a.text) for a in session.scalars(select(Article))}
    db.dispose()
    assert set(stored) == {"a-nul.txt", "b-good.txt"}
    title, state, text = stored["a-nul.txt"]
    assert (title, state) == ("Họp bàn kế hoạch phòng cháy", "processed")
    assert "\x00" not in text
