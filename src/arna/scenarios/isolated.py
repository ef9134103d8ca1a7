"""One run in a worker process of its own: compile and simulate it, report over a pipe, touch no store.

The service (:class:`arna.service.worker.RunWorker`) starts one process per run and keeps the other
end of a duplex pipe. The process sends

- ``("progress", done, total)`` after every timestep,
- then ``("results", Results)`` (or what ``finish`` makes of the results) or ``("error", message)``,

and exits. It never writes to the run's catalogue: the parent does every catalogue write, so a process
that dies half-way leaves no half-written run. The results travel as the dense
:class:`~arna.engine.results.Results` (numpy arrays pickled over the pipe), not as the long table,
which is an order of magnitude bigger and slower to build (58 MB of values: 0.2 s against 5.6 s) —
unless ``finish`` makes something else of them (the service's worker writes them to the store's
staging file and sends where, see :mod:`arna.service.completion`).

The process also ends when its parent dies: on Linux the kernel kills it (``PR_SET_PDEATHSIG``),
and on every system a thread sees the pipe close and exits the process.

It imports only the engine (not the web stack), so a forkserver preloads it cheaply (see ``PRELOAD``).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from arna.api import compile_model, run
from arna.engine.results import Results
from arna.errors import ArnaError
from arna.schema import ModelDocument

#: Modules a forkserver imports once, so each worker process starts with them loaded.
PRELOAD = ["arna.scenarios.isolated"]

#: Exit status of a worker whose parent died (it sends nothing more).
ORPHANED = 3


def error_message(exc: BaseException) -> str:
    """What a failed run's record says: an Arna error's own message, otherwise the type and message."""
    return str(exc) if isinstance(exc, ArnaError) else f"{type(exc).__name__}: {exc}"


def main(conn: Connection, doc: ModelDocument, scenarios: Sequence[str], source: Path | None,
         parent_pid: int, finish: Callable[[Results], object] | None = None) -> None:
    """Entry point of a worker process: simulate ``doc`` and send progress and the outcome on ``conn``.

    ``finish`` turns the results into what is sent (e.g. writes them to a file and sends where); an
    error it raises fails the run like an error of the simulation.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the service's terminal: the service stops us
    die_with_parent(conn, parent_pid)

    def report(done: int, total: int) -> None:
        conn.send(("progress", done, total))

    try:
        results = run(compile_model(doc, source), list(scenarios), progress=report)
        outcome = results if finish is None else finish(results)
    except Exception as exc:
        conn.send(("error", error_message(exc)))
        return
    try:
        conn.send(("results", outcome))
    except (OSError, EOFError):
        return  # the service is gone: nobody to tell
    except Exception as exc:  # the results would not pickle: say so rather than die
        conn.send(("error", f"the worker process could not send the results ({error_message(exc)})"))


def die_with_parent(conn: Connection, parent_pid: int) -> None:
    """End this process as soon as its parent (the service) is gone."""
    if sys.platform == "linux":
        # The kernel kills us when the process that forked us dies. Under a forkserver that is the
        # forkserver, which exits as soon as the service is gone.
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    if not _alive(parent_pid):
        os._exit(ORPHANED)

    def watch() -> None:
        # The parent never writes; the pipe only ever ends, when the parent closes it or dies.
        with contextlib.suppress(OSError, EOFError):
            while True:
                conn.recv_bytes()
        os._exit(ORPHANED)

    threading.Thread(target=watch, name="arna-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
