"""``/auth``: sign in with a password to get an expiring token, sign out (revokes it), who am I, set
one's password, rotate one's token."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from arna.service.database import ServiceDB, TokenRow, UserRow
from arna.service.deps import DBDep, SettingsDep, Viewer
from arna.service.http import AUTHENTICATED, errors, too_many
from arna.service.limits import LoginThrottle, expiry
from arna.service.schemas import IssuedToken, Login, Password, UserInfo

router = APIRouter(prefix="/auth", tags=["auth"])


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _throttled(throttle: LoginThrottle, keys: list[tuple[str, str]]) -> None:
    wait = throttle.wait(keys)
    if wait > 0:
        raise too_many(f"too many wrong passwords for this account or from this address; wait {wait:.0f} s "
                       "and try again (an administrator can also issue the user a token)", wait)


async def _check(request: Request, db: ServiceDB, name: str, password: str) -> UserRow | None:
    """The user if ``password`` is theirs; throttled per account and per address (429), and checked in a
    thread of a small pool so password hashing never starves other requests."""
    throttle: LoginThrottle = request.app.state.throttle
    keys = throttle.keys(name, _address(request))
    _throttled(throttle, keys)
    user = await run_in_threadpool(db.check_password, name, password)
    if user is None:
        throttle.failed(keys)
    else:
        throttle.succeeded(name)
    return user


@router.post("/login", responses=errors(400, 401, 422, 429))
async def login(body: Login, request: Request, db: DBDep, settings: SettingsDep) -> IssuedToken:
    """A new API token for a user who gives their password (no token needed). It expires after
    ``login_token_hours`` (default 12); after repeated wrong passwords for an account or from an address
    the answer is 429 with ``Retry-After``, the wait doubling each time."""
    async with request.app.state.hashing:
        user = await _check(request, db, body.username, body.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown user or wrong password")
    row, token = await run_in_threadpool(db.issue_token, user.name, "login", expiry(settings.login_token_hours))
    return IssuedToken(id=row.id, user=user.name, role=user.role, token=token, expires=row.expires)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=AUTHENTICATED)
def logout(request: Request, user: Viewer, db: DBDep) -> None:
    """Sign out: the token this request carries is revoked."""
    db.revoke_token(request.state.token_id)


@router.get("/me", responses=AUTHENTICATED)
def me(user: Viewer) -> UserInfo:
    """The user the token belongs to."""
    return UserInfo(name=user.name, role=user.role, has_password=user.has_password, created=user.created)


@router.put("/password", status_code=status.HTTP_204_NO_CONTENT, responses={**AUTHENTICATED, **errors(429)})
async def set_password(body: Password, request: Request, user: Viewer, db: DBDep) -> None:
    """Set your own password (at least 8 characters). If you have one, give it as ``current``; a user
    without one — the first admin, who has only the printed token — sets it with the token alone."""
    if user.has_password:
        if body.current is None:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "give your current password as 'current' to change it")
        async with request.app.state.hashing:
            if await _check(request, db, user.name, body.current) is None:
                raise HTTPException(status.HTTP_403_FORBIDDEN, "'current' is not your password")
    await run_in_threadpool(db.set_password, user.name, body.password)


@router.post("/rotate", responses=AUTHENTICATED)
def rotate(request: Request, user: Viewer, db: DBDep) -> IssuedToken:
    """A new token in place of the one this request carries (same label and lifetime), which is revoked:
    e.g. for the first admin's printed token once it has been seen in a terminal."""
    old: TokenRow | None = db.token(request.state.token_id)
    label = old.label if old is not None else ""
    expires = None
    if old is not None and old.expires is not None:
        expires = dt.datetime.now(dt.UTC) + (old.expires - old.created)
    row, token = db.issue_token(user.name, label, expires)
    db.revoke_token(request.state.token_id)
    return IssuedToken(id=row.id, user=user.name, role=user.role, token=token, expires=row.expires)
