"""First start of a service: an admin user and token, when the data folder has no users yet."""

from __future__ import annotations

from pathlib import Path

from arna.service.database import ServiceDB

ADMIN = "admin"


def ensure_admin(data_dir: str | Path, database_url: str | None = None) -> str | None:
    """Create the user ``admin`` (role admin, no password) and a token for it if there are no users.

    The users are in the service database of ``data_dir``, or in PostgreSQL at ``database_url``.
    Returns the token — the only time it is available, since only its hash is kept — or ``None`` if the
    database already has users.
    """
    db = ServiceDB(data_dir, database_url)
    if db.count_users() > 0:
        return None
    db.create_user(ADMIN, "admin")
    return db.issue_token(ADMIN, "first start")[1]
