"""A stored run's results as the API returns them: tables, indicators and the HTML report."""

from __future__ import annotations

import io
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from starlette.concurrency import run_in_threadpool

from arna.engine.results import Results, results_from_frame
from arna.indicators.summary import summary_tables
from arna.indicators.yearly import yearly_tables
from arna.network.timeaxis import time_axis
from arna.report import render_report
from arna.schema import ModelDocument, model_from_mapping
from arna.schema.nodes import ReservoirNode
from arna.schema.quantities import constant_in
from arna.schema.units import Dimension
from arna.service.schemas import NodeState, RunState
from arna.store import RunStore


def stored_document(store: RunStore, run_id: str) -> ModelDocument:
    data: dict[str, Any] = json.loads(store.model_document(run_id))
    return model_from_mapping(data, f"run {run_id}")


def stored_results(store: RunStore, run_id: str) -> tuple[Results, ModelDocument]:
    """A completed run's results rebuilt from the store, with its model document."""
    frame = store.results(run_id)
    doc = stored_document(store, run_id)
    res = results_from_frame(frame, None, name=doc.name)
    timesteps, days = time_axis(doc.timestepper)
    index = timesteps.get_indexer(res.timesteps)
    if (index >= 0).all():
        res.days = np.asarray(days, dtype=float)[index]
    return res, doc


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-ready rows (times in ISO 8601, NaN and infinities as null)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
    rows: list[dict[str, Any]] = out.astype(object).to_dict(orient="records")  # type: ignore[assignment]
    return [{str(k): _clean(v) for k, v in row.items()} for row in rows]


def csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False)


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def indicators(res: Results) -> dict[str, list[dict[str, Any]]]:
    """The headline tables (demands, hydropower, targets) of a run and its year-by-year tables (deficit at all
    demands, hm³; inflow to terminal lakes, km³; hydropower, GWh; per calendar year and scenario), as rows."""
    tables = {name: records(table) for name, table in summary_tables(res).items()}
    tables.update({name: records(table) for name, table in yearly_tables(res).items()})
    return tables


def indicators_json(res: Results) -> bytes:
    """The body of ``GET /runs/{id}/indicators``: :func:`indicators` as JSON."""
    return json_bytes(indicators(res))


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(whole > 1e-9, part / np.where(whole > 1e-9, whole, 1.0), 0.0)
    return np.clip(out, 0.0, 1.0)


def _column(values: np.ndarray) -> list[float | None]:
    return [float(v) if np.isfinite(v) else None for v in values]


def node_states(doc: ModelDocument, res: Results) -> RunState:
    """Deficit share of every demand and fill of every reservoir, per scenario and timestep.

    A reservoir's fill is its volume over its capacity when the capacity is a constant, else over the
    largest volume it reached in the run.
    """
    nodes: list[NodeState] = []
    for n in doc.nodes:
        if res.has(n.name, "deficit") and res.has(n.name, "demand"):
            share = _share(res.get(n.name, "deficit"), res.get(n.name, "demand"))
            metric: Literal["deficit_share", "fill"] = "deficit_share"
        elif isinstance(n, ReservoirNode) and res.has(n.name, "volume"):
            volume = res.get(n.name, "volume")
            cap = constant_in(n.capacity, Dimension.VOLUME)
            share = _share(volume, np.full_like(volume, cap if cap else float(np.nanmax(volume))))
            metric = "fill"
        else:
            continue
        values = {scen: _column(share[:, k]) for k, scen in enumerate(res.scenarios)}
        nodes.append(NodeState(name=n.name, kind=n.type, metric=metric, values=values))
    times = [t.strftime("%Y-%m-%dT%H:%M:%S") for t in res.timesteps]
    return RunState(times=times, scenarios=list(res.scenarios), nodes=nodes)


def state_json(doc: ModelDocument, res: Results) -> bytes:
    """The body of ``GET /runs/{id}/state``: :func:`node_states` as JSON."""
    return node_states(doc, res).model_dump_json().encode("utf-8")


def report_html(res: Results, doc: ModelDocument, lang: str) -> str:
    return render_report(res, doc, lang=lang)


class OutputCache:
    """What the service computed from completed runs (indicators, node states, reports, results tables:
    bytes), kept up to ``max_bytes`` in total (none bigger than ``max_entry``), least recently used
    dropped first. A completed run never changes, so
    an entry never goes stale. Requests for one key at once compute it once: the others wait for it.
    """

    def __init__(self, max_bytes: int = 256_000_000, max_entry: int = 32_000_000) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._computing: dict[Hashable, threading.Lock] = {}
        self.computed = 0

    def get(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """The bytes kept under ``key``, computing them with ``compute`` the first time."""
        found = self._lookup(key)
        if found is not None:
            return found
        with self._lock:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            found = self._lookup(key)
            if found is not None:
                return found
            value = compute()
            with self._lock:
                self.computed += 1
                self._computing.pop(key, None)
                if len(value) <= self.max_entry:  # a whole long daily run's table is not worth keeping
                    self._entries[key] = value
                    self._size += len(value)
                    while self._size > self.max_bytes:
                        _, dropped = self._entries.popitem(last=False)
                        self._size -= len(dropped)
            return value

    def keep_outputs(self, run_id: str, made: Mapping[str, bytes]) -> None:
        """Keep the outputs a worker process computed for completed run ``run_id``, by route
        (``{"indicators": ..., "state": ...}``: the keys ``(run_id, name)`` the routes use)."""
        for name, body in made.items():
            self.put((run_id, name), body)

    def peek(self, key: Hashable) -> bytes | None:
        """The bytes kept under ``key``, or ``None`` (nothing computed)."""
        return self._lookup(key)

    def put(self, key: Hashable, value: bytes) -> None:
        """Keep ``value`` under ``key`` (if it is not over ``max_entry``)."""
        self.get(key, lambda: value)

    async def kept(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """:meth:`get` for a coroutine: what is kept is answered in the event loop, without a thread;
        only computing it goes to the thread pool."""
        found = self._lookup(key)
        return found if found is not None else await run_in_threadpool(self.get, key, compute)

    def _lookup(self, key: Hashable) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found


def json_bytes(data: Any) -> bytes:
    """JSON as the API sends it (NaN and infinities must already be null)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
