"""The review app on loopback: uvicorn in a thread, on a real database, with items written for these tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
import uvicorn

from chidao.adapters.db import Database, get_database
from chidao.core.clustering import update_cues
from chidao.runtime import get_runtime
from chidao.services import accounts, store
from chidao.settings import load_settings
from chidao.web.app import create_app
from tests.support.slack_server import SlackTestServer
from tests.tracking.conftest import add_article, directive_in

SIGNING_SECRET = "test-signing-secret-5b1e"
PASSWORD = "mat-khau-du-dai"
TODAY = date.today()

# Invented reports (the structures of real ones, none of their words).
BRIDGE = (
    "Chủ tịch UBND tỉnh Trần Văn Bình yêu cầu Sở Xây dựng khẩn trương hoàn thành việc gia cố kè sông Vàm Cỏ "
    "trước ngày 15/12/2025. Ông cũng đề nghị các xã ven sông rà soát các hộ dân ở vùng sạt lở."
)
BRIDGE_ACTION = "khẩn trương hoàn thành việc gia cố kè sông Vàm Cỏ trước ngày 15/12/2025"
SCHOOL = (
    "Phó Chủ tịch UBND tỉnh Lý Thu Hà giao Sở Giáo dục và Đào tạo kiểm tra an toàn các điểm trường vùng sâu. "
    "Các trường phải báo cáo kết quả trong tháng 11."
)
SCHOOL_ACTION = "kiểm tra an toàn các điểm trường vùng sâu"
XSS = (
    "Giám đốc Sở Tài chính Phạm Quốc Việt yêu cầu phòng Ngân sách <script>window.pwned=1</script> lập báo cáo "
    'quyết toán <img src=x onerror="window.pwned=2"> trước ngày 20/12/2025.'
)
XSS_ACTION = 'lập báo cáo quyết toán <img src=x onerror="window.pwned=2"> trước ngày 20/12/2025'
XSS_TITLE = "<script>window.pwned=3</script> Họp giao ban tài chính"


@dataclass
class SeededItems:
    bridge: int
    school: int
    xss: int


def seed_items(db: Database) -> SeededItems:
    """Three items in two provinces; the third's article carries markup in its title and text."""
    bundle = get_runtime(load_settings()).bundle
    cues = update_cues(bundle.tracking, bundle.time.lunar_new_year)
    ids = []
    specs = [
        (
            "https://longan.example.vn/tin/1",
            BRIDGE,
            BRIDGE_ACTION,
            "Long An",
            "Trần Văn Bình",
            "Sở Xây dựng",
            date(2025, 12, 15),
        ),
        (
            "https://camau.example.vn/tin/2",
            SCHOOL,
            SCHOOL_ACTION,
            "Cà Mau",
            "Lý Thu Hà",
            "Sở Giáo dục và Đào tạo",
            None,
        ),
        (
            "https://longan.example.vn/tin/3",
            XSS,
            XSS_ACTION,
            "Long An",
            "Phạm Quốc Việt",
            "phòng Ngân sách",
            date(2025, 12, 20),
        ),
    ]
    with db.session() as session:
        for url, text, action, province, issuer, assignee, due in specs:
            article = add_article(session, url, text, province_current=province, published=date(2025, 11, 3))
            if text is XSS:
                article.title = XSS_TITLE
            directive = directive_in(text, action, issuer=issuer, assignee=assignee, due=due)
            item, _ = store.link_or_create_item(session, article, directive, date(2025, 11, 3), cues=cues)
            item.province = province
            ids.append(item.id)
    return SeededItems(*ids)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class WebApp:
    url: str
    db: Database
    items: SeededItems

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10, follow_redirects=False)


@dataclass
class RunningServer:
    server: uvicorn.Server
    thread: threading.Thread
    url: str


def start_server(app: object) -> RunningServer:
    sock = _free_socket()
    config = uvicorn.Config(app, log_level="warning", lifespan="off")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="chidao-web")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    host, port = sock.getsockname()
    return RunningServer(server, thread, f"http://{host}:{port}")


def stop_server(running: RunningServer) -> None:
    running.server.should_exit = True
    running.thread.join(timeout=10)


@pytest.fixture
def web_app(database_url: str, slack_server: SlackTestServer, tmp_path: Path) -> Iterator[WebApp]:
    """The app on a fresh database with three items and three accounts (lan: reviewer, minh: viewer,
    an: admin); Slack member U0LAN is lan, U0MINH is minh."""
    settings = load_settings(
        database_url=database_url,
        web_secret_key="test-session-key",
        web_base_url="http://127.0.0.1:9/",
        slack_signing_secret=SIGNING_SECRET,
        slack_token=slack_server.token,
        slack_api_url=slack_server.base_url,
    )
    db = get_database(database_url)
    db.upgrade()
    app = create_app(settings)
    items = seed_items(db)
    accounts.create_user(db, "lan", PASSWORD, "reviewer", slack_user_id="U0LAN")
    accounts.create_user(db, "minh", PASSWORD, "viewer", slack_user_id="U0MINH")
    accounts.create_user(db, "an", PASSWORD, "admin")
    running = start_server(app)
    try:
        yield WebApp(running.url, db, items)
    finally:
        stop_server(running)


def csrf_of(html: str) -> str:
    marker = '<meta name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def signed_in(web: WebApp, name: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """A client with a session for ``name`` and the session's CSRF token."""
    client = web.client()
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/items"})
    assert response.status_code == 303, response.text
    return client, csrf_of(client.get("/items").text)
