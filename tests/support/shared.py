"""Where the read-only ``../shared`` folder is, and what a test does when it is not there.

``../shared`` (the annotation guideline, the shared corpora and the official scorer) sits next to the
project root in the development workspace and in CI. ``CHIDAO_TEST_SHARED_DIR`` points elsewhere (a git
worktree one level deeper, for example). A test that needs it calls ``require_shared``: without the folder
it is skipped on a developer's machine and fails under ``CI=true``, so a CI run can never pass by reading
nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR_ENV = "CHIDAO_TEST_SHARED_DIR"


def shared_dir() -> Path:
    configured = os.environ.get(SHARED_DIR_ENV)
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


def require_shared(*parts: str) -> Path:
    """``../shared/<parts>``; skips the test when it is absent, or fails it when ``CI`` is set."""
    path = shared_dir().joinpath(*parts)
    if path.exists():
        return path
    message = f"{path} is absent (set {SHARED_DIR_ENV} to the shared folder)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{message}; under CI the shared folder is required")
    pytest.skip(message)
