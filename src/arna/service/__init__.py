"""Arna's REST service: a FastAPI application over the run store (see docs/service.md).

:func:`create_app` builds the application from :class:`Settings`; ``arna serve`` runs it.
"""

from __future__ import annotations

from arna.service.app import create_app
from arna.service.settings import Settings

__all__ = ["Settings", "create_app"]
