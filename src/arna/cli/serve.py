"""``arna serve``: the REST API over a run store (see docs/service.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    data: Annotated[Path, typer.Option("--data", help="Data folder: the run store and the service database.")]
    = Path("arna-data"),
    workers: Annotated[int, typer.Option("--workers", help="Runs executed at the same time.")] = 2,
    database_url: Annotated[str | None, typer.Option(
        "--database-url", envvar="ARNA_DATABASE_URL", show_envvar=True,
        help="Keep the runs, users, tokens and models in this PostgreSQL database "
             "(postgresql://USER:PASSWORD@HOST:PORT/DATABASE) instead of the data folder.")] = None,
) -> None:
    """Serve the REST API (models, runs, results, reports) and the browser dashboard at /. On first start,
    print an admin token once (it also signs in to the dashboard)."""
    import uvicorn  # imported here: the other commands do not need the web stack

    from arna.service import Settings, create_app
    from arna.service.bootstrap import ADMIN, ensure_admin
    from arna.store import open_store
    from arna.store.postgres import mask_url

    store = open_store(data, database_url)  # a bad URL or an unreachable server is an error before serving
    token = ensure_admin(data, database_url)
    if token is not None:
        console.print(f"first start: created user '{ADMIN}' (role admin). Its API token, shown this once "
                      "(only its hash is kept):")
        console.print(token, soft_wrap=True)
        console.print(f"sign in to the dashboard (http://{host}:{port}/) with it, or use it as `Authorization: Bearer "
                      "TOKEN`; create users (with passwords) and tokens with POST /users")
    where = mask_url(database_url) if database_url else str(data)
    console.print(f"serving {where} on http://{host}:{port} "
                  "(dashboard: /, OpenAPI document: /openapi.json, with a token)")
    settings = Settings(data_dir=data, workers=workers, database_url=database_url)
    uvicorn.run(create_app(settings, store=store), host=host, port=port)
