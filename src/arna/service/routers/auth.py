"""``/auth``: log in with a password to get a token; who am I."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from arna.service.deps import DBDep, Viewer
from arna.service.schemas import IssuedToken, Login, UserInfo

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
def login(body: Login, db: DBDep) -> IssuedToken:
    """A new API token for a user who gives their password (no token needed)."""
    user = db.check_password(body.username, body.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown user or wrong password")
    row, token = db.issue_token(user.name, "login")
    return IssuedToken(id=row.id, user=user.name, role=user.role, token=token)


@router.get("/me")
def me(user: Viewer) -> UserInfo:
    """The user the token belongs to."""
    return UserInfo(name=user.name, role=user.role, has_password=user.has_password, created=user.created)
