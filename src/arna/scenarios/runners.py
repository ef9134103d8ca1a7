"""Runners: where blocks of scenarios are solved. One protocol, three implementations.

A run is cut into *chunks* of whole blocks of scenarios (a block is the set of
scenarios sharing one block-diagonal LP, fixed by the network alone), so every
block is solved as the same LP whoever runs it: results are identical with one
process, N processes or a Dask cluster. Each runner asks for as many chunks as
keeps its workers busy; chunks go out as tasks and their results are put back
in scenario order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Protocol

import numpy as np

from arna.engine.assemble import Layout, build_layout
from arna.engine.blocks import default_block_size
from arna.engine.results import Results, collect
from arna.engine.simulate import simulate
from arna.errors import InputError
from arna.network.ir import LinearNetwork

Progress = Callable[[int, int], None]


def chunks(size: int, scenarios: Sequence[int], n_parts: int) -> list[list[int]]:
    """``n_parts`` (or fewer) balanced chunks of consecutive whole blocks of ``size`` scenarios."""
    s = list(scenarios)
    blocks = [s[i:i + size] for i in range(0, len(s), size)]
    n = max(1, min(n_parts, len(blocks)))
    bounds = np.linspace(0, len(blocks), n + 1).round().astype(int)
    return [[x for b in blocks[lo:hi] for x in b] for lo, hi in itertools.pairwise(bounds) if hi > lo]


Job = tuple[LinearNetwork, Layout, int]  # network, its layout, scenarios per block


def run_chunk(job: Job, scenarios: list[int]) -> Results:
    """Solve one chunk and evaluate its recorders (the task a worker runs)."""
    net, layout, block = job
    return collect(simulate(net, scenarios, layout=layout, block_size=block))


_WORKER_JOB: Job | None = None


def _set_worker_job(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _run_in_worker(scenarios: list[int]) -> Results:
    assert _WORKER_JOB is not None
    return run_chunk(_WORKER_JOB, scenarios)


class Runner(Protocol):
    """Runs chunks and yields ``(chunk index, results)`` as they complete."""

    def parts(self) -> int: ...

    def map(self, job: Job, parts: list[list[int]]) -> Iterator[tuple[int, Results]]: ...


class LocalRunner:
    """Everything in this process."""

    def parts(self) -> int:
        return 1

    def map(self, job: Job, parts: list[list[int]]) -> Iterator[tuple[int, Results]]:
        for i, part in enumerate(parts):
            yield i, run_chunk(job, part)


class ProcessRunner:
    """Chunks in ``workers`` local processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def parts(self) -> int:
        return self.workers

    def map(self, job: Job, parts: list[list[int]]) -> Iterator[tuple[int, Results]]:
        # the network goes to each worker once; tasks carry only their scenario lists
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_set_worker_job, initargs=(job,)) as pool:
            futures = {pool.submit(_run_in_worker, part): i for i, part in enumerate(parts)}
            for fut in as_completed(futures):
                yield futures[fut], fut.result()


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

    def map(self, job: Job, parts: list[list[int]]) -> Iterator[tuple[int, Results]]:
        from distributed import as_completed as dask_completed

        client = self._client()
        try:
            shared = client.scatter(job, broadcast=True)
            futures = [client.submit(run_chunk, shared, part, retries=self.retries, pure=False) for part in parts]
            index = {f.key: i for i, f in enumerate(futures)}
            for fut in dask_completed(futures):  # type: ignore[no-untyped-call]
                yield index[fut.key], fut.result()
        finally:
            if client is not self.address:
                client.close()


def run_network(
    net: LinearNetwork,
    scenarios: Sequence[int] | None = None,
    runner: Runner | None = None,
    progress: Progress | None = None,
) -> Results:
    """Run ``net`` for the given scenario indices with ``runner`` and merge the results."""
    scen = list(range(len(net.scenarios))) if scenarios is None else list(scenarios)
    runner = runner or LocalRunner()
    layout = build_layout(net)
    block = default_block_size(layout, len(scen))
    parts = chunks(block, scen, runner.parts())
    done: dict[int, Results] = {}
    for i, raw in runner.map((net, layout, block), parts):
        done[i] = raw
        if progress is not None:
            progress(sum(len(parts[k]) for k in done), len(scen))
    return merge([done[i] for i in range(len(parts))])


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
