"""What a worker process does once its run has simulated, so that completing the run costs the service
next to nothing.

A long run's results are large (200 daily years × 30 scenarios: 22 million rows of the long table), and
turning them into a results file, indicators and node states takes seconds of CPU holding the
interpreter lock. Done in the service's process, that starved the event loop (``GET /health`` waited
seconds) and its memory grew by gigabytes. So the worker process, which has the results in memory
already, does it (at its lower priority) and sends only :class:`Finished`: where the results are
(written to the store's staging path, or the results themselves for a store that cannot stage), and the
outputs the dashboard asks for first, ready to keep. The service then does one short store write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from arna.engine.longtable import write_results
from arna.engine.results import Results
from arna.errors import ArnaError
from arna.scenarios.isolated import error_message
from arna.schema import ModelDocument
from arna.service import outputs


@dataclass(frozen=True)
class Finished:
    """A run that simulated: its balance error and timings, its results (``None``: written to the
    store's staging path) and outputs computed from them (``"indicators"``, ``"state"``: the bodies of
    those routes), each at most the size the service keeps."""

    balance_error: float
    timings: dict[str, float]
    results: Results | None = None
    outputs: dict[str, bytes] = field(default_factory=dict)


def finish(res: Results, doc: ModelDocument, staging_path: Path | None, output_limit: int) -> Finished:
    """In the worker process: write ``res`` to ``staging_path`` (if given) and compute the outputs."""
    if staging_path is not None:
        try:
            write_results(res, staging_path)
        except Exception as exc:
            raise ArnaError(f"storing the results failed: {error_message(exc)}") from exc
    return Finished(balance_error=float(res.balance_error), timings={k: float(v) for k, v in res.timings.items()},
                    results=None if staging_path is not None else res, outputs=made_outputs(doc, res, output_limit))


def made_outputs(doc: ModelDocument, res: Results, limit: int) -> dict[str, bytes]:
    """The bodies of ``/indicators`` and ``/state`` for ``res``, those that come out at most ``limit``
    bytes. One that fails is left out: it is only a head start, a request computes it and says why."""
    makers: dict[str, Callable[[], bytes]] = {"indicators": lambda: outputs.indicators_json(res),
                                              "state": lambda: outputs.state_json(doc, res)}
    made: dict[str, bytes] = {}
    for name, make in makers.items():
        with contextlib.suppress(Exception):
            body = make()
            if len(body) <= limit:
                made[name] = body
    return made
