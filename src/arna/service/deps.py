"""Dependencies shared by the routers: the settings, the store, the database, the worker, the cache of
computed outputs and the current user (and token).

They are coroutines: FastAPI would run each plain function in the thread pool, a hop per dependency
per request; only a token not checked recently goes to a thread.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from arna.service import catalog
from arna.service.database import RANK, Role, ServiceDB, UserRow
from arna.service.outputs import OutputCache
from arna.service.settings import Settings
from arna.service.worker import RunWorker
from arna.store import RunStore

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer arna_...`")


async def get_store(request: Request) -> RunStore:
    store: RunStore = request.app.state.store
    return store


async def get_db(request: Request) -> ServiceDB:
    db: ServiceDB = request.app.state.db
    return db


async def get_worker(request: Request) -> RunWorker:
    worker: RunWorker = request.app.state.worker
    return worker


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_cache(request: Request) -> OutputCache:
    cache: OutputCache = request.app.state.cache
    return cache


SettingsDep = Annotated[Settings, Depends(get_settings)]
CacheDep = Annotated[OutputCache, Depends(get_cache)]
StoreDep = Annotated[RunStore, Depends(get_store)]
DBDep = Annotated[ServiceDB, Depends(get_db)]
WorkerDep = Annotated[RunWorker, Depends(get_worker)]


def model_or_404(db: ServiceDB, name: str, version: int | None = None) -> catalog.Resolved:
    """An uploaded (latest version unless ``version`` is given) or bundled model; 404 if there is none."""
    found = catalog.resolve(db, name, version)
    if found is None:
        which = f"no model '{name}'" + (f" version {version}" if version else "")
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{which}; GET /models lists the models")
    return found


async def current_user(request: Request, db: DBDep,
                       credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> UserRow:
    """The user whose token the request carries (the token's id goes to ``request.state.token_id``);
    401 without a valid token (unknown, revoked or expired). A token checked in the last seconds is
    known without a thread; otherwise it is checked (a hash and a query) in the thread pool."""
    found = None
    if credentials is not None:
        token = credentials.credentials
        found = db.recently_checked(token) or await run_in_threadpool(db.token_owner, token)
    if found is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid API token is required (tokens from a sign-in "
                            "expire: sign in again)", headers={"WWW-Authenticate": "Bearer"})
    request.state.token_id = found[1]
    return found[0]


def require(role: Role) -> Callable[[UserRow], Awaitable[UserRow]]:
    """A dependency admitting users with ``role`` or a higher one (viewer < analyst < admin); 403 otherwise."""

    async def check(user: Annotated[UserRow, Depends(current_user)]) -> UserRow:
        if RANK[user.role] < RANK[role]:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the role '{role}' (you are {user.role})")
        return user

    return check


CurrentUser = Annotated[UserRow, Depends(current_user)]
Viewer = Annotated[UserRow, Depends(require("viewer"))]
Analyst = Annotated[UserRow, Depends(require("analyst"))]
Admin = Annotated[UserRow, Depends(require("admin"))]
