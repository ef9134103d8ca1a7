"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from arna import __version__
from arna.errors import DocumentError, InputError
from arna.service.database import ServiceDB
from arna.service.routers import auth, dashboard, health, models, runs, users
from arna.service.settings import Settings
from arna.service.worker import RunWorker
from arna.store import RunStore, open_store


def problems_body(exc: DocumentError) -> dict[str, Any]:
    return {"detail": f"{len(exc.problems)} problem(s) in the document",
            "problems": [{"path": p, "message": m} for p, m in exc.problems]}


def fail_orphans(store: RunStore) -> None:
    """Runs left queued by a service that stopped never start: mark them failed."""
    for rec in store.list(status="queued"):
        store.fail(rec.id, "the service stopped before the run started; start it again")


def create_app(settings: Settings | None = None, store: RunStore | None = None) -> FastAPI:
    """The Arna REST API over the run store of ``settings`` (or over ``store``).

    The run store is in the PostgreSQL database at ``settings.database_url`` if given, else under
    ``settings.data_dir`` (see :func:`arna.store.open_store`).

    The OpenAPI document is at ``/openapi.json`` (it needs a token, like every route but
    ``/health`` and ``/auth/login``); no interactive documentation is served (it would load from a CDN).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_store = store if store is not None else open_store(settings.data_dir, settings.database_url)
        fail_orphans(run_store)
        app.state.settings = settings
        app.state.store = run_store
        app.state.db = ServiceDB(settings.data_dir, settings.database_url)
        app.state.worker = RunWorker(run_store, settings.workers)
        try:
            yield
        finally:
            app.state.worker.shutdown()

    app = FastAPI(title="Arna", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None, description="River-basin water allocation: models, runs and their results.")
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(DocumentError)
    async def document_error(request: Request, exc: DocumentError) -> JSONResponse:
        return JSONResponse(problems_body(exc), status_code=422)

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    for module in (health, auth, users, models, runs, dashboard):
        app.include_router(module.router)
    return app
