"""The service's settings (environment variables ``ARNA_*`` or arguments)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the service keeps its data, how it behaves and what one user may ask of it.

    ``data_dir`` holds the run store (``runs/``) and the service database (``service.sqlite``).
    With ``database_url`` (``ARNA_DATABASE_URL``, ``postgresql://USER:PASSWORD@HOST:PORT/DATABASE``)
    both are in that PostgreSQL database instead (see docs/service.md).
    CORS is off unless ``cors_origins`` lists origins.

    The limits default to what a small team on one machine can live with (docs/service.md, "Limits");
    the administrator sets them with ``ARNA_<NAME>`` (e.g. ``ARNA_RUN_TIME_LIMIT=7200``).
    """

    model_config = SettingsConfigDict(env_prefix="ARNA_")

    data_dir: Path = Path("arna-data")
    database_url: str | None = None
    workers: int = Field(default=2, ge=1)
    cors_origins: list[str] = []

    # uploads
    max_upload_bytes: int = Field(default=5_000_000, ge=1)
    """Largest model document accepted (checked from Content-Length and while reading the body)."""
    max_upload_values: int = Field(default=1_000_000, ge=1)
    """Most values (numbers, strings, list items) an upload may hold once YAML aliases are expanded."""
    parse_timeout: float = Field(default=60.0, gt=0)
    """Seconds an upload's parsing and validation may take before it is refused."""
    parse_slots: int = Field(default=2, ge=1)
    """Uploads parsed at the same time (the others wait); each parse runs off the event loop."""

    # runs
    max_run_cells: int = Field(default=20_000_000, ge=1)
    """Budget of a run: timesteps × scenarios × nodes (a 100-year daily run of 50 nodes and 4 scenarios
    is 7.3 million)."""
    max_timesteps: int = Field(default=73_200, ge=1)
    """Most timesteps one run may have (200 years of days)."""
    max_scenarios: int = Field(default=100, ge=1)
    """Most scenarios one run may ask for (after duplicates are dropped)."""
    run_time_limit: float = Field(default=3600.0, gt=0)
    """Seconds a run may execute before its worker process is killed and the run failed."""
    run_memory_limit: int = Field(default=4_000_000_000, ge=0)
    """Bytes of address space a worker process may use (0: no limit); past it the run fails."""
    max_active_runs_per_user: int = Field(default=4, ge=1)
    """Queued and running runs one user may have at once."""

    # sign-in
    login_token_hours: float = Field(default=12.0, gt=0)
    """Hours a token from ``POST /auth/login`` (the dashboard's sign-in) stays valid."""
    login_free_failures: int = Field(default=5, ge=1)
    """Wrong passwords allowed for one account (or from one address, ×4) before a wait is imposed."""
    login_max_wait: float = Field(default=900.0, gt=0)
    """Longest wait (seconds) imposed after repeated wrong passwords; the wait doubles from 1 s."""

    # reading
    max_streams_per_user: int = Field(default=8, ge=1)
    """Progress streams (``GET /runs/{id}/events``) one user may hold open at once."""
    max_page: int = Field(default=500, ge=1)
    """Most runs ``GET /runs`` returns per page."""
