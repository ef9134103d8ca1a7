"""Where candidates are evaluated: in this process, in local worker processes, or on a Dask cluster.

Every evaluator returns the outcomes in the order of the candidates, whoever computed them, so a
search gives the same front on one process, N processes or a cluster. A worker that dies in the
middle of a generation loses nothing: the candidates it had not returned are evaluated again
(local processes: in a fresh pool; Dask: the scheduler's task retries).

The unit of work is a candidate, not a block of scenarios as in :mod:`arna.scenarios.runners`: each
candidate is its own network, and a problem on one scenario (the nexus) would gain nothing from
splitting scenarios. The three places to run are the runners' three, with the same options.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

import numpy as np

from arna.errors import InputError, SimulationError
from arna.optimise.evaluate import Context, Outcome, evaluate

__all__ = ["DaskEvaluator", "Evaluator", "LocalEvaluator", "ProcessEvaluator", "make_evaluator"]

Task = Callable[[Context, np.ndarray], Outcome]


class Evaluator(Protocol):
    """Evaluates a generation's candidates; outcomes in candidate order."""

    def map(self, xs: Sequence[np.ndarray]) -> list[Outcome]: ...

    def close(self) -> None: ...


class LocalEvaluator:
    """One after another in this process."""

    def __init__(self, ctx: Context, task: Task = evaluate) -> None:
        self.ctx, self.task = ctx, task

    def map(self, xs: Sequence[np.ndarray]) -> list[Outcome]:
        return [self.task(self.ctx, x) for x in xs]

    def close(self) -> None:
        pass


_WORKER: tuple[Context, Task] | None = None


def _init_worker(ctx: Context, task: Task) -> None:
    global _WORKER
    _WORKER = (ctx, task)


def _in_worker(x: np.ndarray) -> Outcome:
    assert _WORKER is not None
    ctx, task = _WORKER
    return task(ctx, x)


class ProcessEvaluator:
    """In ``workers`` local processes; a pool broken by a dead worker is replaced and the lost candidates
    evaluated again (up to ``retries`` times)."""

    def __init__(self, ctx: Context, workers: int, task: Task = evaluate, retries: int = 3) -> None:
        self.ctx, self.task, self.workers, self.retries = ctx, task, workers, retries
        self.restarts = 0
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # the model and problem go to each worker once; tasks carry only their decision vectors
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker,
                                             initargs=(self.ctx, self.task))
        return self._pool

    def map(self, xs: Sequence[np.ndarray]) -> list[Outcome]:
        done: dict[int, Outcome] = {}
        for attempt in range(self.retries + 1):
            todo = [i for i in range(len(xs)) if i not in done]
            if not todo:
                break
            if attempt:
                self.restarts += 1
            pool = self._get_pool()
            futures: dict[int, Future[Outcome]] = {i: pool.submit(_in_worker, xs[i]) for i in todo}
            if not self._collect(futures, done):
                pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
        if len(done) < len(xs):
            raise SimulationError(f"{len(xs) - len(done)} candidate(s) could not be evaluated: their worker "
                                  f"process died {self.retries + 1} times; check memory, or run with fewer --workers")
        return [done[i] for i in range(len(xs))]

    @staticmethod
    def _collect(futures: dict[int, Future[Outcome]], done: dict[int, Outcome]) -> bool:
        """Put the finished outcomes in ``done``; False if the pool broke (some are then missing)."""
        intact = True
        for i, fut in futures.items():
            try:
                done[i] = fut.result()
            except BrokenProcessPool:
                intact = False
        return intact

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


class DaskEvaluator:
    """As tasks on a Dask cluster; a task lost with its worker is run again by the scheduler."""

    def __init__(self, ctx: Context, address: str | object, task: Task = evaluate, retries: int = 3,
                 connect_timeout: float = 10.0) -> None:
        self.task, self.retries = task, retries
        self._client = _connect(address, connect_timeout)
        self._owned = self._client is not address
        self._ctx = self._client.scatter(ctx, broadcast=True)

    def map(self, xs: Sequence[np.ndarray]) -> list[Outcome]:
        futures = [self._client.submit(self.task, self._ctx, x, retries=self.retries, pure=False) for x in xs]
        return list(self._client.gather(futures))

    def close(self) -> None:
        if self._owned:
            self._client.close()


def _connect(address: str | object, timeout: float) -> Any:
    from distributed import Client

    if isinstance(address, Client):
        return address
    try:
        return Client(address, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at '{address}' within {timeout:g} s ({exc}); start one with "
            "`dask scheduler` (and workers with `dask worker ADDRESS`), or check the address") from None


def make_evaluator(ctx: Context, workers: int = 1, dask: str | None = None) -> Evaluator:
    """This process, ``workers`` local processes, or the Dask cluster at ``dask``."""
    if dask is not None:
        if workers != 1:
            raise InputError("give either --workers or --dask, not both")
        return DaskEvaluator(ctx, dask)
    return ProcessEvaluator(ctx, workers) if workers > 1 else LocalEvaluator(ctx)
