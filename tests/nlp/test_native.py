"""The compiled readers (chidao.nlp.native): when they may run, and that they give the Python readers' output.

The decision is a pure function (``stale_reason``) tested case by case. Under ``CI=true`` the build made by
``make install`` must be in use, and its output over the shared corpora must equal the Python readers' (run
in a subprocess with ``CHIDAO_PURE_PYTHON=1``), item by item.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chidao.nlp import native
from chidao.nlp.evaluate import predict_files
from chidao.nlp.native import Manifest, NativeFinder, read_manifest, source_digest, stale_reason
from tests.support.shared import require_shared

SUFFIX = ".cpython-311-x86_64-linux-gnu.so"
FILES = {
    "chidao.nlp.discourse": f"chidao.nlp.discourse{SUFFIX}",
    "chidao.nlp.extract": f"chidao.nlp.extract{SUFFIX}",
    "abc__mypyc": f"abc__mypyc{SUFFIX}",
}


def _under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    for file in FILES.values():
        (tmp_path / file).write_bytes(b"")
    return tmp_path


def test_a_fresh_build_may_run(built: Path) -> None:
    assert stale_reason(Manifest("d1", SUFFIX, FILES), "d1", SUFFIX, built, None) is None


def test_the_environment_variable_turns_the_build_off(built: Path) -> None:
    reason = stale_reason(Manifest("d1", SUFFIX, FILES), "d1", SUFFIX, built, "1")
    assert reason == "CHIDAO_PURE_PYTHON is set"
    assert stale_reason(Manifest("d1", SUFFIX, FILES), "d1", SUFFIX, built, "") is None


def test_no_build_runs_the_sources(built: Path) -> None:
    assert stale_reason(None, "d1", SUFFIX, built, None) == "not built (python -m chidao.nlp.native_build)"


def test_a_build_for_another_interpreter_does_not_run(built: Path) -> None:
    other = ".cpython-312-x86_64-linux-gnu.so"
    assert stale_reason(Manifest("d1", other, FILES), "d1", SUFFIX, built, None) == (
        f"built for another interpreter ({other}, this one loads {SUFFIX})"
    )


def test_a_build_of_other_sources_does_not_run(built: Path) -> None:
    assert stale_reason(Manifest("d0", SUFFIX, FILES), "d1", SUFFIX, built, None) == (
        "built from other sources (python -m chidao.nlp.native_build to rebuild)"
    )


def test_a_missing_compiled_file_makes_the_build_incomplete(built: Path) -> None:
    (built / FILES["chidao.nlp.extract"]).unlink()
    assert stale_reason(Manifest("d1", SUFFIX, FILES), "d1", SUFFIX, built, None) == (
        "incomplete build (missing chidao.nlp.extract)"
    )
    (built / FILES["chidao.nlp.extract"]).write_bytes(b"")
    without_reader = {k: v for k, v in FILES.items() if k != "chidao.nlp.discourse"}
    assert stale_reason(Manifest("d1", SUFFIX, without_reader), "d1", SUFFIX, built, "") == (
        "incomplete build (missing a reader)"
    )


def test_an_unreadable_manifest_is_no_build(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text('{"digest": "d1"}', encoding="utf-8")
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text(Manifest("d1", SUFFIX, FILES).to_json(), encoding="utf-8")
    assert read_manifest(tmp_path) == Manifest("d1", SUFFIX, FILES)


def test_the_digest_follows_every_source_the_readers_depend_on(tmp_path: Path) -> None:
    for sub in ("nlp", "config", "core", "web"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.py").write_text("x = 1\n", encoding="utf-8")
    first = source_digest(tmp_path)
    assert source_digest(tmp_path) == first
    (tmp_path / "web" / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert source_digest(tmp_path) == first  # the web app is no dependency of the readers
    (tmp_path / "core" / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert source_digest(tmp_path) != first
    changed = source_digest(tmp_path)
    (tmp_path / "core" / "a.py").rename(tmp_path / "core" / "b.py")
    assert source_digest(tmp_path) != changed  # a renamed module is another source


def test_the_finder_serves_only_the_built_modules(built: Path) -> None:
    finder = NativeFinder(built, FILES)
    assert finder.find_spec("chidao.nlp.pipeline", None) is None
    spec = finder.find_spec("chidao.nlp.extract", None)
    assert spec is not None
    assert spec.origin == str(built / FILES["chidao.nlp.extract"])


def test_the_build_is_in_use_under_ci() -> None:
    if not _under_ci():
        pytest.skip("a developer may run the Python readers; CI runs what make install built")
    import chidao.nlp.discourse
    import chidao.nlp.evaluate
    import chidao.nlp.extract

    assert native.status() == native.NativeStatus(True, "fresh build")
    # a compiled module's functions are C functions (as the built-ins are), its methods C method descriptors
    assert inspect.isbuiltin(chidao.nlp.extract.rule_ids)
    assert inspect.ismethoddescriptor(chidao.nlp.discourse.Discourse.run)
    assert not inspect.isbuiltin(chidao.nlp.evaluate.predict_files)  # a module that is not compiled


def test_the_compiled_readers_give_the_python_readers_output() -> None:
    if not native.status().active:
        if _under_ci():
            pytest.fail(f"the compiled readers are not in use: {native.status().reason}")
        pytest.skip(f"the compiled readers are not in use: {native.status().reason}")
    corpus = require_shared("corpus")
    files = sorted((corpus / "real").glob("*.txt")) + sorted((corpus / "dev").glob("*.txt"))
    compiled = predict_files(files)
    chidao = shutil.which("chidao", path=str(Path(sys.executable).parent))
    assert chidao is not None
    env = {**os.environ, "CHIDAO_PURE_PYTHON": "1"}
    done = subprocess.run(
        [chidao, "extract", "--format", "jsonl", *map(str, files)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    python = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(compiled) == len(files) == len(python)
    assert sum(len(o["items"]) for o in compiled) > 300  # the comparison covers real items
    for ours, theirs in zip(compiled, python, strict=True):
        assert ours == theirs, ours["article"]
