"""`chidao run` end to end: sample feeds over loopback HTTP, real database, real Prefect API.

The embedded default (no settings at all) and the same pass against PostgreSQL
and a Slack-compatible server driven through the real slack-sdk client.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from chidao.adapters.db import Article, Database, FollowUpItem, Notification
from chidao.cli import DEMO_NOTICE, app
from tests.support.samples import SAMPLE_PAGES, SAMPLES, expected_sample_items
from tests.support.slack_server import SlackTestServer

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


def run_cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real console script in a child process, against the session's Prefect test API."""
    from prefect.settings import PREFECT_API_URL

    child_env = {k: v for k, v in os.environ.items() if not k.startswith("CHIDAO_")}
    child_env.update(env, PREFECT_API_URL=str(PREFECT_API_URL.value()), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "chidao.cli", *args],
        cwd=cwd,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def summary_counts(output: str) -> dict[str, int]:
    return {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"│ ([a-z ]+?)\s+│\s+(\d+) │", output)}


def test_embedded_default_run_then_rerun(prefect_harness: None, tmp_path: Path) -> None:
    first = run_cli(["run"], tmp_path)
    assert first.returncode == 0, first.stderr
    # No feeds file: the demo, and it says so first.
    assert first.stdout.splitlines()[0] == DEMO_NOTICE
    counts = summary_counts(first.stdout)
    assert counts["feeds polled"] == 2
    assert counts["feeds failed"] == 0
    assert counts["new articles"] == 5
    assert counts["articles processed"] == 5
    assert counts["new items"] > 0
    # one console message per article that has items
    db = Database(f"sqlite:///{tmp_path / 'chidao.db'}")
    with db.session() as session:
        n_items = session.scalar(select(func.count(FollowUpItem.id)))
        with_items = session.scalar(select(func.count(func.distinct(FollowUpItem.article_id))))
        urls = set(session.scalars(select(Article.canonical_url)))
        sent = session.scalar(select(func.count(Notification.id)).where(Notification.state == "sent"))
        items = session.scalars(select(FollowUpItem)).all()
    assert n_items == counts["new items"] == expected_sample_items()
    assert counts["notifications sent"] == sent == first.stdout.count("── #chidao")
    assert with_items is not None and with_items >= 4
    assert urls == {f"sample://articles/{p.name}" for p in SAMPLE_PAGES}
    # every item is printed by the console notifier
    for item in items:
        assert item.text in first.stdout

    # The appended "Đọc thêm" article of the meeting page yields nothing.
    page = (SAMPLES / "articles" / "tuyen-quang-phien-hop-ubnd-thang-8.html").read_text(encoding="utf-8")
    appended = page.split("Đọc thêm", 1)[1]
    for item in items:
        assert item.text not in appended

    second = run_cli(["run", "--force"], tmp_path)
    assert second.returncode == 0, second.stderr
    again = summary_counts(second.stdout)
    assert again["feeds polled"] == 2
    assert again["new articles"] == 0
    assert again["new items"] == 0
    assert again["notifications sent"] == 0
    assert "── #chidao" not in second.stdout
    with db.session() as session:
        assert session.scalar(select(func.count(FollowUpItem.id))) == n_items
        assert session.scalar(select(func.count(Notification.id))) == sent
    db.dispose()


@pytest.mark.postgres
def test_run_on_postgres_posts_to_slack_once(
    prefect_harness: None,
    empty_postgres_url: str,
    slack_server: SlackTestServer,
    tmp_path: Path,
) -> None:
    postgres_url = empty_postgres_url  # no tables: `chidao run` must not migrate PostgreSQL itself
    env = {
        "CHIDAO_DATABASE_URL": postgres_url,
        "CHIDAO_SLACK_TOKEN": slack_server.token,
        "CHIDAO_SLACK_API_URL": slack_server.base_url,
    }
    # PostgreSQL is migrated as its own step (the README's production steps), never by `chidao run`.
    refused = run_cli(["run"], tmp_path, **env)
    assert (refused.returncode, refused.stdout) == (5, "")
    assert " ".join(refused.stderr.split()) == (
        "Error: the database has no chidao tables yet: run `chidao db upgrade` first"
    )
    upgraded = run_cli(["db", "upgrade"], tmp_path, **env)
    assert upgraded.returncode == 0, upgraded.stderr
    first = run_cli(["run"], tmp_path, **env)
    assert first.returncode == 0, first.stderr
    counts = summary_counts(first.stdout)
    posts = slack_server.requests_for("chat.postMessage")
    assert counts["notifications sent"] == len(posts) > 0
    assert slack_server.token not in first.stdout + first.stderr
    db = Database(postgres_url)
    with db.session() as session:
        rows = session.scalars(select(Notification).order_by(Notification.id)).all()
        assert all(r.state == "sent" and r.ts for r in rows)
        assert {r.ts for r in rows} == {m.ts for m in slack_server.messages()}
        n_items = session.scalar(select(func.count(FollowUpItem.id)))
    assert n_items == counts["new items"]
    # every posted item text arrives in Slack
    posted_text = "\n".join(str(p.args.get("blocks", "")) + str(p.args.get("text", "")) for p in posts)
    assert "Vương Đình Khôi" in posted_text

    second = run_cli(["run", "--force"], tmp_path, **env)
    assert second.returncode == 0, second.stderr
    assert len(slack_server.requests_for("chat.postMessage")) == len(posts)
    with db.session() as session:
        assert session.scalar(select(func.count(FollowUpItem.id))) == n_items
    db.dispose()


def test_bad_feeds_file_fails_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n  - id: a\n    url: https://a.vn/rss\n    intervall: 5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--feeds", str(feeds)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {feeds}:4: unknown key 'intervall' in feeds[0]\n"
    assert not (tmp_path / "chidao.db").exists()
