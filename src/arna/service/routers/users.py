"""``/users`` and ``/tokens``: managing users and API tokens (admin only)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from arna.service.database import Conflict, TokenRow, UserRow
from arna.service.deps import Admin, DBDep
from arna.service.http import AUTHENTICATED, errors
from arna.service.limits import expiry
from arna.service.schemas import IssuedToken, NewToken, NewUser, TokenInfo, UserInfo

router = APIRouter(tags=["users"], responses=AUTHENTICATED)


def user_info(row: UserRow) -> UserInfo:
    return UserInfo(name=row.name, role=row.role, has_password=row.has_password, created=row.created)


def token_info(row: TokenRow) -> TokenInfo:
    return TokenInfo(id=row.id, user=row.user_name, label=row.label, created=row.created, revoked=row.revoked,
                     expires=row.expires)


@router.get("/users")
def list_users(admin: Admin, db: DBDep) -> list[UserInfo]:
    """Every user."""
    return [user_info(u) for u in db.users()]


@router.post("/users", status_code=status.HTTP_201_CREATED, responses=errors(409))
def create_user(body: NewUser, admin: Admin, db: DBDep) -> UserInfo:
    """Add a user with a role (and, to let them log in, a password of at least 8 characters)."""
    try:
        return user_info(db.create_user(body.name, body.role, body.password))
    except Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.post("/users/{name}/tokens", status_code=status.HTTP_201_CREATED, responses=errors(404))
def issue_token(name: str, body: NewToken, admin: Admin, db: DBDep) -> IssuedToken:
    """A new API token for user ``name`` (valid ``expires_in_days``, or until revoked); the token is in
    this response only."""
    user = db.user(name)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no user named '{name}'; GET /users lists them")
    until = None if body.expires_in_days is None else expiry(24 * body.expires_in_days)
    row, token = db.issue_token(name, body.label, until)
    return IssuedToken(id=row.id, user=name, role=user.role, token=token, expires=row.expires)


@router.get("/tokens")
def list_tokens(admin: Admin, db: DBDep, user: str | None = None) -> list[TokenInfo]:
    """Every token (never the token itself), optionally only one user's."""
    return [token_info(t) for t in db.tokens(user)]


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
def revoke_token(token_id: str, admin: Admin, db: DBDep) -> None:
    """Revoke a token: requests carrying it are refused from now on."""
    if not db.revoke_token(token_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no token with id '{token_id}'")
