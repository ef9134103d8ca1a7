"""``/health`` (open) and the OpenAPI document (needs a token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from arna import __version__
from arna.service.deps import Viewer
from arna.service.schemas import Health

router = APIRouter(tags=["service"])


@router.get("/health")
def health() -> Health:
    """Whether the service is up (no token needed)."""
    return Health(version=__version__)


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, user: Viewer) -> dict[str, Any]:
    """The OpenAPI document of this API."""
    return request.app.openapi()
