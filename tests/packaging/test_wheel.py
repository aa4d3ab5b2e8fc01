"""The wheel, installed (not editable) into a new virtualenv, works from a directory that is not the checkout.

How the new venv gets its dependencies: it is created empty (``--without-pip``), the wheel goes in with this
venv's pip (``pip --python NEW install --no-deps``), and a ``.pth`` file appends this venv's site-packages to
the new one's ``sys.path`` for the third-party packages. Installing the dependencies from the local package
mirror instead takes minutes (Prefect, spaCy, SQLAlchemy ... over 150 distributions) for no more proof: the
package under test is the wheel's copy either way. Two things keep the checkout out of it:

* a directory named by a ``.pth`` line is appended as is: the ``.pth`` files inside it (among them the
  editable install's finder, which maps ``chidao`` to ``tasks/chidao``) are not run;
* the new venv's own site-packages comes first on ``sys.path``, so ``chidao`` (code, ``config_files``,
  ``migrations``) and its metadata resolve there; the test checks each path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.samples import expected_sample_items

# One worker builds the wheel once for the module and runs the install test beside the Prefect harness.
pytestmark = [pytest.mark.slow, pytest.mark.prefect, pytest.mark.xdist_group("prefect-harness")]

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pip wheel --no-deps`` of a copy of the checkout (setuptools writes build/ and egg-info into its source)."""
    source = tmp_path_factory.mktemp("source") / "chidao"
    shutil.copytree(
        REPO_ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.db*"),
    )
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (built,) = out.glob("chidao-*.whl")
    return built


def new_venv(root: Path, wheel: Path) -> Path:
    """A venv holding only the wheel, with this venv's third-party packages appended to its path."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "zz_dependencies_from_the_test_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return root


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIDAO_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(COLUMNS="200", **extra)
    return env


WHERE = """
import importlib.metadata, importlib.util, json, chidao
from chidao.resources import bundled_config_dir, migrations_dir
print(json.dumps({
    "package": chidao.__file__,
    "config": str(bundled_config_dir()),
    "migrations": str(migrations_dir()),
    "metadata": str(importlib.metadata.distribution("chidao")._path),
    "top_level": {name: importlib.util.find_spec(name) is not None for name in ("tasks", "flows")},
}))
"""


def test_wheel_holds_only_the_chidao_package_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/", 1)[0] for name in names} == {"chidao", "chidao-0.1.0.dist-info"}
    assert "chidao/config_files/feeds.sample.yaml" in names
    assert "chidao/config_files/routing.yaml" in names
    assert any(n.startswith("chidao/config_files/lexicons/") and n.endswith(".yaml") for n in names)
    assert "chidao/migrations/env.py" in names
    assert "chidao/migrations/script.py.mako" in names
    assert any(n.startswith("chidao/migrations/versions/0001") for n in names)


def test_installed_wheel_runs_and_extracts_from_an_unrelated_directory(
    prefect_harness: None, wheel: Path, tmp_path: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    venv = new_venv(tmp_path / "venv", wheel)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = child_env(PREFECT_API_URL=str(PREFECT_API_URL.value()))

    where = json.loads(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", WHERE],
            cwd=workdir,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    site = str(venv / "lib")
    for key in ("package", "config", "migrations", "metadata"):
        assert where[key].startswith(site), (key, where[key])
    assert where["config"].endswith("/chidao/config_files")
    assert where["top_level"] == {"tasks": False, "flows": False}

    run = subprocess.run(
        [str(venv / "bin" / "chidao"), "run"], cwd=workdir, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    counts = {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"│ ([a-z ]+?)\s+│\s+(\d+) │", run.stdout)}
    assert counts["new articles"] == 5
    assert counts["new items"] == expected_sample_items() > 0
    # The embedded default database is created where the user stands, migrated by the wheel's migrations.
    heads = [p.name.split("_", 1)[0] for p in Path(where["migrations"], "versions").glob("[0-9]*.py")]
    engine = create_engine(f"sqlite:///{workdir / 'chidao.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == max(heads)
    engine.dispose()

    article = workdir / "bai.txt"
    article.write_text(
        "Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành sửa chữa cầu Bến Sỏi trước ngày 30/9/2026.\n",
        encoding="utf-8",
    )
    quiet = workdir / "tin.txt"
    quiet.write_text("Sáng nay trời nắng nhẹ, nhiều người dân đi dạo quanh hồ.\n", encoding="utf-8")
    extract = subprocess.run(
        [str(venv / "bin" / "chidao"), "extract", "--format", "jsonl", article.name, quiet.name],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert extract.returncode == 0, extract.stderr[-3000:]
    first, second = (json.loads(line) for line in extract.stdout.splitlines())
    assert (first["article"], first["has_directives"]) == ("bai.txt", True)
    (item,) = first["items"]
    assert (item["assignee"], item["due_date"]) == ("Sở Xây dựng", "2026-09-30")
    assert (second["article"], second["has_directives"], second["items"]) == ("tin.txt", False, [])
