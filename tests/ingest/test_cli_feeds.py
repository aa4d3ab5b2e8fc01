"""``chidao feeds`` / ``chidao feeds list`` / ``chidao feeds check URL`` in-process, against loopback servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from chidao.adapters.db import Database
from chidao.adapters.http import Fetcher
from chidao.cli import app
from chidao.core.feeds import load_feeds
from chidao.services.ingest import poll_feeds
from chidao.services.poll import sync_feeds
from tests.ingest.service_support import FLOOD_PARAGRAPHS, NOW, Item, html_of, rss

RSS_TYPE = "application/rss+xml; charset=utf-8"


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CHIDAO_ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.setenv("COLUMNS", "300")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_check_explains_a_working_feed(feed_server: HTTPServer) -> None:
    body = rss(
        [
            Item(
                "Hội nghị phòng chống thiên tai",
                feed_server.url_for("/tin/1.html"),
                "a-1",
                "",
                html_of(FLOOD_PARAGRAPHS),
            ),
            Item("Khảo sát chợ đầu mối", feed_server.url_for("/tin/2.html"), "a-2", "Tóm tắt."),
        ],
        ttl_minutes=60,
    )
    feed_server.expect_request("/feed.rss", headers={"If-None-Match": '"v7"'}).respond_with_data("", status=304)
    feed_server.expect_request("/feed.rss").respond_with_data(body, content_type=RSS_TYPE, headers={"ETag": '"v7"'})

    code, output = run("feeds", "check", feed_server.url_for("/feed.rss"))

    assert code == 0
    assert output.splitlines() == [
        f"URL: {feed_server.url_for('/feed.rss')}",
        "HTTP status: 200",
        f"Content type: {RSS_TYPE}",
        'Validators: ETag "v7" (a repeat request got 304: polls will be cheap)',
        'Feed: RSS 2.0 "Cổng thông tin thử nghiệm"',
        "Entries: 2 (1 with only a summary: their pages will be fetched)",
        "  - Hội nghị phòng chống thiên tai",
        "  - Khảo sát chợ đầu mối",
        "Polling hints (lower bounds of the interval): ttl 60 min",
        "OK: the feed is usable",
    ]


def test_check_json(feed_server: HTTPServer) -> None:
    feed_server.expect_request("/feed.rss").respond_with_data(
        rss([]), content_type=RSS_TYPE, headers={"Cache-Control": "max-age=600"}
    )

    code, output = run("feeds", "check", "--format", "json", feed_server.url_for("/feed.rss"))

    assert code == 0
    found = json.loads(output)
    assert (found["ok"], found["format"], found["entries"], found["max_age_seconds"], found["etag"]) == (
        True,
        "rss20",
        0,
        600,
        None,
    )


@pytest.mark.parametrize(
    ("status", "body", "content_type", "expected"),
    [
        (404, "missing", "text/plain", "BROKEN: HTTP 404"),
        (
            200,
            "<!DOCTYPE html><html><body>Trang chủ</body></html>",
            "text/html",
            "BROKEN: not a usable feed: HTML page, not a feed",
        ),
    ],
)
def test_check_a_broken_feed_exits_1(
    feed_server: HTTPServer, status: int, body: str, content_type: str, expected: str
) -> None:
    feed_server.expect_request("/feed.rss").respond_with_data(body, status=status, content_type=content_type)

    code, output = run("feeds", "check", feed_server.url_for("/feed.rss"))

    assert code == 1
    assert output.splitlines()[-1] == expected
    assert f"HTTP status: {status}" in output


def test_check_a_refused_private_address_says_how_to_allow_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIDAO_ALLOW_PRIVATE_HOSTS", "false")

    code, output = run("feeds", "check", "http://127.0.0.1:9/feed.rss")

    assert code == 1
    assert "BROKEN: private address refused (CHIDAO_ALLOW_PRIVATE_HOSTS=true allows intranet portals)" in output


def test_check_a_bundled_sample_feed() -> None:
    code, output = run("feeds", "check", "sample://newspaper.atom")

    assert code == 0
    assert 'Feed: Atom 1.0 "' in output
    assert output.splitlines()[-1] == "OK: the feed is usable"


def test_list_shows_health_as_table_and_json(feed_server: HTTPServer, sqlite_url: str, tmp_path: Path) -> None:
    feed_server.expect_request("/ok.rss").respond_with_data(
        rss([Item("Tin", feed_server.url_for("/tin/1.html"), "g-1", "", html_of(FLOOD_PARAGRAPHS))]),
        content_type=RSS_TYPE,
    )
    feed_server.expect_request("/down.rss").respond_with_data("oops", status=500)
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(
        "feeds:\n"
        f"  - {{id: good, url: '{feed_server.url_for('/ok.rss')}', interval: 60}}\n"
        f"  - {{id: down, url: '{feed_server.url_for('/down.rss')}', interval: 60}}\n"
        "  - {id: later, url: 'https://example.invalid/rss', enabled: false}\n"
        "  - {id: fresh, url: 'https://example.invalid/fresh.rss'}\n",
        encoding="utf-8",
    )
    db = Database(sqlite_url)
    db.upgrade()
    sync_feeds(db, load_feeds(feeds_file))
    with Fetcher(allow_private=True) as fetcher:
        poll_feeds(db, fetcher, ["good", "down"], now=NOW)
    db.dispose()

    code, table = run("feeds", "--feeds", str(feeds_file))
    code_list, table_list = run("feeds", "list", "--feeds", str(feeds_file))
    code_json, raw = run("feeds", "list", "--format", "json", "--feeds", str(feeds_file))

    assert (code, code_list, code_json) == (0, 0, 0)
    assert table == table_list
    good_line = next(line for line in table.splitlines() if "│ good" in line)
    down_line = next(line for line in table.splitlines() if "│ down" in line)
    assert "│ ok " in good_line and "2026-09-01 08:00 UTC" in good_line and "2026-09-01 09:00 UTC" in good_line
    assert "failing since 2026-09-01 08:00 UTC (1 failure)" in down_line and "HTTP 500" in down_line
    assert "new (not polled yet)" in table and "disabled" in table
    assert table.splitlines()[-1] == "4 feeds, 3 enabled, 1 failing"
    rows = {row["id"]: row for row in json.loads(raw)}
    assert list(rows) == ["good", "down", "later", "fresh"]
    assert rows["good"]["health"] == "ok"
    assert rows["good"]["last_new_entry_at"] == "2026-09-01T08:00:00+00:00"
    assert rows["good"]["next_poll_at"] == "2026-09-01T09:00:00+00:00"
    assert (rows["down"]["health"], rows["down"]["last_error"], rows["down"]["consecutive_failures"]) == (
        "failing",
        "HTTP 500",
        1,
    )
    assert rows["down"]["failing_since"] == "2026-09-01T08:00:00+00:00"
    assert (rows["later"]["health"], rows["later"]["next_poll_at"]) == ("disabled", None)
    assert rows["fresh"]["health"] == "new"


def test_list_reports_a_bad_feeds_file_with_its_line(tmp_path: Path) -> None:
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text("feeds:\n  - id: a\n    url: https://example.vn/rss\n    intervall: 5\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["feeds", "--feeds", str(feeds_file)])

    assert result.exit_code == 2
    assert result.stderr == f"Error: {feeds_file}:4: unknown key 'intervall' in feeds[0]\n"
