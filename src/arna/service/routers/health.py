"""``/health`` (open) and the OpenAPI document (needs a token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from arna import __version__
from arna.service.deps import Viewer
from arna.service.schemas import Health

router = APIRouter(tags=["service"])


_HEALTH = Health(version=__version__).model_dump_json().encode("utf-8")


@router.get("/health", response_model=Health)
async def health() -> Response:
    """Whether the service is up (no token needed). Answered in the event loop itself: it needs no
    thread of the pool, no store and nothing a run holds, so it answers whatever they are doing."""
    return Response(_HEALTH, media_type="application/json")


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: Viewer) -> dict[str, Any]:
    """The OpenAPI document of this API."""
    return request.app.openapi()
