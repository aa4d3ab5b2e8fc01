"""Nobody changes anything without a session, a CSRF token and a reviewer's role; data is shown as text."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from chidao.adapters.db import FollowUpItem, ItemHistory, get_database
from chidao.services import accounts
from chidao.settings import load_settings
from chidao.web.app import create_app
from tests.web.conftest import PASSWORD, WebApp, csrf_of, seed_items, signed_in, start_server, stop_server

pytestmark = pytest.mark.slow


def _state(web: WebApp) -> tuple[list[tuple[int, str, str, str | None]], int]:
    """Every item's review state, progress and assignee, and the number of history rows."""
    with web.db.session() as session:
        items = [
            (i.id, i.review_state, i.progress, i.assignee)
            for i in session.scalars(select(FollowUpItem).order_by(FollowUpItem.id))
        ]
        return items, len(list(session.scalars(select(ItemHistory.id))))


def _changes(item_id: int) -> list[tuple[str, dict[str, str]]]:
    return [
        (f"/items/{item_id}/review", {"decision": "confirm"}),
        (f"/items/{item_id}/review", {"decision": "reject"}),
        (f"/items/{item_id}/edit", {"assignee": "Sở Nội vụ"}),
        (f"/items/{item_id}/progress", {"progress": "done"}),
    ]


def test_reading_needs_a_session_once_accounts_exist(web_app: WebApp) -> None:
    with web_app.client() as client:
        for path in ("/items", f"/items/{web_app.items.bridge}", "/dashboard", "/export.csv", "/export.xlsx"):
            response = client.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"].startswith("/login?next=")


def test_no_change_without_a_session(web_app: WebApp) -> None:
    before = _state(web_app)
    with web_app.client() as client:
        token = csrf_of(client.get("/login").text)  # a session with a token, but nobody signed in
        for path, data in _changes(web_app.items.bridge):
            assert client.post(path, data={**data, "csrf_token": token}).status_code == 401, path
    assert _state(web_app) == before


def test_no_change_without_the_csrf_token(web_app: WebApp) -> None:
    client, token = signed_in(web_app, "lan")
    before = _state(web_app)
    for path, data in _changes(web_app.items.bridge):
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf_token": token[::-1]}).status_code == 403, path
    assert _state(web_app) == before


def test_a_token_from_before_sign_in_is_worthless(web_app: WebApp) -> None:
    client = web_app.client()
    old = csrf_of(client.get("/login").text)
    client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": old})
    before = _state(web_app)
    response = client.post(f"/items/{web_app.items.bridge}/review", data={"decision": "confirm", "csrf_token": old})
    assert response.status_code == 403
    assert _state(web_app) == before


def test_a_viewer_cannot_change_anything(web_app: WebApp) -> None:
    client, token = signed_in(web_app, "minh")
    before = _state(web_app)
    page = client.get(f"/items/{web_app.items.bridge}").text
    assert 'id="edit-form"' not in page and 'id="confirm"' not in page
    for path, data in _changes(web_app.items.bridge):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 403, path
        assert "Tài khoản &#39;minh&#39; chỉ được xem, không được thay đổi." in response.text
    assert _state(web_app) == before


def test_wrong_password_is_refused_with_a_message(web_app: WebApp) -> None:
    with web_app.client() as client:
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"name": "lan", "password": "sai-mat-khau", "csrf_token": token})
        assert response.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu." in response.text
        assert client.get("/items").status_code == 303


def test_sign_in_never_redirects_off_site(web_app: WebApp) -> None:
    with web_app.client() as client:
        token = csrf_of(client.get("/login").text)
        data = {"name": "lan", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"}
        assert client.post("/login", data=data).headers["location"] == "/items"


def test_markup_in_titles_and_article_text_is_shown_as_text(web_app: WebApp) -> None:
    client, _ = signed_in(web_app, "lan")
    queue = client.get("/items").text
    page = client.get(f"/items/{web_app.items.xss}").text
    for html in (queue, page):
        assert "<script>window.pwned" not in html
        assert '<img src=x onerror="window.pwned=2">' not in html
    assert "&lt;img src=x onerror=&#34;window.pwned=2&#34;&gt;" in queue
    assert "&lt;script&gt;window.pwned=3&lt;/script&gt; Họp giao ban tài chính" in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page


def test_bad_input_gets_a_message_and_changes_nothing(web_app: WebApp) -> None:
    client, token = signed_in(web_app, "lan")
    before = _state(web_app)
    item = web_app.items.bridge
    cases = [
        (f"/items/{item}/edit", {"due": "31/02/2025"}, "Hạn: &#39;31/02/2025&#39; không phải ngày hợp lệ (dd/mm/yyyy)"),
        (f"/items/{item}/edit", {"assignee": "x" * 501}, "Đơn vị thực hiện: dài quá 500 ký tự"),
        (f"/items/{item}/edit", {"kind": "order"}, "Loại: kind: &#39;order&#39; is not directive or commitment"),
        (f"/items/{item}/review", {"decision": "maybe"}, "Quyết định không hợp lệ: &#39;maybe&#39;"),
        (f"/items/{item}/progress", {"progress": "finished"}, "unknown progress &#39;finished&#39;"),
    ]
    for path, data, message in cases:
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 400, path
        assert message in response.text, path
    for raw in ("99999", "abc", "0", "99999999999999999999"):
        missing = client.post(f"/items/{raw}/review", data={"decision": "confirm", "csrf_token": token})
        assert missing.status_code == 404, raw
        assert f"Không có mục nào mang mã {raw}." in missing.text
        assert client.get(f"/items/{raw}").status_code == 404
    bad_filter = client.get("/items?due_from=32/13/2025")
    assert bad_filter.status_code == 400
    assert "Hạn từ: &#39;32/13/2025&#39; không phải ngày hợp lệ (dd/mm/yyyy)" in bad_filter.text
    assert _state(web_app) == before


def test_without_any_account_the_app_is_a_read_only_demo(database_url: str) -> None:
    """What `chidao run` then `chidao web` gives: the items are readable, nothing can be changed."""
    get_database(database_url).upgrade()
    app = create_app(load_settings(database_url=database_url, web_secret_key="k"))
    items = seed_items(get_database(database_url))
    running = start_server(app)
    try:
        with httpx.Client(base_url=running.url) as client:
            page = client.get("/items")
            assert page.status_code == 200
            assert "Chưa có tài khoản nào: ứng dụng chỉ cho xem." in page.text
            assert f'id="item-{items.bridge}"' in page.text and 'class="inline review-confirm"' not in page.text
            token = csrf_of(page.text)
            response = client.post(f"/items/{items.bridge}/review", data={"decision": "confirm", "csrf_token": token})
            assert response.status_code == 401
    finally:
        stop_server(running)
    with get_database(database_url).session() as session:
        assert session.get_one(FollowUpItem, items.bridge).review_state == "new"


def test_a_trusted_proxy_header_names_the_account_when_configured(database_url: str) -> None:
    settings = load_settings(database_url=database_url, web_secret_key="k", web_trusted_user_header="X-Remote-User")
    db = get_database(database_url)
    db.upgrade()
    app = create_app(settings)
    items = seed_items(db)
    accounts.create_user(db, "lan", PASSWORD, "reviewer")
    running = start_server(app)
    try:
        with httpx.Client(base_url=running.url) as client:
            assert client.get("/items").status_code == 303  # no header, no session: sign in
            assert client.get("/items", headers={"X-Remote-User": "nobody"}).status_code == 303
            page = client.get("/items", headers={"X-Remote-User": "lan"})
            assert page.status_code == 200 and '<span id="account-name">lan</span>' in page.text
            data = {"decision": "confirm", "csrf_token": csrf_of(page.text)}
            response = client.post(f"/items/{items.bridge}/review", data=data, headers={"X-Remote-User": "lan"})
            assert response.status_code == 303
    finally:
        stop_server(running)
    with db.session() as session:
        rows = session.scalars(
            select(ItemHistory).where(ItemHistory.item_id == items.bridge, ItemHistory.actor != "chidao")
        )
        assert [(h.actor, h.field, h.new_value, h.note) for h in rows] == [("lan", "review_state", "confirmed", "web")]
