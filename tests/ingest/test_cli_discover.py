"""``chidao feeds discover URL [--write FILE]`` and ``chidao feeds check --all`` against invented portals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from chidao.cli import app
from chidao.core.feeds import load_feeds
from tests.ingest.portal_sites import BODIES, RSS, TEXT, XML, Site, article_page, sitemap_index, urlset


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    monkeypatch.setenv("CHIDAO_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CHIDAO_ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.setenv("COLUMNS", "400")


def run(*args: str) -> tuple[int, str]:
    """Exit code and stdout (stderr apart: a log handler another test left behind may write there)."""
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def run_stderr(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>" for t, link, d in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def rss_portal(site: Site) -> None:
    """A newspaper home page: one feed in <head>, an "RSS" page listing the section feeds, a sitemap index
    named in robots.txt, and a column of headlines."""
    headlines = "".join(
        f"<div class='item'><a href='/thoi-su/tinh-hoa-lam-trien-khai-nhiem-vu-{n}-{700 + n}.html'>"
        f"Tỉnh Hòa Lâm triển khai nhiệm vụ trọng tâm số {n}</a></div>"
        for n in range(4)
    )
    site.put(
        "/",
        "<!DOCTYPE html><html lang='vi'><head><title>Báo Hòa Lâm điện tử</title>"
        "<link rel='alternate' type='application/rss+xml' title='Tin mới' href='/rss/tin-moi.rss'></head>"
        f"<body><nav><a href='/rss'>RSS</a> <a href='/lien-he'>Liên hệ</a></nav>{headlines}</body></html>",
    )
    site.put(
        "/rss",
        "<html><body><h1>Kênh RSS</h1><ul><li><a href='/rss/tin-moi.rss'>Tin mới</a></li>"
        "<li><a href='/rss/chi-dao-dieu-hanh.rss'>Chỉ đạo - điều hành</a></li>"
        "<li><a href='/rss/da-xoa.rss'>Chuyên mục cũ</a></li></ul></body></html>",
    )
    site.put(
        "/rss/tin-moi.rss",
        rss("Tin mới", [("Tin một", site.url("/thoi-su/tin-1.html"), "Mon, 31 Aug 2026 09:00:00 +0700")]),
        RSS,
    )
    site.put(
        "/rss/chi-dao-dieu-hanh.rss",
        rss(
            "Chỉ đạo - điều hành",
            [
                ("Tin hai", site.url("/thoi-su/tin-2.html"), "Mon, 31 Aug 2026 10:00:00 +0700"),
                ("Tin ba", site.url("/thoi-su/tin-3.html"), "Sun, 30 Aug 2026 10:00:00 +0700"),
            ],
        ),
        RSS,
    )
    site.put("/robots.txt", f"User-agent: *\nDisallow: /quan-tri/\nSitemap: {site.url('/sitemap-index.xml')}\n", TEXT)
    site.put("/sitemap-index.xml", sitemap_index([(site.url("/sitemap-news.xml"), "2026-08-31T10:00:00+07:00")]), XML)
    site.put(
        "/sitemap-news.xml",
        urlset([(site.url("/thoi-su/tin-2.html"), "2026-08-31T10:00:00+07:00")], news_titles=["Tin hai"]),
        XML,
    )
    site.put(
        "/thoi-su/tinh-hoa-lam-trien-khai-nhiem-vu-0-700.html",
        article_page("Nhiệm vụ trọng tâm", BODIES[0], dateline="Cập nhật: 31/8/2026 08:10"),
    )


def test_discover_lists_feeds_the_rss_page_the_sitemap_and_the_page_as_a_listing(feed_server: HTTPServer) -> None:
    site = Site(feed_server)
    rss_portal(site)
    base = site.url("/").rstrip("/")

    code, output = run("feeds", "discover", site.url("/"))

    assert code == 0
    assert output.splitlines() == [
        f"Sources found from {base}/: 4",
        f"1. feed: {base}/rss/tin-moi.rss",
        "   1 item, newest 2026-08-31 02:00 UTC",
        f"   entry: {{id: 127-0-0-1-feed-tin-moi, kind: feed, url: '{base}/rss/tin-moi.rss', title: Tin mới, "
        f"evidence: '{base}/', verified: false, enabled: false}}",
        f"2. feed: {base}/rss/chi-dao-dieu-hanh.rss",
        "   2 items, newest 2026-08-31 03:00 UTC",
        f"   entry: {{id: 127-0-0-1-feed-chi-dao-dieu-hanh, kind: feed, url: '{base}/rss/chi-dao-dieu-hanh.rss', "
        f"title: Chỉ đạo - điều hành, evidence: '{base}/rss', verified: false, enabled: false}}",
        f"3. sitemap: {base}/sitemap-index.xml",
        "   1 item, newest 2026-08-31 03:00 UTC (sitemap index of 1 sitemaps)",
        f"   entry: {{id: 127-0-0-1-sitemap-sitemap-index, kind: sitemap, url: '{base}/sitemap-index.xml', "
        f"evidence: '{base}/robots.txt', verified: false, enabled: false}}",
        f"4. listing: {base}/",
        "   4 items, newest 2026-08-31 01:10 UTC (newest article: Tỉnh Hòa Lâm triển khai nhiệm vụ trọng tâm số 0)",
        f"   entry: {{id: 127-0-0-1-listing, kind: listing, url: '{base}/', link_pattern: ^/thoi-su/.+\\.html$, "
        f"evidence: '{base}/', verified: false, enabled: false}}",
    ]


def test_discover_write_appends_the_picked_entries_and_check_all_confirms_them(
    feed_server: HTTPServer, tmp_path: Path
) -> None:
    site = Site(feed_server)
    rss_portal(site)
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text("# my province\nfeeds:\n  - {id: old, url: 'https://baohoalam.invalid/rss'}\n", "utf-8")

    code, output = run("feeds", "discover", site.url("/"), "--write", str(feeds_file), "--pick", "2,3,4")

    assert code == 0
    assert output.splitlines()[-1] == f"Wrote 3 entries to {feeds_file} (enabled: false, verified: false)"
    specs = load_feeds(feeds_file)
    assert [(s.id, s.kind, s.enabled, s.verified) for s in specs] == [
        ("old", "feed", True, False),
        ("127-0-0-1-feed-chi-dao-dieu-hanh", "feed", False, False),
        ("127-0-0-1-sitemap-sitemap-index", "sitemap", False, False),
        ("127-0-0-1-listing", "listing", False, False),
    ]
    assert feeds_file.read_text("utf-8").startswith("# my province\nfeeds:\n")
    again_code, again = run("feeds", "discover", site.url("/"), "--write", str(feeds_file), "--pick", "2")
    assert (again_code, again.splitlines()[-1]) == (
        0,
        f"Wrote 0 entries to {feeds_file} (enabled: false, verified: false)",
    )

    feeds_file.write_text(
        "feeds:\n" + "".join(line + "\n" for line in feeds_file.read_text("utf-8").splitlines()[3:]), "utf-8"
    )
    code, output = run("feeds", "check", "--all", "--feeds", str(feeds_file), "--format", "json")

    assert code == 0
    assert [(row["id"], row["ok"], row["detail"]) for row in json.loads(output)] == [
        ("127-0-0-1-feed-chi-dao-dieu-hanh", True, "2 items, newest 2026-08-31 03:00 UTC"),
        ("127-0-0-1-sitemap-sitemap-index", True, "1 item, newest 2026-08-31 03:00 UTC"),
        ("127-0-0-1-listing", True, "4 items"),
    ]


def test_check_all_names_what_is_broken_and_exits_1(feed_server: HTTPServer, tmp_path: Path) -> None:
    site = Site(feed_server)
    site.put("/robots.txt", "User-agent: *\nDisallow: /bao-tri/\n", TEXT)
    site.put("/tin-trong-tinh", "<html><body><article class='card'><a data-href='/x'>Tin</a></article></body></html>")
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(
        "feeds:\n"
        f"  - {{id: gone, url: '{site.url('/rss/da-xoa.rss')}'}}\n"
        f"  - {{id: closed, kind: sitemap, url: '{site.url('/bao-tri/sitemap.xml')}'}}\n"
        f"  - {{id: redesigned, kind: listing, url: '{site.url('/tin-trong-tinh')}', link_selector: 'h3 a'}}\n",
        "utf-8",
    )

    code, output = run("feeds", "check", "--all", "--feeds", str(feeds_file))

    assert code == 1
    lines = [" ".join(line.strip("│┃ ").split()) for line in output.splitlines()]
    assert "gone │ feed │ no │ BROKEN: HTTP 404" in lines
    assert "closed │ sitemap │ no │ BROKEN: robots.txt forbids this URL" in lines
    assert "redesigned │ listing │ no │ BROKEN: no article links found" in lines
    assert lines[-1] == "3 sources, 0 OK, 3 broken"


def test_check_needs_a_url_or_all() -> None:
    code, errors = run_stderr("feeds", "check")
    assert (code, errors.strip()) == (2, "Error: give a feed URL or --all (not both)")


def test_discover_of_an_unreachable_site_says_why_and_exits_1(feed_server: HTTPServer) -> None:
    site = Site(feed_server)
    code, output = run("feeds", "discover", site.url("/khong-co"))
    assert code == 1
    assert output.splitlines() == [
        f"Sources found from {site.url('/khong-co')}: 0",
        f"Problem: {site.url('/khong-co')}: HTTP 404",
    ]
