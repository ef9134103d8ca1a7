"""Dependencies shared by the routers: the store, the database, the worker and the current user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from arna.service import catalog
from arna.service.database import RANK, Role, ServiceDB, UserRow
from arna.service.worker import RunWorker
from arna.store import RunStore

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer arna_...`")


def get_store(request: Request) -> RunStore:
    store: RunStore = request.app.state.store
    return store


def get_db(request: Request) -> ServiceDB:
    db: ServiceDB = request.app.state.db
    return db


def get_worker(request: Request) -> RunWorker:
    worker: RunWorker = request.app.state.worker
    return worker


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


def current_user(db: DBDep,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> UserRow:
    """The user whose token the request carries; 401 without a valid token."""
    user = None if credentials is None else db.authenticate(credentials.credentials)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid API token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


def require(role: Role) -> Callable[[UserRow], UserRow]:
    """A dependency admitting users with ``role`` or a higher one (viewer < analyst < admin); 403 otherwise."""

    def check(user: Annotated[UserRow, Depends(current_user)]) -> UserRow:
        if RANK[user.role] < RANK[role]:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the role '{role}' (you are {user.role})")
        return user

    return check


CurrentUser = Annotated[UserRow, Depends(current_user)]
Viewer = Annotated[UserRow, Depends(require("viewer"))]
Analyst = Annotated[UserRow, Depends(require("analyst"))]
Admin = Annotated[UserRow, Depends(require("admin"))]
