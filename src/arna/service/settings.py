"""The service's settings (environment variables ``ARNA_*`` or arguments)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the service keeps its data and how it behaves.

    ``data_dir`` holds the run store (``runs/``) and the service database (``service.sqlite``).
    With ``database_url`` (``ARNA_DATABASE_URL``, ``postgresql://USER:PASSWORD@HOST:PORT/DATABASE``)
    both are in that PostgreSQL database instead (see docs/service.md).
    CORS is off unless ``cors_origins`` lists origins.
    """

    model_config = SettingsConfigDict(env_prefix="ARNA_")

    data_dir: Path = Path("arna-data")
    database_url: str | None = None
    workers: int = 2
    cors_origins: list[str] = []
    max_upload_bytes: int = 5_000_000
