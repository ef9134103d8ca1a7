"""What a run store keeps and the protocol every store implements.

A run goes ``queued → running → completed | failed | cancelled`` (a queued run may also be failed
or cancelled directly); completed, failed and cancelled are final. See docs/store.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, get_args, runtime_checkable

import pandas as pd

from arna.engine.results import COLUMNS, Results
from arna.errors import InputError

RunStatus = Literal["queued", "running", "completed", "failed", "cancelled"]
STATUSES: tuple[str, ...] = get_args(RunStatus)
FINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})

#: Which states each transition may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "running": frozenset({"queued"}),
    "completed": frozenset({"running"}),
    "failed": frozenset({"queued", "running"}),
    "cancelled": frozenset({"queued", "running"}),
}

Names = str | Sequence[str] | None
When = str | dt.date | dt.datetime | pd.Timestamp | None


@dataclass(frozen=True)
class RunRecord:
    """One run as the catalogue holds it. Times are timezone-aware UTC."""

    id: str
    model_name: str
    status: RunStatus
    created: dt.datetime
    arna_version: str
    scenarios: list[str] = field(default_factory=list)
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    balance_error: float | None = None
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    pid: int | None = None
    host: str | None = None


RunRecords = list[RunRecord]


@runtime_checkable
class RunStore(Protocol):
    """Where runs, their model documents and their results are kept."""

    def create_run(self, model_document_json: str, model_name: str, scenarios: Sequence[str]) -> str:
        """Record a queued run of a model document (JSON text); returns the new run id."""
        ...

    def mark_running(self, run_id: str) -> None:
        """A queued run starts, owned by this process (its pid and host are recorded)."""
        ...

    def complete(self, run_id: str, results: Results, balance_error: float | None = None,
                 timings: Mapping[str, float] | None = None) -> None:
        """A running run finished: store its results (balance error and timings default to the results')."""
        ...

    def fail(self, run_id: str, message: str) -> None:
        """A queued or running run failed with ``message``."""
        ...

    def cancel(self, run_id: str) -> None:
        """Cancel a queued or running run; its owner's later ``complete`` or ``fail`` is refused."""
        ...

    def get(self, run_id: str) -> RunRecord:
        """The run's record; an unknown id is an :class:`InputError` naming it."""
        ...

    def list(self, status: RunStatus | None = None, model_name: str | None = None) -> RunRecords:
        """Runs, oldest first, optionally only those with the status and/or model name."""
        ...

    def results(self, run_id: str, node: Names = None, attribute: Names = None, scenario: Names = None,
                start: When = None, end: When = None) -> pd.DataFrame:
        """A completed run's results in long format (time, scenario, node, attribute, value, unit).

        ``node``, ``attribute`` and ``scenario`` take a name or a list of names; ``start`` and ``end``
        bound the time, both inclusive. A filter that matches nothing gives an empty table.
        """
        ...

    def model_document(self, run_id: str) -> str:
        """The model document (JSON text) the run was created with."""
        ...


@runtime_checkable
class StagedResults(Protocol):
    """A store whose results another process may write: the service's worker processes write a run's
    results where :meth:`staging_path` says, and the service then completes the run with one short
    :meth:`complete_staged` (the results never pass through the service's own process)."""

    def staging_path(self, run_id: str) -> Path:
        """Where the results of running run ``run_id`` are to be written, as
        :func:`arna.engine.longtable.write_results` writes them (Parquet)."""
        ...

    def complete_staged(self, run_id: str, balance_error: float, timings: Mapping[str, float]) -> None:
        """Complete a running run with the results written to its :meth:`staging_path` (an
        :class:`InputError` if there are none, or the run is not running; the staged file is then removed)."""
        ...


# ---------------------------------------------------------------- helpers shared by the stores


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def unknown_run(run_id: str) -> InputError:
    return InputError(f"no run with id '{run_id}' in the store; list the runs to find its id")


def check_transition(run_id: str, current: str, to: str) -> None:
    """Raise :class:`InputError` if a run in state ``current`` may not go to ``to``."""
    if current not in ALLOWED_FROM[to]:
        raise InputError(f"run '{run_id}' is {current}; it cannot be marked {to} "
                         f"(only a {' or '.join(sorted(ALLOWED_FROM[to]))} run can)")


def check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        raise InputError(f"unknown run status '{status}'; it is one of: {', '.join(STATUSES)}")


def check_document_json(text: str) -> None:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise InputError(f"the model document of a run must be JSON text ({exc})") from None
    if not isinstance(data, dict):
        raise InputError("the model document of a run must be a JSON object")


def catalogue_filter(status: str | None, model_name: str | None, placeholder: str) -> tuple[str, list[str]]:
    """The ``WHERE`` clause (or "") and its parameters selecting runs by status and model name in SQL."""
    check_status(status)
    pairs = [(column, value) for column, value in (("status", status), ("model_name", model_name)) if value is not None]
    where = " AND ".join(f"{column} = {placeholder}" for column, _ in pairs)
    return (f" WHERE {where}" if where else ""), [value for _, value in pairs]


def names(value: Names) -> list[str] | None:
    """A filter as a list of names (``None``: no filter)."""
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(v) for v in value]


def timestamp(value: When, what: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise InputError(f"results filter: {what} '{value}' is not a date ({exc})") from None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


def not_completed(record: RunRecord) -> InputError:
    extra = f": {record.error}" if record.error else ""
    return InputError(f"run '{record.id}' is {record.status}{extra}; only a completed run has results")


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """The long results table with the same columns and dtypes from every store."""
    out = frame.loc[:, COLUMNS].reset_index(drop=True)
    out["time"] = pd.to_datetime(out["time"]).astype("datetime64[ns]")
    out["value"] = out["value"].astype(float)
    return out
