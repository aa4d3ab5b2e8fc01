"""Compile the two readers with mypyc into ``chidao/nlp/_native/`` (see :mod:`chidao.nlp.native`).

    python -m chidao.nlp.native_build            # build (about two minutes), then print the status
    python -m chidao.nlp.native_build --status   # only print which readers run, and why

The sources are copied to a temporary folder and compiled there, so no compiled file ever lands next to a
source it could shadow; only the finished extension modules and the manifest are copied into the build
folder, which is replaced as a whole. Needs mypy (which ships mypyc), a C compiler and the Python headers.
Exit 0 when the compiled readers are in use afterwards, 1 when the build failed (the Python readers run).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from chidao.nlp.native import (
    MANIFEST,
    NATIVE_DIR,
    NATIVE_MODULES,
    PACKAGE_DIR,
    Manifest,
    evaluate,
    extension_suffix,
    source_digest,
)

# mypyc type-checks what the readers import; silent: an error outside the compiled modules does not stop it
MYPYC_FLAGS = ("--follow-imports=silent", "--ignore-missing-imports", "--no-incremental")


def _compile(workdir: Path) -> list[Path]:
    """Run mypyc on a copy of the package in ``workdir``; the extension modules it built."""
    shutil.copytree(PACKAGE_DIR, workdir / "chidao", ignore=shutil.ignore_patterns("__pycache__", "_native", "*.so"))
    sources = [str(Path(*name.split("."))) + ".py" for name in NATIVE_MODULES]
    done = subprocess.run(
        [sys.executable, "-m", "mypyc", *MYPYC_FLAGS, *sources], cwd=workdir, capture_output=True, text=True
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise RuntimeError(f"mypyc failed (exit {done.returncode}):\n{tail}")
    return sorted((workdir / "build").glob(f"lib*/**/*{extension_suffix()}"))


def _module_name(built: Path, lib_dir: Path) -> str:
    """ "build/lib.../chidao/nlp/extract.cpython-311-....so" -> "chidao.nlp.extract"."""
    relative = built.relative_to(lib_dir).as_posix()
    return relative[: -len(extension_suffix())].replace("/", ".")


def build(native_dir: Path = NATIVE_DIR) -> Manifest:
    """Compile, then replace ``native_dir`` with the extension modules and their manifest."""
    digest = source_digest()
    with tempfile.TemporaryDirectory(prefix="chidao-native-") as tmp:
        workdir = Path(tmp)
        built = _compile(workdir)
        files: dict[str, str] = {}
        staging = workdir / "native"
        staging.mkdir()
        for path in built:
            lib_dir = next(p for p in path.parents if p.parent.name == "build")
            name = _module_name(path, lib_dir)
            files[name] = f"{name}{extension_suffix()}"
            shutil.copy2(path, staging / files[name])
        missing = set(NATIVE_MODULES) - set(files)
        if missing:
            raise RuntimeError(f"mypyc built no module for {', '.join(sorted(missing))}")
        manifest = Manifest(digest, extension_suffix(), files)
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        shutil.rmtree(native_dir, ignore_errors=True)
        shutil.copytree(staging, native_dir)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--status", action="store_true", help="only print which readers run, and why")
    args = parser.parse_args(argv)
    if not args.status:
        try:
            manifest = build()
        except (RuntimeError, OSError) as exc:
            print(f"chidao: compiling the readers failed; the Python readers run. {exc}", file=sys.stderr)
            return 1
        print(f"chidao: compiled {', '.join(sorted(manifest.files))} into {NATIVE_DIR}")
    current = evaluate()
    print(f"chidao: extraction runs the {current.describe()}")
    return 0 if current.active else 1


if __name__ == "__main__":
    raise SystemExit(main())
