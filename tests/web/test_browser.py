"""The review app as a person uses it: a real headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium) against the app on loopback with a real database."""

from __future__ import annotations

import csv
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from chidao.adapters.db import FollowUpItem, ItemHistory
from tests.web.conftest import PASSWORD, WebApp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)",
    ),
]

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], object], what: str, timeout: float = 10) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except (StaleElementReferenceException, NoSuchElementException):
            value = None  # the page was being replaced: look again
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def sign_in(browser: WebDriver, web: WebApp, name: str) -> None:
    browser.get(f"{web.url}/items")
    assert "/login" in browser.current_url
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "sign-in").click()
    wait_for(lambda: browser.find_elements(By.ID, "queue"), "the queue after signing in")
    assert browser.find_element(By.ID, "account-name").text == name


def queue_ids(browser: WebDriver) -> list[int]:
    return [int(row.get_attribute("data-id") or 0) for row in browser.find_elements(By.CSS_SELECTOR, "#queue tr.item")]


def screenshot_dir(tmp_path: Path) -> Path:
    """Where to save the pictures: $CHIDAO_SCREENSHOT_DIR (to refresh docs/) or the test's folder."""
    return Path(os.environ.get("CHIDAO_SCREENSHOT_DIR") or tmp_path)


def test_review_session_in_the_browser(web_app: WebApp, browser: WebDriver, downloads: Path, tmp_path: Path) -> None:
    """One reviewer's session, step by step; each step checks the page and the database."""
    items = web_app.items
    sign_in(browser, web_app, "lan")
    assert queue_ids(browser) == [items.xss, items.school, items.bridge]  # newest first
    filter_and_confirm(browser, web_app)
    browser.save_screenshot(str(screenshot_dir(tmp_path) / "web-queue.png"))
    edit_deadline(browser, web_app)
    check_dashboard(browser)
    browser.save_screenshot(str(screenshot_dir(tmp_path) / "web-dashboard.png"))
    download_csv(browser, web_app, downloads)


def row_class(browser: WebDriver, item_id: int) -> str:
    return browser.find_element(By.ID, f"item-{item_id}").get_attribute("class") or ""


def filter_and_confirm(browser: WebDriver, web_app: WebApp) -> None:
    """Filter by the province typed without accents (the filter lands in the URL), then j, c."""
    items = web_app.items
    browser.find_element(By.NAME, "province").send_keys("long an")
    browser.find_element(By.ID, "apply-filter").click()
    wait_for(lambda: "province=long+an" in browser.current_url, "the filtered URL")
    assert queue_ids(browser) == [items.xss, items.bridge]
    assert browser.find_element(By.ID, "total").text == "2"
    # Markup in the data is text on the page, never run.
    assert browser.execute_script("return window.pwned === undefined") is True
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    wait_for(lambda: "selected" in row_class(browser, items.bridge), "j to select the second row")
    body.send_keys("c")
    wait_for(lambda: "review-confirmed" in row_class(browser, items.bridge), "the confirmed row")
    assert "province=long+an" in browser.current_url  # back on the same filtered queue
    with web_app.db.session() as session:
        assert session.get_one(FollowUpItem, items.bridge).review_state == "confirmed"
        assert session.get_one(FollowUpItem, items.xss).review_state == "new"


def edit_deadline(browser: WebDriver, web_app: WebApp) -> None:
    """e opens the selected row's editor in place; the new deadline is saved, the queue shows it, and the
    item page (Enter) has it in the history."""
    bridge = web_app.items.bridge
    browser.find_element(By.TAG_NAME, "body").send_keys("e")
    due = wait_for(lambda: visible(browser.find_element(By.CSS_SELECTOR, f"#item-{bridge} input.due")), "the editor")
    assert isinstance(due, WebElement) and due.get_attribute("value") == "15/12/2025"
    due.clear()
    due.send_keys("31/12/2025")
    due.send_keys(Keys.ENTER)
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, f"#item-{bridge} td.due").text == "31/12/2025", "new due")
    assert "province=long+an" in browser.current_url
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ENTER)
    wait_for(lambda: browser.find_element(By.ID, "f-due").text == "31/12/2025", "the item page")
    history = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")][1:5]
        for row in browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")
    ]
    assert ["lan", "hạn", "2025-12-15", "2025-12-31"] in history
    assert ["lan", "trạng thái duyệt", "confirmed", "edited"] in history
    with web_app.db.session() as session:
        rows = session.scalars(
            select(ItemHistory).where(ItemHistory.item_id == bridge, ItemHistory.field == "due_date")
        )
        assert [(h.actor, h.old_value, h.new_value) for h in rows] == [("lan", "2025-12-15", "2025-12-31")]
    marks = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.action")
    assert [m.text for m in marks] == ["khẩn trương hoàn thành việc gia cố kè sông Vàm Cỏ trước ngày 15/12/2025"]


def visible(element: WebElement) -> WebElement | None:
    return element if element.is_displayed() else None


def check_dashboard(browser: WebDriver) -> None:
    browser.find_element(By.LINK_TEXT, "Tổng quan").click()
    wait_for(lambda: browser.find_elements(By.ID, "by-assignee"), "the dashboard")
    assignees = [
        row.find_element(By.TAG_NAME, "th").text
        for row in browser.find_elements(By.CSS_SELECTOR, "#by-assignee tbody tr")
    ]
    assert sorted(assignees[:-1]) == ["Sở Giáo dục và Đào tạo", "Sở Xây dựng", "phòng Ngân sách"]
    assert assignees[-1] == "Tổng"


def download_csv(browser: WebDriver, web_app: WebApp, downloads: Path) -> None:
    """The CSV of the current filter, downloaded by the browser (rows in id order)."""
    items = web_app.items
    browser.get(f"{web_app.url}/items?province=long+an")
    browser.find_element(By.ID, "export-csv").click()
    target = downloads / "chidao-items.csv"
    wait_for(lambda: target.exists() and target.stat().st_size > 0, "the CSV download")
    with target.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert [(int(r["id"]), r["review_state"], r["due_date"], r["assignee"]) for r in exported] == [
        (items.bridge, "edited", "2025-12-31", "Sở Xây dựng"),
        (items.xss, "new", "2025-12-20", "phòng Ngân sách"),
    ]
    assert exported[0]["sources"] == "https://longan.example.vn/tin/1"
