"""Review queue latency with 50,000 items: p50/p95 of real HTTP requests to `chidao web` on loopback.

    python benchmarks/web.py [--items 50000] [--requests 60] [--backend sqlite|postgresql|both]

The database is filled with generated items (2,500 articles × 20 items, invented wording, a quarter of
them reviewed) in bulk, `chidao web` is started in its own process on a free loopback port, a reviewer signs in, and
each page is requested ``--requests`` times with httpx (after two warm-up requests). ``/health`` on the
same server is the baseline: the ratio says what the queue adds to the framework's own cost.
PostgreSQL uses a throwaway database on $CHIDAO_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from chidao.adapters.db import Article, Database, FollowUpItem
from chidao.core.fold import fold
from chidao.services.accounts import create_user

PG_ADMIN_URL = os.environ.get("CHIDAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PROVINCES = ("Long An", "Tây Ninh", "Cà Mau", "Gia Lai", "Lào Cai")
ASSIGNEES = ("Sở Xây dựng", "Sở Y tế", "Sở Tài chính", "UBND các xã", "Công an tỉnh")
ACTIONS = ("kiểm tra tiến độ công trình", "rà soát hồ sơ đất đai", "hoàn thành báo cáo quý", "tăng cường tuyên truyền")
PAGES = {
    "queue, first page": "/items",
    "queue, page 500": "/items?page=500",
    "search (accent-insensitive)": "/items?q=kiem+tra",
    "province + review filter": "/items?province=long+an&review=new",
}
PASSWORD = "benchmark-password"


def fill(db: Database, items: int, per_article: int = 20) -> None:
    """Bulk insert articles and items (no ORM objects: 50,000 rows take seconds)."""
    now = datetime.now(UTC)
    articles = items // per_article
    with db.session() as session:
        session.execute(
            insert(Article),
            [
                {
                    "id": a + 1,
                    "canonical_url": f"https://bench.example.vn/tin/{a}",
                    "title": f"Bài {a}",
                    "raw_text": "",
                    "text": f"Bài số {a}.",
                    "content_hash": f"{a:064d}",
                    "published": date(2025, 1, 1) + timedelta(days=a % 300),
                    "province": PROVINCES[a % len(PROVINCES)],
                    "province_current": PROVINCES[a % len(PROVINCES)],
                    "topics": ["economy"],
                    "state": "processed",
                    "created_at": now,
                    "updated_at": now,
                }
                for a in range(articles)
            ],
        )
        rows = []
        for i in range(items):
            action = f"{ACTIONS[i % len(ACTIONS)]} số {i}"
            rows.append(
                {
                    "article_id": i // per_article + 1,
                    "item_key": f"k{i}",
                    "text": action,
                    "text_folded": fold(action),
                    "kind": "directive",
                    "issuer": "Chủ tịch UBND tỉnh",
                    "assignee": ASSIGNEES[i % len(ASSIGNEES)],
                    "due_date": date(2025, 3, 1) + timedelta(days=i % 400),
                    "evidence_sentence": action,
                    "province": PROVINCES[(i // per_article) % len(PROVINCES)],
                    "province_current": PROVINCES[(i // per_article) % len(PROVINCES)],
                    "topics": ["economy"],
                    "review_state": "confirmed" if i % 4 == 0 else "new",
                    "status": "open_on_time",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for start in range(0, len(rows), 5000):
            session.execute(insert(FollowUpItem), rows[start : start + 5000])
    if db.url.startswith("postgresql"):
        # What autovacuum does soon after a load this size: without statistics the planner guesses.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    name = f"chidao_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(url: str) -> Iterator[str]:
    """`chidao web` as a user starts it, in its own process (the client's timing never shares its GIL)."""
    port = _free_port()
    env = {**os.environ, "CHIDAO_DATABASE_URL": url, "CHIDAO_WEB_SECRET_KEY": "bench"}
    chidao = Path(sys.executable).with_name("chidao")
    process = subprocess.Popen([str(chidao), "web", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("chidao web did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def timings(client: httpx.Client, path: str, count: int) -> list[float]:
    for _ in range(2):
        client.get(path).raise_for_status()
    out = []
    for _ in range(count):
        start = time.perf_counter()
        client.get(path).raise_for_status()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def run(backend: str, items: int, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder, database(backend, Path(folder)) as url:
        db = Database(url)
        db.upgrade()
        started = time.perf_counter()
        fill(db, items)
        create_user(db, "bench", PASSWORD, "reviewer")
        print(f"\n{backend}: {items:,} items stored in {time.perf_counter() - started:.1f} s")
        with serving(url) as base, httpx.Client(base_url=base, timeout=30) as client:
            login = client.get("/login").text
            token = login.split('name="csrf-token" content="')[1].split('"')[0]
            client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
            baseline = timings(client, "/health", count)
            print(f"  {'page':32} {'p50 ms':>8} {'p95 ms':>8} {'p95 / health':>13}")
            print(f"  {'/health (baseline)':32} {statistics.median(baseline):8.1f} {p95(baseline):8.1f} {1.0:13.1f}")
            for name, path in PAGES.items():
                values = timings(client, path, count)
                ratio = p95(values) / p95(baseline)
                print(f"  {name:32} {statistics.median(values):8.1f} {p95(values):8.1f} {ratio:13.1f}")
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args.items, args.requests)


if __name__ == "__main__":
    main()
