"""Every command of the CLI is documented in the README (as `chidao <group> <command>`)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from chidao.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:
    root = typer.main.get_command(app)
    paths: list[str] = []

    def walk(command: object, prefix: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, f"{prefix} {name}")
        else:
            paths.append(prefix)

    walk(root, "chidao")
    return sorted(paths)


def test_there_are_commands() -> None:
    assert "chidao run" in command_paths()
    assert "chidao extract" in command_paths()


def test_every_command_is_in_the_readme() -> None:
    missing = [path for path in command_paths() if f"`{path}" not in README]
    assert missing == []
