"""The API's request and response bodies (kept apart from the database and store rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from arna.service.database import Role
from arna.store import RunStatus


class Health(BaseModel):
    status: str = "ok"
    version: str


class Problem(BaseModel):
    """One problem in an uploaded document: its JSON path (e.g. ``nodes[3].capacity``) and what is wrong."""

    path: str
    message: str


class DocumentProblems(BaseModel):
    detail: str
    problems: list[Problem]


class Login(BaseModel):
    username: str
    password: str


class IssuedToken(BaseModel):
    """A new API token: ``token`` is shown this once (only its hash is kept)."""

    id: str
    user: str
    role: Role
    token: str


class TokenInfo(BaseModel):
    id: str
    user: str
    label: str
    created: dt.datetime
    revoked: bool


class NewToken(BaseModel):
    label: str = ""


class UserInfo(BaseModel):
    name: str
    role: Role
    has_password: bool
    created: dt.datetime


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.@-]+$")
    role: Role
    password: str | None = Field(default=None, min_length=8)


class ScenarioInfo(BaseModel):
    """A scenario of a model with its translations by language (``labels`` of the name,
    ``description_labels`` of the description)."""

    name: str
    description: str = ""
    labels: dict[str, str] = {}
    description_labels: dict[str, str] = {}


class ModelInfo(BaseModel):
    """A model the service can run: ``source`` is ``uploaded`` (with versions) or ``bundled``; ``labels`` and
    ``description_labels`` translate its name and description, ``scenario_details`` its scenarios."""

    name: str
    source: str
    latest_version: int | None = None
    description: str = ""
    scenarios: list[str] = []
    labels: dict[str, str] = {}
    description_labels: dict[str, str] = {}
    scenario_details: list[ScenarioInfo] = []


class ModelVersion(BaseModel):
    name: str
    version: int
    uploaded_by: str
    uploaded: dt.datetime


class ModelDetail(BaseModel):
    name: str
    source: str
    version: int | None = None
    document: dict[str, Any]


class StartRun(BaseModel):
    model: str = Field(description="An uploaded model's name, or a bundled model's")
    version: int | None = Field(default=None, description="The uploaded version (default: the latest)")
    scenarios: list[str] | None = Field(default=None, description="Scenarios to run (default: all)")


class RunInfo(BaseModel):
    id: str
    model_name: str
    status: RunStatus
    scenarios: list[str]
    arna_version: str
    created: dt.datetime
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    balance_error: float | None = None
    error: str | None = None
    timesteps_done: int | None = None
    timesteps_total: int | None = None
