"""Runs started through the service, each executed in a worker process of its own.

The request that starts a run only records it (queued) and hands it to a queue served by
``workers`` threads, first in first out. A thread takes a run, marks it running and starts a worker
process (:mod:`arna.scenarios.isolated`) that compiles and simulates the model and sends its
progress and then its outcome (or an error message) back over a pipe. The thread does every catalogue
write: it completes or fails the run. So a worker process that crashes, is killed or runs out of
memory never leaves a half-written run, and the service keeps serving.

Completing a run costs the service one short store write: the worker process writes the results where
the store stages them (:class:`~arna.store.base.StagedResults`; other stores get the results over the
pipe) and computes the outputs the dashboard asks for first (:mod:`arna.service.completion`), which
``on_complete`` receives to keep. Nothing large is built in the service's process, whose interpreter
lock the requests need.

Each process gets at most ``memory_limit`` bytes of address space (``setrlimit``; past it the run fails
naming the limit) and ``time_limit`` seconds (then it is killed and the run failed). Each run has an
owner, and :meth:`RunWorker.start` refuses a user's run past ``max_active`` queued and running ones.

Cancelling a running run kills its process at once. A process that dies without sending an outcome
fails its run with a message naming how it ended. Worker processes come from a forkserver that has
the engine preloaded (never a plain fork of the threaded server); where there is none, from spawn.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from arna.engine.results import Results
from arna.errors import ArnaError, InputError
from arna.scenarios import isolated
from arna.schema import ModelDocument
from arna.service import completion
from arna.service.completion import Finished
from arna.store import RunStore, document_json
from arna.store.base import StagedResults

STOPPED = "the service stopped before the run finished; start it again"

#: Seconds a worker process gets to exit after sending its outcome, before it is killed.
EXIT_GRACE = 10.0

#: Modules the forkserver imports once (the engine, and this module for :func:`limited_main`).
PRELOAD = [*isolated.PRELOAD, "arna.service.worker"]


#: How much lower a worker process's scheduling priority is than the service's (``nice``).
RUN_NICENESS = 10

#: What a worker process's error says when it ran out of the memory it was allowed.
OUT_OF_MEMORY = ("MemoryError", "failed to map segment", "Cannot allocate memory", "bad_alloc")


class QuotaExceeded(InputError):
    """A user already has as many queued and running runs as they may."""


def address_space() -> int:
    """This process's virtual memory size in bytes (0 where unknown: not Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


#: Seconds between two progress messages a worker process sends (the last timestep is always sent).
PROGRESS_EVERY = 0.1


class ThrottledProgress:
    """A worker process's end of the pipe that passes on at most one progress message per
    ``PROGRESS_EVERY`` seconds. The engine reports every timestep: a 30-year daily run would send 11,000
    messages, each taking the service's interpreter lock from the threads answering requests."""

    def __init__(self, conn: Connection, every: float = PROGRESS_EVERY) -> None:
        self._conn = conn
        self._every = every
        self._last = -math.inf

    def send(self, message: tuple[object, ...]) -> None:
        if message[0] == "progress" and message[1] != message[2]:
            now = time.monotonic()
            if now - self._last < self._every:
                return
            self._last = now
        self._conn.send(message)

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


@dataclass(frozen=True)
class Job:
    """What a worker process is given: the run, where its results go, and how much it may use."""

    doc: ModelDocument
    scenarios: list[str]
    source: Path | None
    parent_pid: int
    staging_path: Path | None  # where the store stages results (None: send them over the pipe)
    memory_limit: int = 0
    output_limit: int = 32_000_000


def limited_main(conn: Connection, job: Job) -> None:
    """A worker process's entry point: lower its priority (``RUN_NICENESS``), let the run take at most
    ``job.memory_limit`` bytes of address space beyond what the process starts with (the preloaded
    engine; 0: no limit), then run :func:`arna.scenarios.isolated.main` with its progress throttled and
    the results finished here (:func:`arna.service.completion.finish`)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(RUN_NICENESS)  # a run is batch work: the service's answers come first
    if job.memory_limit > 0:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            cap = address_space() + job.memory_limit
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    def finish(res: Results) -> Finished:
        return completion.finish(res, job.doc, job.staging_path, job.output_limit)

    isolated.main(ThrottledProgress(conn), job.doc, job.scenarios, job.source, job.parent_pid,  # type: ignore[arg-type]
                  finish=finish)


@dataclass
class Progress:
    done: int = 0
    total: int = 0


def worker_context() -> ForkServerContext | SpawnContext:
    """Where worker processes come from: a forkserver with the engine preloaded, else spawn.

    The forkserver is started in the background at once, so it has imported the engine (a second or
    two) by the time the first run needs it, or nearly; each worker process is then a fork of it
    (about 20 ms, against seconds for a spawned process that imports the engine itself).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    threading.Thread(target=forkserver.ensure_running, name="arna-forkserver", daemon=True).start()
    return ctx


def died_message(exitcode: int | None, pid: int | None = None) -> str:
    """A failed run's message when its worker process ended without sending an outcome.

    The pid lets an operator find the process in the system's logs (e.g. the out-of-memory killer's).
    """
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
        if exitcode == -signal.SIGKILL:
            how += "; the system also sends it when memory runs out"
    elif exitcode:
        how = f"exited with status {exitcode}"
    else:
        how = "exited without sending a result"
    which = "" if pid is None else f" (pid {pid})"
    return f"the worker process running it{which} died ({how}); start the run again"


Outcome = tuple[str, Finished | str] | None

#: Keeps what a worker process computed for a completed run: ``on_complete(run_id, outputs)``.
OnComplete = Callable[[str, Mapping[str, bytes]], None]


class RunWorker:
    """Executes queued runs of a :class:`~arna.store.RunStore`, at most ``workers`` at once, each in a
    process of its own."""

    def __init__(self, store: RunStore, workers: int = 2, time_limit: float | None = None,
                 memory_limit: int = 0, on_complete: OnComplete | None = None,
                 output_limit: int = 32_000_000) -> None:
        self.store = store
        self.on_complete = on_complete
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.output_limit = output_limit
        self._owners: dict[str, str] = {}
        self._ctx = worker_context()
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="arna-run")
        self._lock = threading.Lock()
        self._progress: dict[str, Progress] = {}
        self._cancelled: set[str] = set()
        self._stopping = False
        self._futures: dict[str, Future[None]] = {}
        self._procs: dict[str, BaseProcess] = {}

    def start(self, doc: ModelDocument, scenarios: Sequence[str] | None, source: Path | None = None,
              owner: str = "", max_active: int | None = None) -> str:
        """Record a queued run of ``doc`` for ``owner`` and queue it; returns the run id at once.

        Raises :class:`QuotaExceeded` if ``owner`` already has ``max_active`` runs queued or running.
        """
        chosen = list(scenarios) if scenarios else doc.scenario_names()
        with self._lock:
            active = sum(1 for o in self._owners.values() if o == owner)
            if max_active is not None and active >= max_active:
                raise QuotaExceeded(f"you have {active} runs queued or running, the most one user may have "
                                    f"(the administrator sets ARNA_MAX_ACTIVE_RUNS_PER_USER); wait for one to "
                                    "end or cancel one")
            run_id = self.store.create_run(document_json(doc), doc.name, chosen)
            self._owners[run_id] = owner
            future = self._pool.submit(self._execute, run_id, doc, chosen, source)
            self._futures[run_id] = future
        future.add_done_callback(lambda _: self._forget(run_id))
        return run_id

    def active(self, owner: str) -> int:
        """How many of ``owner``'s runs are queued or running."""
        with self._lock:
            return sum(1 for o in self._owners.values() if o == owner)

    def _forget(self, run_id: str) -> None:
        with self._lock:
            self._futures.pop(run_id, None)
            self._owners.pop(run_id, None)

    def progress(self, run_id: str) -> Progress | None:
        """Timesteps done of the total, once the run's process has reported (kept after it ends)."""
        with self._lock:
            return self._progress.get(run_id)

    def pid(self, run_id: str) -> int | None:
        """The id of the process running ``run_id`` (``None`` unless it is running here)."""
        with self._lock:
            proc = self._procs.get(run_id)
        return None if proc is None else proc.pid

    def cancel(self, run_id: str) -> None:
        """Cancel a queued or running run (an :class:`InputError` if it has ended); a running run's
        process is killed at once."""
        with self._lock:
            self._cancelled.add(run_id)
        self.store.cancel(run_id)
        with self._lock:
            proc = self._procs.get(run_id)
        if proc is not None:
            proc.kill()

    def wait(self, run_id: str, timeout: float | None = None) -> None:
        """Wait until the worker is done with ``run_id`` (for tests and shutdown)."""
        with self._lock:
            future = self._futures.get(run_id)
        if future is not None:
            future.result(timeout)

    def shutdown(self) -> None:
        """Stop: kill the running processes, drop the queue, and fail every run not finished."""
        with self._lock:
            self._stopping = True
            unfinished = list(self._futures)
            procs = list(self._procs.values())
        for proc in procs:
            proc.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for run_id in unfinished:
            with contextlib.suppress(ArnaError):
                if self.store.get(run_id).status in {"queued", "running"}:
                    self.store.fail(run_id, STOPPED)

    def _skip(self, run_id: str) -> bool:
        with self._lock:
            return self._stopping or run_id in self._cancelled

    def _execute(self, run_id: str, doc: ModelDocument, scenarios: list[str], source: Path | None) -> None:
        if self._skip(run_id):
            return
        try:
            self.store.mark_running(run_id)
        except ArnaError:  # cancelled meanwhile
            return
        try:
            self._supervise(run_id, doc, scenarios, source)
        except Exception as exc:  # a fault of the service's own: the run must not stay running
            self._fail(run_id, f"the service lost track of the run ({isolated.error_message(exc)}); "
                       "start it again")

    def _supervise(self, run_id: str, doc: ModelDocument, scenarios: list[str], source: Path | None) -> None:
        """Run ``run_id`` in a worker process of its own, follow it and record how it ended."""
        staging = self.store.staging_path(run_id) if isinstance(self.store, StagedResults) else None
        job = Job(doc, scenarios, source, os.getpid(), staging, self.memory_limit, self.output_limit)
        ours, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=limited_main, name=f"arna-run-{run_id}", daemon=True, args=(theirs, job))
        try:
            proc.start()
        except Exception as exc:
            ours.close()
            self._fail(run_id, f"could not start a worker process ({isolated.error_message(exc)}); "
                       "start the run again")
            return
        finally:
            theirs.close()  # only the child holds its end now: its death is the end of the pipe
        with self._lock:
            self._procs[run_id] = proc
        if self._skip(run_id):
            proc.kill()
        try:
            outcome = self._follow(run_id, ours, proc)
        finally:
            proc.join(EXIT_GRACE)
            if proc.exitcode is None:
                proc.kill()
                proc.join()
            ours.close()
            with self._lock:
                self._procs.pop(run_id, None)
        self._finish(run_id, outcome, proc.exitcode, proc.pid)

    def _follow(self, run_id: str, conn: Connection, proc: BaseProcess) -> Outcome:
        """Record the process's progress until it sends its outcome; ``None`` if it ends first; an error
        once it has taken ``time_limit`` seconds (and then it is killed)."""
        deadline = None if self.time_limit is None else time.monotonic() + self.time_limit
        while True:
            try:
                if deadline is not None and not conn.poll(max(0.0, deadline - time.monotonic())):
                    proc.kill()
                    return "error", (f"the run took longer than {self.time_limit:g} s, the most this service "
                                     "allows (its administrator sets ARNA_RUN_TIME_LIMIT); its process was "
                                     "stopped. Run fewer scenarios or a shorter period")
                message = conn.recv()
            except (EOFError, OSError):
                return None
            except Exception as exc:  # a message that does not unpickle
                return "error", f"the service could not read what the worker process sent ({type(exc).__name__}: {exc})"
            if message[0] == "progress":
                with self._lock:
                    self._progress[run_id] = Progress(message[1], message[2])
            else:
                return message[0], message[1]

    def _finish(self, run_id: str, outcome: Outcome, exitcode: int | None, pid: int | None) -> None:
        with self._lock:
            if run_id in self._cancelled:
                return  # the store has it cancelled; nothing more to record
            stopping = self._stopping
        if outcome is None:
            self._fail(run_id, STOPPED if stopping else died_message(exitcode, pid))
        elif isinstance(outcome[1], str) and self.memory_limit > 0 and any(m in outcome[1] for m in OUT_OF_MEMORY):
            self._fail(run_id, f"the run needed more memory than the {self.memory_limit} bytes this service "
                       "allows a run (its administrator sets ARNA_RUN_MEMORY_LIMIT); run fewer scenarios "
                       f"or a shorter period ({outcome[1]})")
        elif isinstance(outcome[1], Finished):
            self._complete(run_id, outcome[1])
        else:
            self._fail(run_id, outcome[1])

    def _complete(self, run_id: str, done: Finished) -> None:
        """Record a run whose process finished it: one short store write (the results are staged, or
        else sent), then hand its outputs to ``on_complete``."""
        try:
            if done.results is None:
                assert isinstance(self.store, StagedResults)
                self.store.complete_staged(run_id, done.balance_error, done.timings)
            else:
                self.store.complete(run_id, done.results, done.balance_error, done.timings)
        except Exception as exc:  # e.g. cancelled meanwhile: it stays cancelled
            self._fail(run_id, f"storing the results failed: {isolated.error_message(exc)}")
            return
        if self.on_complete is not None:
            with contextlib.suppress(Exception):  # only a head start: a request computes it otherwise
                self.on_complete(run_id, done.outputs)

    def _fail(self, run_id: str, message: str) -> None:
        with contextlib.suppress(ArnaError):  # already ended (e.g. cancelled): it stays as it is
            self.store.fail(run_id, message)
