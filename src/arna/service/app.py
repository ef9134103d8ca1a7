"""The application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from arna import __version__
from arna.service.database import ServiceDB
from arna.service.http import HANDLERS, SecurityHeaders
from arna.service.limits import LoginThrottle, Slots
from arna.service.outputs import OutputCache
from arna.service.routers import auth, dashboard, health, models, runs, users
from arna.service.settings import Settings
from arna.service.worker import RunWorker
from arna.store import EmbeddedStore, RunStore, open_store


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
        if isinstance(run_store, EmbeddedStore):
            run_store.keep_open()  # one connection for the service's lifetime, not one per operation
        fail_orphans(run_store)
        app.state.settings = settings
        app.state.store = run_store
        app.state.db = ServiceDB(settings.data_dir, settings.database_url)
        cache = app.state.cache = OutputCache()
        app.state.worker = RunWorker(run_store, settings.workers, time_limit=settings.run_time_limit,
                                     memory_limit=settings.run_memory_limit, on_complete=cache.keep_outputs,
                                     output_limit=cache.max_entry)
        app.state.throttle = LoginThrottle(settings.login_free_failures, settings.login_max_wait)
        app.state.streams = Slots(settings.max_streams_per_user)
        app.state.model_infos = {}  # (name, version, uploaded) -> ModelInfo: GET /models reads no document twice
        app.state.parsing = anyio.CapacityLimiter(settings.parse_slots)
        app.state.hashing = anyio.CapacityLimiter(2)  # password checks at once: scrypt must not starve the rest
        try:
            yield
        finally:
            app.state.worker.shutdown()
            if isinstance(run_store, EmbeddedStore):
                run_store.close()

    app = FastAPI(title="Arna", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None, description="River-basin water allocation: models, runs and their results.")
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"],
                           allow_headers=["Authorization", "Content-Type"])

    app.add_middleware(SecurityHeaders)
    for kind, handler in HANDLERS.items():
        app.add_exception_handler(kind, handler)
    for module in (health, auth, users, models, runs, dashboard):
        app.include_router(module.router)
    return app
