"""Regenerate docs/web-queue.png and docs/web-dashboard.png from the embedded default's sample items.

    .venv/bin/python docs/screenshots.py

Runs `chidao run` in a temporary folder, adds a reviewer, starts `chidao web` on a loopback port and
takes the pictures with headless Chromium (Debian's chromium + chromium-driver, as the browser tests).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

DOCS = Path(__file__).resolve().parent
CHIDAO = str(Path(sys.executable).with_name("chidao"))
PASSWORD = "anh-chup-man-hinh"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CHIDAO_WEB_SECRET_KEY": "screenshots"}
        subprocess.run([CHIDAO, "run"], cwd=folder, env=env, check=True, capture_output=True)
        subprocess.run(
            [CHIDAO, "users", "add", "lan", "--role", "reviewer", "--password-stdin"],
            cwd=folder,
            env=env,
            input=PASSWORD + "\n",
            text=True,
            check=True,
        )
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([CHIDAO, "web", "--port", str(port)], cwd=folder, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"{base}/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            shoot(base)
        finally:
            server.terminate()
            server.wait(timeout=20)


def shoot(base: str) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        browser.get(f"{base}/login")
        browser.find_element(By.ID, "name").send_keys("lan")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.ID, "sign-in").click()
        time.sleep(1)
        body = browser.find_element(By.TAG_NAME, "body")
        for key in "jcjjr":  # confirm one item, reject another: the queue shows both states
            body.send_keys(key)
            time.sleep(1)
            body = browser.find_element(By.TAG_NAME, "body")
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(DOCS / "web-queue.png"))
        browser.get(f"{base}/dashboard")
        time.sleep(1)
        browser.save_screenshot(str(DOCS / "web-dashboard.png"))
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
