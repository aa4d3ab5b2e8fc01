"""tests/support/shared.py: where ../shared is, skipped without it locally, failed without it under CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.shared import SHARED_DIR_ENV, require_shared


def test_configured_folder_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv(SHARED_DIR_ENV, str(tmp_path))
    assert require_shared("corpus") == tmp_path / "corpus"


def test_missing_folder_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SHARED_DIR_ENV, str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as caught:
        require_shared("corpus")
    assert (
        str(caught.value) == f"{tmp_path / 'absent' / 'corpus'} is absent (set {SHARED_DIR_ENV} to the shared folder)"
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_folder_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv(SHARED_DIR_ENV, str(tmp_path / "absent"))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception) as caught:
        require_shared("eval", "score.py")
    assert str(caught.value) == (
        f"{tmp_path / 'absent' / 'eval' / 'score.py'} is absent (set {SHARED_DIR_ENV} to the shared folder); "
        "under CI the shared folder is required"
    )
