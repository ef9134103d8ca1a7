"""Water commands: validate, run, schema, demo."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the water commands to ``app``."""
