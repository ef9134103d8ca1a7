"""Hashing of passwords and API tokens (standard library scrypt, with a random salt)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Passwords are chosen by people: a costly hash. Tokens are 256 random bits: the cost does not
# protect them, the salt and hash only keep the database from holding a usable token.
PASSWORD_COST = 2**14
TOKEN_COST = 2**10
TOKEN_PREFIX = "arna_"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, cost: int) -> str:
    """``scrypt$<n>$<salt>$<hash>`` of ``secret``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=cost, r=8, p=1, dklen=32)
    return f"scrypt${cost}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches a hash from :func:`hash_secret` (constant-time comparison)."""
    try:
        scheme, cost, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(cost), r=8, p=1, dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def new_token() -> tuple[str, str, str]:
    """A new token: ``(token_id, secret, token)``; the token is ``arna_<id>_<secret>``."""
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return token_id, secret, f"{TOKEN_PREFIX}{token_id}_{secret}"


def split_token(token: str) -> tuple[str, str] | None:
    """``(token_id, secret)`` of a token, or ``None`` if it is not shaped like one."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    token_id, sep, secret = token[len(TOKEN_PREFIX):].partition("_")
    if not sep or len(token_id) != 16 or not secret:
        return None
    return token_id, secret
