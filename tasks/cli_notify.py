"""``chidao notify``: chat notifications."""

from __future__ import annotations

import typer

notify_app = typer.Typer(help="Chat notifications.", no_args_is_help=True)
