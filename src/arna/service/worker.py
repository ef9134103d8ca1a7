"""Runs started through the service, executed on a pool of worker threads.

The request that starts a run only records it (queued) and hands it to the pool; a worker marks it
running, simulates it (reporting progress after every timestep) and completes or fails it.
Cancelling is cooperative: the worker checks after each timestep and stops.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from arna.api import compile_model, run
from arna.errors import ArnaError
from arna.schema import ModelDocument
from arna.store import RunStore, document_json


class Cancelled(Exception):
    """Raised inside a run's progress callback to stop a cancelled run."""


@dataclass
class Progress:
    done: int = 0
    total: int = 0


class RunWorker:
    """A thread pool that executes queued runs of a :class:`~arna.store.RunStore`."""

    def __init__(self, store: RunStore, workers: int = 2) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="arna-run")
        self._lock = threading.Lock()
        self._progress: dict[str, Progress] = {}
        self._cancelled: set[str] = set()
        self._futures: dict[str, Future[None]] = {}

    def start(self, doc: ModelDocument, scenarios: Sequence[str] | None, source: Path | None = None) -> str:
        """Record a queued run of ``doc`` and submit it; returns the run id at once."""
        chosen = list(scenarios) if scenarios else doc.scenario_names()
        run_id = self.store.create_run(document_json(doc), doc.name, chosen)
        with self._lock:
            future = self._pool.submit(self._execute, run_id, doc, chosen, source)
            self._futures[run_id] = future
        future.add_done_callback(lambda _: self._forget(run_id))
        return run_id

    def _forget(self, run_id: str) -> None:
        with self._lock:
            self._futures.pop(run_id, None)

    def progress(self, run_id: str) -> Progress | None:
        with self._lock:
            return self._progress.get(run_id)

    def cancel(self, run_id: str) -> None:
        """Cancel a queued or running run (an :class:`InputError` if it has ended)."""
        with self._lock:
            self._cancelled.add(run_id)
        self.store.cancel(run_id)

    def wait(self, run_id: str, timeout: float | None = None) -> None:
        """Wait until the worker is done with ``run_id`` (for tests and shutdown)."""
        with self._lock:
            future = self._futures.get(run_id)
        if future is not None:
            future.result(timeout)

    def shutdown(self) -> None:
        """Stop: cancel every run not yet finished and wait for the workers."""
        with self._lock:
            unfinished = list(self._futures)
            self._cancelled.update(unfinished)
        self._pool.shutdown(wait=True, cancel_futures=True)
        for run_id in unfinished:
            with contextlib.suppress(ArnaError):
                if self.store.get(run_id).status in {"queued", "running"}:
                    self.store.fail(run_id, "the service stopped before the run finished; start it again")

    def _is_cancelled(self, run_id: str) -> bool:
        with self._lock:
            return run_id in self._cancelled

    def _execute(self, run_id: str, doc: ModelDocument, scenarios: list[str], source: Path | None) -> None:
        if self._is_cancelled(run_id):
            return
        try:
            self.store.mark_running(run_id)
        except ArnaError:  # cancelled meanwhile
            return

        def report(done: int, total: int) -> None:
            with self._lock:
                self._progress[run_id] = Progress(done, total)
                if run_id in self._cancelled:
                    raise Cancelled(run_id)

        try:
            results = run(compile_model(doc, source), scenarios, progress=report)
        except Cancelled:
            return
        except Exception as exc:
            message = str(exc) if isinstance(exc, ArnaError) else f"{type(exc).__name__}: {exc}"
            with contextlib.suppress(ArnaError):
                self.store.fail(run_id, message)
            return
        try:
            self.store.complete(run_id, results)
        except Exception as exc:
            with contextlib.suppress(ArnaError):  # e.g. cancelled meanwhile: it stays cancelled
                self.store.fail(run_id, f"storing the results failed: {type(exc).__name__}: {exc}")
