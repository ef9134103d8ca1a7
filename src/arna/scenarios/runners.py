"""Runners: where blocks of scenarios are solved. One protocol, three implementations.

A run is cut into *chunks* of whole blocks of scenarios (a block is the set of
scenarios sharing one block-diagonal LP, fixed by the network alone), so every
block is solved as the same LP whoever runs it: results are identical with one
process, N processes or a Dask cluster. Each runner asks for as many chunks as
keeps its workers busy; chunks go out as tasks and their results are put back
in scenario order.

Progress is counted in scenario-timesteps (a chunk of ``k`` scenarios that has done ``t`` timesteps
has done ``k·t``), so it moves with the work whoever does it: local chunks report every timestep,
worker processes every few timesteps through a queue, Dask tasks when they finish. Workers send
back :class:`Results` (arrays and names), never data frames.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

import numpy as np

from arna.engine.arrays import zeroed
from arna.engine.assemble import Layout, build_layout
from arna.engine.blocks import block_sizes
from arna.engine.results import Results, collect, series_names, shell
from arna.engine.simulate import simulate
from arna.errors import InputError
from arna.network.ir import LinearNetwork

Progress = Callable[[int, int], None]
StepProgress = Callable[[int, int], None]  # (chunk index, timesteps that chunk has done)


def chunks(sizes: Sequence[int], scenarios: Sequence[int], n_parts: int) -> list[list[int]]:
    """``n_parts`` (or fewer) balanced chunks of consecutive whole blocks (of ``sizes`` scenarios, in order)."""
    s = list(scenarios)
    starts = list(itertools.accumulate(sizes, initial=0))
    blocks = [s[lo:hi] for lo, hi in itertools.pairwise(starts)]
    n = max(1, min(n_parts, len(blocks)))
    bounds = np.linspace(0, len(blocks), n + 1).round().astype(int)
    return [[x for b in blocks[lo:hi] for x in b] for lo, hi in itertools.pairwise(bounds) if hi > lo]


Job = tuple[LinearNetwork, Layout, tuple[int, ...]]  # network, its layout, the run's block sizes in order


def run_chunk(job: Job, scenarios: list[int], progress: Progress | None = None,
              into: np.ndarray | None = None, start: int = 0) -> Results:
    """Solve one chunk and evaluate its recorders (the task a worker runs).

    ``start``: where the chunk begins in the run's scenarios (it holds the whole blocks from there).
    ``into``: the chunk's ``(T, n_series, k)`` slice of a larger array; the results are recorded
    there (and the returned :class:`Results` holds that view).
    """
    net, layout, sizes = job
    direct = None if into is None else into[:, :len(net.recorders), :]
    res = collect(simulate(net, scenarios, layout=layout, block_size=chunk_sizes(sizes, start, len(scenarios)),
                           progress=progress, recorded=direct))
    if into is not None and not np.shares_memory(into, res.values):
        into[...] = res.values  # post-run recorders (levels, energy) are computed after the run
        res.values = into
    return res


def chunk_sizes(sizes: Sequence[int], start: int, n: int) -> list[int]:
    """The sizes of the whole blocks that make up the run's scenarios ``start`` to ``start + n``."""
    ends = list(itertools.accumulate(sizes, initial=0))
    if start not in ends or start + n not in ends:
        raise ValueError(f"scenarios {start} to {start + n} are not whole blocks of {list(sizes)}")
    return list(sizes[ends.index(start):ends.index(start + n)])


_WORKER_JOB: Job | None = None
_WORKER_QUEUE: Any = None
_WORKER_OUT: np.ndarray | None = None
REPORT_EVERY = 0.05  # seconds between a worker's progress messages (the results file's writer follows them)


def _set_worker_job(job: Job, progress_queue: Any = None, out: np.ndarray | None = None) -> None:
    global _WORKER_JOB, _WORKER_QUEUE, _WORKER_OUT
    _WORKER_JOB = job
    _WORKER_QUEUE = progress_queue
    _WORKER_OUT = out


def _run_in_worker(index: int, scenarios: list[int], start: int = 0) -> Results:
    assert _WORKER_JOB is not None
    sent = [time.monotonic()]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if _WORKER_QUEUE is not None and (done == total or now - sent[0] >= REPORT_EVERY):
            sent[0] = now
            _WORKER_QUEUE.put((index, done))

    if _WORKER_OUT is None:
        return run_chunk(_WORKER_JOB, scenarios, report, start=start)
    res = run_chunk(_WORKER_JOB, scenarios, report, _WORKER_OUT[:, :, start:start + len(scenarios)], start)
    res.values = np.zeros((0, 0, 0))  # already in the shared array: nothing to send back
    return res


class Runner(Protocol):
    """Runs chunks and yields ``(chunk index, results)`` as they complete.

    ``out``: the whole run's ``(T, n_series, S)`` array (from :meth:`array`), which chunks record into
    (``None``: chunks send their results back).
    """

    def parts(self) -> int: ...

    def array(self, shape: tuple[int, int, int]) -> np.ndarray | None: ...

    def map(self, job: Job, parts: list[list[int]], progress: StepProgress | None = None,
            out: np.ndarray | None = None) -> Iterator[tuple[int, Results]]: ...


def _starts(parts: list[list[int]]) -> list[int]:
    return np.cumsum([0] + [len(p) for p in parts]).tolist()


class LocalRunner:
    """Everything in this process."""

    def parts(self) -> int:
        return 1

    def array(self, shape: tuple[int, int, int]) -> np.ndarray | None:
        return zeroed(shape)

    def map(self, job: Job, parts: list[list[int]], progress: StepProgress | None = None,
            out: np.ndarray | None = None) -> Iterator[tuple[int, Results]]:
        starts = _starts(parts)
        for i, part in enumerate(parts):
            step = None if progress is None else _for_chunk(progress, i)
            into = None if out is None else out[:, :, starts[i]:starts[i + 1]]
            yield i, run_chunk(job, part, step, into, starts[i])


def _for_chunk(progress: StepProgress, index: int) -> Progress:
    return lambda done, total: progress(index, done)


class ProcessRunner:
    """Chunks in ``workers`` local worker processes; this process gathers their progress and results.

    The workers are forked with the network, so tasks carry only their scenario lists; they record
    straight into an array shared with this process (nothing travels back), or, where processes are
    not forked, send back their chunk's arrays (pickled :class:`Results`, never data frames). This
    process solves nothing itself: it reports progress and feeds a results file's writer thread, so
    that writing shares the cores evenly with the workers instead of slowing one of them down.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def parts(self) -> int:
        return self.workers

    def array(self, shape: tuple[int, int, int]) -> np.ndarray | None:
        """Shared with forked workers, so that they record straight into it (nothing travels back)."""
        return zeroed(shape, shared=True) if multiprocessing.get_start_method() == "fork" else None

    def map(self, job: Job, parts: list[list[int]], progress: StepProgress | None = None,
            out: np.ndarray | None = None) -> Iterator[tuple[int, Results]]:
        if len(parts) == 1 or self.workers == 1:
            yield from LocalRunner().map(job, parts, progress, out)
            return
        ctx = multiprocessing.get_context()
        steps: Any = ctx.Queue() if progress is not None else None
        starts = _starts(parts)
        shared = out if ctx.get_start_method() == "fork" else None
        with ProcessPoolExecutor(max_workers=min(self.workers, len(parts)), mp_context=ctx,
                                 initializer=_set_worker_job, initargs=(job, steps, shared)) as pool:
            futures: dict[Future[Results], int] = {pool.submit(_run_in_worker, i, part, starts[i]): i
                                                   for i, part in enumerate(parts)}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, timeout=REPORT_EVERY, return_when=FIRST_COMPLETED)
                _drain(steps, progress)
                for fut in finished:
                    i = futures[fut]
                    res = fut.result()
                    if shared is not None:
                        res.values = shared[:, :, starts[i]:starts[i + 1]]
                    yield i, res


def _drain(steps: Any, progress: StepProgress | None) -> None:
    """Pass on the progress messages the workers have sent so far."""
    if steps is None or progress is None:
        return
    while True:
        try:
            index, done = steps.get_nowait()
        except queue.Empty:
            return
        progress(index, done)


CONNECT_TIMEOUT = 10
"""Seconds to wait for a Dask scheduler before saying it cannot be reached."""


class DaskRunner:
    """Chunks as tasks on a Dask distributed cluster; a task lost with its worker is retried."""

    def __init__(self, address: str | object, retries: int = 3, parts_per_worker: int = 4,
                 connect_timeout: float = CONNECT_TIMEOUT) -> None:
        self.address = address
        self.connect_timeout = connect_timeout
        self.retries = retries
        self.parts_per_worker = parts_per_worker

    def _client(self) -> Any:
        """The given client, or one connected to the scheduler's address (an InputError if unreachable)."""
        from distributed import Client

        if isinstance(self.address, Client):
            return self.address
        try:
            return Client(self.address, timeout=self.connect_timeout)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                f"cannot reach the Dask scheduler at '{self.address}' within {self.connect_timeout:g} s ({exc}); "
                "start one with `dask scheduler` (and workers with `dask worker ADDRESS`), or check the address"
            ) from None

    def parts(self) -> int:
        client = self._client()
        try:
            return max(1, len(client.scheduler_info().get("workers", {})) * self.parts_per_worker)
        finally:
            if client is not self.address:
                client.close()

    def array(self, shape: tuple[int, int, int]) -> np.ndarray | None:
        return None  # tasks send their results back; they are merged as they arrive

    def map(self, job: Job, parts: list[list[int]], progress: StepProgress | None = None,
            out: np.ndarray | None = None) -> Iterator[tuple[int, Results]]:
        from distributed import as_completed as dask_completed

        client = self._client()
        try:
            # the job travels with each task rather than scattered once: a scattered copy can be lost with
            # the worker that held it while it replicates, and every task needing it is then cancelled
            starts = _starts(parts)
            futures = [client.submit(run_chunk, job, part, start=starts[i], retries=self.retries, pure=False)
                       for i, part in enumerate(parts)]
            index = {f.key: i for i, f in enumerate(futures)}
            for fut in dask_completed(futures):  # type: ignore[no-untyped-call]
                yield index[fut.key], fut.result()
        finally:
            if client is not self.address:
                client.close()


class Sink(Protocol):
    """Takes a run's results as it goes (e.g. :class:`arna.engine.longtable.ResultsFile`)."""

    def start(self, res: Results) -> None: ...

    def advance(self, done: int) -> None: ...


def run_network(
    net: LinearNetwork,
    scenarios: Sequence[int] | None = None,
    runner: Runner | None = None,
    progress: Progress | None = None,
    sink: Sink | None = None,
) -> Results:
    """Run ``net`` for the given scenario indices with ``runner`` and merge the results.

    ``progress(done, total)`` counts scenario-timesteps. ``timings['run']`` of the result is the wall
    time of the whole run (workers included), ``timings['solve']`` the time all chunks spent in HiGHS.
    ``sink`` is given the results as the run goes: started with the run's :class:`Results` before the
    first timestep, then told after each timestep how many every scenario has done — or, for a run with
    series computed after the run (levels, energy, constituents) or on a runner that sends results
    back whole, started and told at the end.
    """
    start = time.perf_counter()
    scen = list(range(len(net.scenarios))) if scenarios is None else list(scenarios)
    runner = runner or LocalRunner()
    layout = build_layout(net)
    sizes = tuple(block_sizes(layout, len(scen)))
    parts = chunks(sizes, scen, runner.parts())
    n_t = len(net.timesteps)
    names = series_names(net)
    out = runner.array((n_t, len(names), len(scen))) if net.quality is None else None
    live = sink if sink is not None and out is not None and not net.derived else None
    if live is not None and out is not None:
        live.start(shell(net, scen, names, out))
    steps = [0] * len(parts)

    def step(index: int, done: int) -> None:
        steps[index] = max(steps[index], done)  # a late message from a worker never moves it back
        if live is not None:  # first, so that a slow progress display never holds the file back
            live.advance(min(steps))
        if progress is not None:
            progress(sum(len(p) * k for p, k in zip(parts, steps, strict=True)), len(scen) * n_t)

    merged = _Merge(parts, out)
    for i, part in runner.map((net, layout, sizes), parts, step, out):
        merged.add(i, part)
        step(i, n_t)
    res = merged.result()
    res.timings["loop"] = res.timings.get("run", 0.0)  # the chunks' time loops, added up
    res.timings["run"] = time.perf_counter() - start
    if sink is not None and live is None:
        sink.start(res)
        sink.advance(n_t)
    return res


class _Merge:
    """Chunks' results placed into one array as they arrive (never two copies of the whole run)."""

    def __init__(self, parts: list[list[int]], whole: np.ndarray | None = None) -> None:
        self.parts = parts
        self.starts = np.cumsum([0] + [len(p) for p in parts])
        self.done: dict[int, Results] = {}
        self.values: np.ndarray | None = whole  # the runner's own whole array, already filled in
        self.filled = whole is not None

    def add(self, index: int, part: Results) -> None:
        if len(self.parts) == 1 or self.filled:
            self.done[index] = part
            return
        if self.values is None:
            n_t, n_r, _ = part.values.shape
            self.values = np.empty((n_t, n_r, int(self.starts[-1])))
        self.values[:, :, self.starts[index]:self.starts[index + 1]] = part.values
        part.values = np.zeros((0, 0, 0))
        self.done[index] = part

    def result(self) -> Results:
        parts = [self.done[i] for i in range(len(self.parts))]
        if self.values is None:
            return parts[0]
        first = parts[0]
        return Results(
            name=first.name, timesteps=first.timesteps, scenarios=[s for p in parts for s in p.scenarios],
            series=first.series, values=self.values, balance_error=max(p.balance_error for p in parts),
            days=first.days, timings={k: sum(p.timings.get(k, 0.0) for p in parts) for k in first.timings},
        )


def merge(parts: list[Results]) -> Results:
    """Results of consecutive chunks as one run (scenario axis last)."""
    first = parts[0]
    if len(parts) == 1:
        return first
    return Results(
        name=first.name,
        timesteps=first.timesteps,
        scenarios=[s for p in parts for s in p.scenarios],
        series=first.series,
        values=np.concatenate([p.values for p in parts], axis=2),
        balance_error=max(p.balance_error for p in parts),
        days=first.days,
        timings={k: sum(p.timings.get(k, 0.0) for p in parts) for k in first.timings},
        quality_error=None if first.quality_error is None else max(p.quality_error or 0.0 for p in parts),
    )
