"""The two readers compiled to C with mypyc, used only while they are the build of the sources beside them.

``discourse`` and ``extract`` (the discourse tracker and the sentence reader) are most of the extraction's
time and are plain typed Python, so mypyc compiles them unchanged (``python -m chidao.nlp.native_build``,
run by ``make install``). The compiled files live in ``chidao/nlp/_native/`` (never in git) with a manifest
that records a digest of the sources they were built from. At import, :func:`install` puts a finder in front
of Python's own that serves the compiled modules only when

* ``CHIDAO_PURE_PYTHON`` is unset or empty (set it to read the Python sources, e.g. to debug a rule),
* the manifest was written for this interpreter (its extension suffix), and
* the digest of the sources the readers depend on is still the recorded one.

Otherwise the sources run as they are. A compiled file next to a source it no longer matches would run
stale code after an edit; the digest makes that impossible, and the output is the same either way
(``tests/nlp/test_native.py``). This module imports the standard library only.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

# The modules compiled, in the order mypyc is given them.
NATIVE_MODULES = ("chidao.nlp.discourse", "chidao.nlp.extract")
# What the compiled code was type-checked against: a change in any of these packages makes the build stale.
SOURCE_PACKAGES = ("nlp", "config", "core")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
NATIVE_DIR = Path(__file__).resolve().parent / "_native"
MANIFEST = "manifest.json"
PURE_ENV = "CHIDAO_PURE_PYTHON"


@dataclass(frozen=True)
class Manifest:
    """What a build wrote: the digest of its sources, the interpreter's extension suffix, module -> file."""

    digest: str
    suffix: str
    files: dict[str, str]

    def to_json(self) -> str:
        return json.dumps({"digest": self.digest, "suffix": self.suffix, "files": self.files}, indent=2) + "\n"


def source_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """sha256 over the path and bytes of every ``*.py`` of the packages the compiled readers depend on."""
    digest = hashlib.sha256()
    for sub in SOURCE_PACKAGES:
        for path in sorted((package_dir / sub).rglob("*.py")):
            digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def extension_suffix() -> str:
    """This interpreter's suffix for compiled modules (".cpython-311-x86_64-linux-gnu.so")."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]


def read_manifest(native_dir: Path = NATIVE_DIR) -> Manifest | None:
    """The build's manifest, or None when there is no build (or an unreadable one: the sources then run)."""
    try:
        raw = json.loads((native_dir / MANIFEST).read_text(encoding="utf-8"))
        return Manifest(str(raw["digest"]), str(raw["suffix"]), {str(k): str(v) for k, v in raw["files"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def stale_reason(manifest: Manifest | None, digest: str, suffix: str, native_dir: Path, env: str | None) -> str | None:
    """Why the compiled readers must not run (None: they may). Pure: the caller reads files and environment."""
    if env:
        return f"{PURE_ENV} is set"
    if manifest is None:
        return "not built (python -m chidao.nlp.native_build)"
    if manifest.suffix != suffix:
        return f"built for another interpreter ({manifest.suffix}, this one loads {suffix})"
    if manifest.digest != digest:
        return "built from other sources (python -m chidao.nlp.native_build to rebuild)"
    missing = [name for name, file in manifest.files.items() if not (native_dir / file).is_file()]
    if missing or not set(NATIVE_MODULES) <= set(manifest.files):
        return f"incomplete build (missing {', '.join(missing) or 'a reader'})"
    return None


class NativeFinder(MetaPathFinder):
    """Finds the compiled readers (and the runtime library mypyc shares between them) in the build folder."""

    def __init__(self, native_dir: Path, files: dict[str, str]) -> None:
        self.native_dir = native_dir
        self.files = dict(files)

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,  # noqa: ARG002 (the finder protocol's; the build folder is flat)
        target: ModuleType | None = None,  # noqa: ARG002
    ) -> ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        return importlib.util.spec_from_file_location(fullname, self.native_dir / file)


@dataclass(frozen=True)
class NativeStatus:
    """Whether the compiled readers are in use, and if not, why."""

    active: bool
    reason: str

    def describe(self) -> str:
        return "compiled readers (mypyc)" if self.active else f"Python readers ({self.reason})"


def evaluate(native_dir: Path = NATIVE_DIR) -> NativeStatus:
    """Whether the build in ``native_dir`` may run now (reads the manifest, the sources and the environment)."""
    return _decide(native_dir)[0]


def _decide(native_dir: Path) -> tuple[NativeStatus, Manifest | None]:
    """The decision and the manifest it was made on (read once)."""
    manifest = read_manifest(native_dir)
    reason = stale_reason(manifest, source_digest(), extension_suffix(), native_dir, os.environ.get(PURE_ENV))
    return NativeStatus(reason is None, reason or "fresh build"), manifest


_installed: NativeStatus | None = None


def install(native_dir: Path = NATIVE_DIR) -> NativeStatus:
    """Put the finder in front of Python's own when the build is fresh; once per process (``chidao.nlp`` calls
    it on import, before any reader is imported)."""
    global _installed  # one decision per process: a module imported is not imported again
    if _installed is None:
        _installed, manifest = _decide(native_dir)
        if _installed.active and manifest is not None:
            sys.meta_path.insert(0, NativeFinder(native_dir, manifest.files))
    return _installed


def status() -> NativeStatus:
    """Which readers this process runs: what :func:`install` decided."""
    return install()
