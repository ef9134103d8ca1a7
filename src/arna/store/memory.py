"""A run store in memory, for tests of code that uses a store (nothing survives the process)."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from arna import __version__
from arna.engine.results import Results
from arna.store.base import (
    Names,
    RunRecord,
    RunRecords,
    RunStatus,
    When,
    check_document_json,
    check_status,
    check_transition,
    names,
    normalise,
    not_completed,
    timestamp,
    unknown_run,
    utcnow,
)


class MemoryStore:
    """The :class:`~arna.store.base.RunStore` protocol over dictionaries; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[str, RunRecord] = {}
        self._documents: dict[str, str] = {}
        self._results: dict[str, pd.DataFrame] = {}

    def _record(self, run_id: str) -> RunRecord:
        try:
            return self._runs[run_id]
        except KeyError:
            raise unknown_run(run_id) from None

    def create_run(self, model_document_json: str, model_name: str, scenarios: Sequence[str]) -> str:
        check_document_json(model_document_json)
        run_id = uuid.uuid4().hex
        record = RunRecord(id=run_id, model_name=model_name, status="queued", created=utcnow(),
                           arna_version=__version__, scenarios=[str(s) for s in scenarios])
        with self._lock:
            self._runs[run_id] = record
            self._documents[run_id] = model_document_json
        return run_id

    def mark_running(self, run_id: str) -> None:
        with self._lock:
            rec = self._record(run_id)
            check_transition(run_id, rec.status, "running")
            self._runs[run_id] = replace(rec, status="running", started=utcnow(), pid=os.getpid(),
                                         host=socket.gethostname())

    def complete(self, run_id: str, results: Results, balance_error: float | None = None,
                 timings: Mapping[str, float] | None = None) -> None:
        frame = normalise(results.to_frame())
        with self._lock:
            rec = self._record(run_id)
            check_transition(run_id, rec.status, "completed")
            self._results[run_id] = frame
            self._runs[run_id] = replace(
                rec, status="completed", finished=utcnow(),
                balance_error=float(results.balance_error if balance_error is None else balance_error),
                timings={k: float(v) for k, v in (results.timings if timings is None else timings).items()})

    def _end(self, run_id: str, status: RunStatus, message: str | None) -> None:
        with self._lock:
            rec = self._record(run_id)
            check_transition(run_id, rec.status, status)
            self._runs[run_id] = replace(rec, status=status, finished=utcnow(), error=message)

    def fail(self, run_id: str, message: str) -> None:
        self._end(run_id, "failed", message)

    def cancel(self, run_id: str) -> None:
        self._end(run_id, "cancelled", None)

    def get(self, run_id: str) -> RunRecord:
        with self._lock:
            return self._record(run_id)

    def list(self, status: RunStatus | None = None, model_name: str | None = None) -> RunRecords:
        check_status(status)
        with self._lock:
            runs = list(self._runs.values())
        return [r for r in runs
                if (status is None or r.status == status) and (model_name is None or r.model_name == model_name)]

    def results(self, run_id: str, node: Names = None, attribute: Names = None, scenario: Names = None,
                start: When = None, end: When = None) -> pd.DataFrame:
        with self._lock:
            rec = self._record(run_id)
            frame = self._results.get(run_id)
        if rec.status != "completed" or frame is None:
            raise not_completed(rec)
        keep = pd.Series(True, index=frame.index)
        for column, value in (("node", node), ("attribute", attribute), ("scenario", scenario)):
            wanted = names(value)
            if wanted is not None:
                keep &= frame[column].isin(wanted)
        t0, t1 = timestamp(start, "start"), timestamp(end, "end")
        if t0 is not None:
            keep &= frame["time"] >= t0
        if t1 is not None:
            keep &= frame["time"] <= t1
        return frame.loc[keep].reset_index(drop=True)

    def model_document(self, run_id: str) -> str:
        with self._lock:
            self._record(run_id)
            return self._documents[run_id]
