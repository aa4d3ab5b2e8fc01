"""`chidao backfill`: saved files and feed history, in batches, resumable, on a real SQLite file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from typer.testing import CliRunner

from chidao.adapters.db import Article, Database, FollowUpItem, Notification
from chidao.cli import app
from chidao.runtime import get_runtime
from chidao.services.backfill import BackfillSummary, file_url, store_saved_articles
from chidao.settings import DEFAULT_CONFIG_DIR, Settings

SAMPLE_PAGES = sorted((DEFAULT_CONFIG_DIR / "samples" / "articles").glob("*.html"))[:2]
OWN_TEXT = (
    "Họp bàn kế hoạch chống hạn\n\n"
    "Sáng nay, UBND tỉnh họp bàn kế hoạch bảo đảm nước tưới cho vụ đông xuân tại các huyện phía nam.\n"
    "Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp và Môi trường hoàn thành kế hoạch điều tiết nước "
    "cho từng hồ chứa trước ngày 15/12/2026.\n"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'chidao.db'}"
    monkeypatch.setenv("CHIDAO_DATABASE_URL", url)
    return url


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    folder = tmp_path / "saved"
    (folder / "nested").mkdir(parents=True)
    for page in SAMPLE_PAGES:
        shutil.copy(page, folder / page.name)
    (folder / "nested" / "chong-han.txt").write_text(OWN_TEXT, encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return folder


def backfill(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["backfill", *args])
    return result.exit_code, " ".join(result.output.split())


def articles(url: str) -> dict[str, Article]:
    db = Database(url)
    with db.session() as session:
        rows = {a.canonical_url: a for a in session.scalars(select(Article))}
    db.dispose()
    return rows


def test_dir_backfill_stores_each_file_once_and_resumes(env: str, saved: Path) -> None:
    code, output = backfill("--dir", str(saved), "--batch-size", "2")
    assert code == 0, output
    assert "articles stored │ 3" in output
    assert "articles processed │ 3" in output
    stored = articles(env)
    expected_urls = {file_url(p) for p in saved.rglob("*") if p.suffix in (".html", ".txt")}
    assert set(stored) == expected_urls
    assert all(url.startswith("file:///") for url in stored)
    assert {a.state for a in stored.values()} == {"processed"}
    own = stored[file_url(saved / "nested" / "chong-han.txt")]
    assert own.title == "Họp bàn kế hoạch chống hạn"
    db = Database(env)
    with db.session() as session:
        own_items = session.scalars(select(FollowUpItem.text).where(FollowUpItem.article_id == own.id)).all()
        n_items = len(session.scalars(select(FollowUpItem.id)).all())
        queued = session.scalars(select(Notification.state)).all()
    db.dispose()
    assert any("kế hoạch điều tiết nước" in text for text in own_items)
    assert queued and set(queued) == {"pending"}

    code, output = backfill("--dir", str(saved))
    assert code == 0, output
    assert "articles stored │ 0" in output
    assert "already stored │ 3" in output
    assert "articles processed │ 0" in output
    assert "new items │ 0" in output
    db = Database(env)
    with db.session() as session:
        assert len(session.scalars(select(FollowUpItem.id)).all()) == n_items
    db.dispose()


def test_interrupted_after_storing_processes_the_rest(env: str, saved: Path) -> None:
    rt = get_runtime(Settings())
    rt.db.upgrade()
    summary = BackfillSummary()
    # What an interruption between storing and processing leaves: stored, pending articles.
    store_saved_articles(rt.db, sorted(saved.glob("*.html")), summary)
    assert summary.stored == 2
    assert {a.state for a in articles(env).values()} == {"pending"}

    code, output = backfill("--dir", str(saved), "--no-notify")
    assert code == 0, output
    assert "articles stored │ 1" in output
    assert "already stored │ 2" in output
    assert "articles processed │ 3" in output
    db = Database(env)
    with db.session() as session:
        states = set(session.scalars(select(Notification.state)))
    db.dispose()
    assert states == {"suppressed"}


def test_unreadable_files_are_reported_and_the_rest_is_done(env: str, saved: Path) -> None:
    (saved / "empty.txt").write_text("   \n", encoding="utf-8")
    (saved / "latin1.txt").write_bytes("Hội nghị tỉnh".encode().replace(b"\xe1", b"\xff"))
    code, output = backfill("--dir", str(saved))
    assert code == 1
    assert "unreadable files │ 2" in output
    assert f"{saved / 'empty.txt'}: empty file" in output
    assert f"{saved / 'latin1.txt'}: not UTF-8 text" in output
    assert len(articles(env)) == 3


OLD_TEXT = (
    "Hội nghị tổng kết năm học của ngành giáo dục diễn ra tại hội trường tỉnh. Lãnh đạo tỉnh đề nghị Sở Giáo "
    "dục và Đào tạo rà soát đội ngũ giáo viên, sắp xếp mạng lưới trường lớp phù hợp với quy mô dân số."
)


def rss_with_dates(base: str) -> str:
    entries = [
        ("moi", "Sun, 22 Nov 2026 08:00:00 +0000", OWN_TEXT.replace("\n", " ")),
        ("cu", "Mon, 05 Jan 2026 08:00:00 +0000", OLD_TEXT),
    ]
    items = "".join(
        f"<item><title>Tin {key}</title><link>{base}{key}.html</link><guid isPermaLink='false'>{key}</guid>"
        f"<description>{text}</description><pubDate>{when}</pubDate></item>"
        for key, when, text in entries
    )
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"


def test_feeds_backfill_leaves_out_entries_before_since(
    env: str, tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHIDAO_ALLOW_PRIVATE_HOSTS", "true")
    base = httpserver.url_for("/")
    httpserver.expect_request("/feed.rss").respond_with_data(rss_with_dates(base), content_type="application/rss+xml")
    for key in ("moi", "cu"):
        httpserver.expect_request(f"/{key}.html").respond_with_data("", status=404)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - id: f\n    url: {base}feed.rss\n", encoding="utf-8")

    code, output = backfill("--feeds", str(feeds), "--since", "2026-06-01")
    assert code == 0, output
    assert "articles stored │ 2" in output
    assert "left out by --since │ 1" in output
    assert "articles processed │ 1" in output
    by_key = {url.rsplit("/", 1)[-1]: a for url, a in articles(env).items()}
    assert by_key["moi.html"].state == "processed"
    assert by_key["cu.html"].state == "skipped"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give exactly one of --dir DIR or --feeds FILE"),
        (["--dir", ".", "--feeds", "f.yaml"], "give exactly one of --dir DIR or --feeds FILE"),
        (["--dir", ".", "--since", "2026-01-01"], "--since goes with --feeds"),
        (["--dir", "missing"], "--dir missing: not a directory"),
        (
            ["--feeds", "f.yaml", "--since", "1/13/2026"],
            "--since: '1/13/2026' is not a date; use YYYY-MM-DD or DD/MM/YYYY",
        ),
    ],
)
def test_bad_arguments_exit_2(env: str, args: list[str], message: str) -> None:
    code, output = backfill(*args)
    assert code == 2
    assert message in output
