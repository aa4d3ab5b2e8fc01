"""``chidao feeds``: the polled feeds and their health."""

from __future__ import annotations

import typer

feeds_app = typer.Typer(help="The polled feeds and their health.", no_args_is_help=True)
