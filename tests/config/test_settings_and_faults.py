"""Bad settings, bad files and unusable databases: one line, a documented exit code, nothing done.

Exit codes (README "Exit codes"): 2 configuration or settings, 3 database not reachable, 4 database
read-only, 1 a named thing not found. Database cases run ``chidao`` as a child process, the way a user
meets them (the last-resort handler lives in ``chidao.cli.main``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chidao.adapters.db import Database
from chidao.cli import app
from chidao.resources import bundled_config_dir
from chidao.settings import Settings

FEEDS = "feeds:\n  - id: portal\n    url: https://portal.example.vn/rss\n"


def invoke(args: list[str], **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def run_child(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIDAO_", "PREFECT_"))}
    child_env.update(env, COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "chidao.cli", *args],
        cwd=cwd,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- settings (#15.13) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CHIDAO_FETCH_PER_HOST", "0", "input should be greater than or equal to 1"),
        ("CHIDAO_FETCH_PER_HOST", "-1", "input should be greater than or equal to 1"),
        ("CHIDAO_FETCH_TOTAL", "0", "input should be greater than or equal to 1"),
        ("CHIDAO_FETCH_TIMEOUT", "0", "input should be greater than 0"),
        ("CHIDAO_FETCH_TIMEOUT", "-1", "input should be greater than 0"),
        ("CHIDAO_FETCH_TIMEOUT", "nan", "input should be a finite number"),
        ("CHIDAO_FETCH_MAX_BYTES", "0", "input should be greater than or equal to 1024"),
        ("CHIDAO_POLL_INTERVAL_MINUTES", "0", "input should be greater than or equal to 1"),
        ("CHIDAO_NOTIFY_MAX_ATTEMPTS", "0", "input should be greater than or equal to 1"),
        ("CHIDAO_PROCESS_BATCH_SIZE", "-5", "input should be greater than or equal to 1"),
    ],
)
def test_numeric_setting_out_of_bounds_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(["items", "list"], **{variable: value})
    assert (code, out) == (2, "")
    assert err == f"Error: invalid setting {variable}={value}: {message}\n"
    assert not (tmp_path / "chidao.db").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("garbage", "not a database URL; use sqlite:///FILE or postgresql://USER@HOST/DATABASE"),
        ("mysql://chidao:hunter2@127.0.0.1/chidao", "database 'mysql' is not supported; use SQLite or PostgreSQL"),
    ],
)
def test_unusable_database_url_is_one_line_without_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(["items", "list"], CHIDAO_DATABASE_URL=url)
    assert (code, out, err) == (2, "", f"Error: invalid setting CHIDAO_DATABASE_URL: {message}\n")


# --- the .env file and the Slack API URL (#15.17) ---------------------------------------------------------


def test_dotenv_cannot_send_the_slack_token_to_another_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    token = "xoxb-1111-2222-from-dotenv"
    (tmp_path / ".env").write_text(
        f"CHIDAO_SLACK_TOKEN={token}\nCHIDAO_SLACK_API_URL=https://collector.example.net/api/\n", encoding="utf-8"
    )
    code, out, err = invoke(["notify", "test"])
    assert (code, out) == (2, "")
    assert err == (
        "Error: invalid setting CHIDAO_SLACK_API_URL=https://collector.example.net/api/: "
        "'https://collector.example.net/api/' is not a slack.com or slack-gov.com URL; set CHIDAO_ALLOW_CUSTOM_SLACK_API=true to "
        "send the token there\n"
    )
    assert token not in err


def test_slack_api_url_rule_is_pure() -> None:
    assert Settings(slack_api_url="https://slack.com/api/").slack_api_url == "https://slack.com/api/"
    assert Settings(slack_api_url="https://edge.slack.com/api/").slack_api_url == "https://edge.slack.com/api/"
    assert Settings(slack_api_url="https://slack-gov.com/api/").slack_api_url == "https://slack-gov.com/api/"
    assert Settings(slack_api_url="http://127.0.0.1:8080/api/").slack_api_url == "http://127.0.0.1:8080/api/"
    assert Settings(slack_api_url="http://[::1]:8080/api/").slack_api_url == "http://[::1]:8080/api/"
    relay = Settings(slack_api_url="https://relay.example.net/api/", allow_custom_slack_api=True)
    assert relay.slack_api_url == "https://relay.example.net/api/"
    for refused in ("https://slack.com.example.net/api/", "https://notslack.com/api/", "https://10.0.0.5/api/"):
        with pytest.raises(ValueError, match=r"is not a slack\.com or slack-gov\.com URL"):
            Settings(slack_api_url=refused)


# --- bad files (#15.13, #15.14) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feeds_text", "line", "message"),
    [
        (
            FEEDS + "    expected_period: 100000000000\n",
            4,
            "feeds[0].expected_period: input should be less than or equal to 87840",
        ),
        (
            FEEDS + "    expected_period: -6\n",
            4,
            "feeds[0].expected_period: input should be greater than or equal to 1",
        ),
        (FEEDS + "    interval: 0\n", 4, "feeds[0].interval: input should be greater than or equal to 1"),
        (
            "feeds:\n  - id: portal\n    url: 'http://[::1'\n",
            3,
            "feeds[0].url: 'http://[::1' is not a valid URL (Invalid IPv6 URL)",
        ),
        (
            "feeds:\n  - id: portal\n    url: 'http://127.0.0.1:99999/rss'\n",
            3,
            "feeds[0].url: 'http://127.0.0.1:99999/rss' is not a valid URL (Port out of range 0-65535)",
        ),
    ],
)
def test_bad_feed_values_stop_run_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, feeds_text: str, line: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(feeds_text, encoding="utf-8")
    code, out, err = invoke(["run", "--feeds", str(feeds)])
    assert (code, out, err) == (2, "", f"Error: {feeds}:{line}: {message}\n")
    assert not (tmp_path / "chidao.db").exists()


def test_feeds_file_that_is_a_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(["run"], CHIDAO_FEEDS=str(tmp_path))
    assert (code, out, err) == (2, "", f"Error: {tmp_path}: is a directory, not a YAML file\n")


def test_latin1_routing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    routing = tmp_path / "routing.yaml"
    routing.write_bytes(
        'default_channel: "#chidao"\nroutes:\n  - channel: "#dak-lak"\n    provinces: [Dăk]\n'.replace(
            "Dăk", "Daklak café"
        ).encode("latin-1")
    )
    code, out, err = invoke(["run"], CHIDAO_ROUTING=str(routing))
    assert (code, out) == (2, "")
    assert err == f"Error: {routing}:4: not UTF-8 (byte 0xe9); save the file as UTF-8 (Latin-1 is not read)\n"


def test_duplicate_key_in_routing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    routing = tmp_path / "routing.yaml"
    routing.write_text('default_channel: "#a"\nroutes: []\ndefault_channel: "#b"\n', encoding="utf-8")
    code, out, err = invoke(["run"], CHIDAO_ROUTING=str(routing))
    assert (code, out, err) == (2, "", f"Error: {routing}:3: duplicate key 'default_channel' (first on line 1)\n")


def test_config_dir_covers_the_lunar_new_year_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CHIDAO_CONFIG_DIR replaces the whole bundle, the lunar-new-year table included (it did not before)."""
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config"
    shutil.copytree(bundled_config_dir(), config)
    time_file = config / "lexicons" / "time.yaml"
    text = time_file.read_text(encoding="utf-8")
    time_file.write_text(text.replace('  2027: "2027-02-06"', '  2027: "2027-03-01"'), encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(
        "Chủ tịch UBND tỉnh yêu cầu Sở Tài nguyên hoàn thành việc cấp đất ở cho các hộ dân trước Tết Nguyên đán 2027.\n",
        encoding="utf-8",
    )

    bundled = invoke(["extract", str(article)])
    moved = invoke(["extract", str(article)], CHIDAO_CONFIG_DIR=str(config))

    assert [(i["deadline"], i["due_date"]) for i in json.loads(bundled[1])["items"]] == [
        ("trước Tết Nguyên đán 2027", "2027-02-05")
    ]
    assert [(i["deadline"], i["due_date"]) for i in json.loads(moved[1])["items"]] == [
        ("trước Tết Nguyên đán 2027", "2027-02-28")
    ]


def test_year_outside_the_lunar_table_range(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config"
    shutil.copytree(bundled_config_dir(), config)
    time_file = config / "lexicons" / "time.yaml"
    lines = time_file.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("lunar_new_year:\n") + 1  # the first entry of the table, whatever sections follow it
    time_file.write_text("".join([*lines[:at], "  1066: 1066-10-14\n", *lines[at:]]), encoding="utf-8")
    line = at + 1
    code, out, err = invoke(["run"], CHIDAO_CONFIG_DIR=str(config))
    assert (code, out) == (2, "")
    assert err == f"Error: {time_file}:{line}: lunar_new_year[1066]: input should be greater than or equal to 1900\n"


# --- databases (#15.14) --------------------------------------------------------------------------


def test_postgresql_not_listening_is_exit_3(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://chidao:s3cret@127.0.0.1:{closed_port()}/chidao"
    shown = url.replace("s3cret", "***")
    for args in (["run"], ["items", "list"]):
        result = run_child(args, tmp_path, CHIDAO_DATABASE_URL=url)
        assert result.returncode == 3, result.stderr
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"Error: cannot use the database {shown}: connection failed: ")
        assert lines[0].endswith("Connection refused")
        assert "s3cret" not in result.stderr


def test_read_only_sqlite_database_is_exit_4(tmp_path: Path) -> None:
    path = tmp_path / "chidao.db"
    sqlite3.connect(path).close()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = run_child(["run"], tmp_path, CHIDAO_DATABASE_URL=url)
    assert (result.returncode, result.stdout) == (4, ""), result.stderr
    assert result.stderr == f"Error: database {url} is read-only: attempt to write a readonly database\n"


@pytest.mark.postgres
def test_read_only_postgresql_session_is_exit_4(tmp_path: Path, postgres_server_url: str) -> None:
    url = postgres_server_url + "?options=-c%20default_transaction_read_only%3Don"
    shown = Database(url).engine.url.render_as_string(hide_password=True)
    result = run_child(["run"], tmp_path, CHIDAO_DATABASE_URL=url)
    assert (result.returncode, result.stdout) == (4, ""), result.stderr
    assert result.stderr == (
        f"Error: database {shown} is read-only: the session is read-only (transaction_read_only = on)\n"
    )


def test_items_show_with_an_id_beyond_64_bits(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Database(database_url).upgrade()
    for command in (["items", "show"], ["items", "set-status"], ["items", "review"]):
        extra = ["done"] if command[1] == "set-status" else ["--confirm"] if command[1] == "review" else []
        huge = "99999999999999999999999"
        code, out, err = invoke([*command, huge, *extra], CHIDAO_DATABASE_URL=database_url)
        assert (code, out, err) == (1, "", f"Error: no item with id {huge}\n")


def test_items_list_negative_limit(database_url: str) -> None:
    Database(database_url).upgrade()
    code, out, err = invoke(["items", "list", "--limit", "-1"], CHIDAO_DATABASE_URL=database_url)
    assert (code, out, err) == (2, "", "Error: --limit must be 1 or more, got -1\n")
