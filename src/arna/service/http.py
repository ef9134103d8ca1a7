"""What every response shares: the error bodies and their OpenAPI declaration, the security headers,
and reading a request body within a size limit.

Every error is ``{"detail": ..., "problems": [...]}`` (:class:`~arna.service.schemas.Error`); for a 422,
``detail`` is always a list of ``{loc, msg, type}`` and ``problems`` the same as ``{path, message}``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from arna.errors import DocumentError, InputError
from arna.service.schemas import DocumentProblems, Error

_DESCRIPTIONS = {
    400: "The request cannot be carried out as asked (the message says why and what to do)",
    401: "No valid API token (`Authorization: Bearer arna_...`)",
    403: "The token's user lacks the role this needs",
    404: "No such model, run, user or token",
    409: "The resource is not in a state that allows this (e.g. a run that has not completed)",
    413: "The request body is larger than the service accepts",
    422: "The request or the document in it is invalid: `detail` lists every problem with its location",
    429: "Too many requests of this kind: wait the `Retry-After` seconds",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entries of ``codes``, all with the one error schema."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": DocumentProblems if code == 422 else Error,
                                 "description": _DESCRIPTIONS[code]}
        if code == 429:
            entry["headers"] = _RETRY_AFTER
        out[code] = entry
    return out


#: What every route that needs a token may answer.
AUTHENTICATED = errors(400, 401, 403, 422)


def too_many(message: str, wait: float) -> HTTPException:
    """A 429 with ``Retry-After`` (whole seconds, at least 1)."""
    return HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, message,
                         headers={"Retry-After": str(max(1, math.ceil(wait)))})


def invalid(loc: Sequence[str | int], message: str, kind: str = "value_error") -> HTTPException:
    """A 422 naming where the problem is (``loc``, e.g. ``("body", "scenarios", 2)``)."""
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [{"loc": list(loc), "msg": message, "type": kind}])


_STEP = re.compile(r"\[(\d+)\]")


def _loc(path: str) -> list[str | int]:
    """``nodes[3].capacity`` as ``["body", "nodes", 3, "capacity"]``."""
    out: list[str | int] = ["body"]
    for part in _STEP.sub(r".\1", path).split("."):
        if part:
            out.append(int(part) if part.isdigit() else part)
    return out


def _path(loc: Sequence[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _body(items: list[dict[str, Any]]) -> dict[str, Any]:
    problems = [{"path": _path(i["loc"]), "message": i["msg"]} for i in items]
    return {"detail": items, "problems": problems}


async def document_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DocumentError)
    items = [{"loc": _loc(p), "msg": m, "type": "document"} for p, m in exc.problems]
    problems = [{"path": p, "message": m} for p, m in exc.problems]  # the document's own JSON paths
    return JSONResponse({"detail": items, "problems": problems}, status_code=422)


async def request_invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = [{"loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")),
              "type": str(e.get("type", "value_error"))} for e in exc.errors()]
    return JSONResponse(_body(items), status_code=422)


async def input_error(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    body: dict[str, Any] = _body(exc.detail) if isinstance(exc.detail, list) else {"detail": str(exc.detail)}
    headers = dict(exc.headers or {})
    if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this request's path (Starlette's 405 names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if route.matches(request.scope)[0] != Match.NONE:  # PARTIAL: the path matches, the method does not
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


HANDLERS = {DocumentError: document_error, InputError: input_error, RequestValidationError: request_invalid,
            StarletteHTTPException: http_error}


# ------------------------------------------------------------------ security headers

#: The dashboard's policy: everything from this service, nothing framing it.
DASHBOARD_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                 "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: Everything else is data: it loads nothing and is framed by nobody.
API_CSP = "default-src 'none'; frame-ancestors 'none'"


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: streams pass through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = DASHBOARD_CSP if path == "/" or path.startswith("/ui") else API_CSP
        extra = [(b"content-security-policy", csp.encode()), (b"x-frame-options", b"DENY"),
                 (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                 (b"cross-origin-resource-policy", b"same-origin")]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in have]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ------------------------------------------------------------------ bodies


def _too_large(limit: int) -> HTTPException:
    return HTTPException(status.HTTP_413_CONTENT_TOO_LARGE,
                         f"the document is larger than {limit} bytes, the most this service accepts "
                         "(its administrator sets ARNA_MAX_UPLOAD_BYTES); split the model's series into "
                         "fewer values or ask for a higher limit",
                         headers={"Connection": "close"})  # and read no more of it


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes: from its
    ``Content-Length`` before reading anything, else while it streams in (never held whole past the limit)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise HTTPException(status.HTTP_400_BAD_REQUEST, f"Content-Length '{declared}' is not a number of bytes")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)
