"""The API's request and response bodies (kept apart from the database and store rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

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


class ErrorItem(BaseModel):
    """One thing wrong with a request: where (``loc``, e.g. ``["body", "nodes", 3, "capacity"]``), what
    (``msg``) and its kind (``type``)."""

    loc: list[str | int]
    msg: str
    type: str


class Error(BaseModel):
    """Every error response: ``detail`` says what is wrong and what to do (a list of items for 422);
    ``problems`` lists an invalid request's problems by path."""

    detail: str | list[ErrorItem]
    problems: list[Problem] = []


class DocumentProblems(Error):
    """A 422: ``detail`` lists every problem (``loc`` is the JSON path, from ``body`` for the request's body)."""

    detail: list[ErrorItem]


class Password(BaseModel):
    """A new password for the signed-in user; ``current`` is required when the user already has one."""

    password: str = Field(min_length=8, max_length=1024)
    current: str | None = Field(default=None, max_length=1024)


class Login(BaseModel):
    username: str = Field(max_length=256)
    password: str = Field(max_length=1024)


class IssuedToken(BaseModel):
    """A new API token: ``token`` is shown this once (only its hash is kept); ``expires`` is when it stops
    working (``null``: until revoked)."""

    id: str
    user: str
    role: Role
    token: str
    expires: dt.datetime | None = None


class TokenInfo(BaseModel):
    id: str
    user: str
    label: str
    created: dt.datetime
    revoked: bool
    expires: dt.datetime | None = None


class NewToken(BaseModel):
    label: str = Field(default="", max_length=200)
    expires_in_days: float | None = Field(default=None, gt=0, le=3650,
                                          description="Days the token stays valid (default: until revoked)")


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
    model: str = Field(max_length=256, description="An uploaded model's name, or a bundled model's")
    version: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                description="The uploaded version (default: the latest)")
    scenarios: list[str] | None = Field(default=None, max_length=10_000,
                                        description="Scenarios to run (default: all; a name given twice runs once)")


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


class NodeState(BaseModel):
    """One node's state per scenario and timestep: ``deficit_share`` (deficit / demand, 0–1) for
    demands, ``fill`` (volume / capacity, 0–1) for reservoirs."""

    name: str
    kind: str
    metric: Literal["deficit_share", "fill"]
    values: dict[str, list[float | None]]


class RunState(BaseModel):
    times: list[str]
    scenarios: list[str]
    nodes: list[NodeState]
