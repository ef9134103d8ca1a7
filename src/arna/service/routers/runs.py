"""``/runs``: start (returns at once; a worker runs it; within the run budget and the user's quota),
status and progress (polling or server-sent events), cancel, list (paginated), results, indicators and
the HTML report (computed once per completed run and kept)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BeforeValidator, TypeAdapter
from starlette.concurrency import run_in_threadpool

from arna.errors import InputError
from arna.schema import ModelDocument
from arna.service import outputs
from arna.service.deps import Analyst, CacheDep, DBDep, SettingsDep, StoreDep, Viewer, WorkerDep, model_or_404
from arna.service.http import AUTHENTICATED, errors, invalid, too_many
from arna.service.limits import Slots, cost, timesteps, unique
from arna.service.schemas import RunInfo, StartRun
from arna.service.settings import Settings
from arna.service.worker import QuotaExceeded, RunWorker
from arna.store import RunRecord, RunStatus, RunStore
from arna.store.base import FINAL

router = APIRouter(prefix="/runs", tags=["runs"], responses=AUTHENTICATED)


def run_info(rec: RunRecord, worker: RunWorker) -> RunInfo:
    progress = worker.progress(rec.id)
    return RunInfo(id=rec.id, model_name=rec.model_name, status=rec.status, scenarios=rec.scenarios,
                   arna_version=rec.arna_version, created=rec.created, started=rec.started, finished=rec.finished,
                   balance_error=rec.balance_error, error=rec.error,
                   timesteps_done=None if progress is None else progress.done,
                   timesteps_total=None if progress is None else progress.total)


def find(store: RunStore, run_id: str) -> RunRecord:
    """The run's record; 404 if there is none."""
    try:
        return store.get(run_id)
    except InputError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None


def completed(store: RunStore, run_id: str) -> RunRecord:
    """The record of a completed run; 404 if unknown, 409 if it has no results."""
    rec = find(store, run_id)
    if rec.status != "completed":
        extra = f": {rec.error}" if rec.error else ""
        raise HTTPException(status.HTTP_409_CONFLICT, f"run '{run_id}' is {rec.status}{extra}; "
                            "only a completed run has results")
    return rec


@router.post("", status_code=status.HTTP_202_ACCEPTED, responses=errors(404, 429))
def start_run(body: StartRun, user: Analyst, db: DBDep, worker: WorkerDep, settings: SettingsDep) -> RunInfo:
    """Start a run of a model (uploaded or bundled); it is queued and a worker runs it. Poll ``/runs/{id}``.

    A scenario named twice runs once. Refused with 422 when the run would cost more than the service's
    budget (timesteps × scenarios × nodes, ``max_run_cells``) or ask for more than ``max_scenarios``;
    with 429 when the user already has ``max_active_runs_per_user`` runs queued or running."""
    found = model_or_404(db, body.model, body.version)
    known = found.doc.scenario_names()
    chosen = unique(body.scenarios) if body.scenarios else unique(known)
    unknown = [s for s in chosen if s not in known]
    if unknown:
        shown = ", ".join(known[:50]) + (", ..." if len(known) > 50 else "")
        raise invalid(("body", "scenarios"), f"model '{body.model}' has no scenario "
                      f"{', '.join(unknown[:10])}{', ...' if len(unknown) > 10 else ''}; it has: {shown}")
    check_budget(found.doc, chosen, settings)
    try:
        run_id = worker.start(found.doc, chosen, found.source, owner=user.name,
                              max_active=settings.max_active_runs_per_user)
    except QuotaExceeded as exc:
        raise too_many(str(exc), 30) from None
    return run_info(worker.store.get(run_id), worker)


def check_budget(doc: ModelDocument, chosen: list[str], settings: Settings) -> None:
    """422 if a run of ``chosen`` scenarios of ``doc`` costs more than the settings allow."""
    if len(chosen) > settings.max_scenarios:
        raise invalid(("body", "scenarios"), f"{len(chosen)} scenarios in one run; the most this service runs "
                      f"at once is {settings.max_scenarios} (ARNA_MAX_SCENARIOS): split them over several runs")
    steps = timesteps(doc)
    if steps > settings.max_timesteps:
        raise invalid(("body", "model"), f"this run would have {steps:,} timesteps ({doc.timestepper.start} to "
                      f"{doc.timestepper.end} by {doc.timestepper.step}), more than the {settings.max_timesteps:,} "
                      "this service allows (ARNA_MAX_TIMESTEPS); choose a shorter period or longer timesteps")
    cells = cost(doc, len(chosen))
    if cells > settings.max_run_cells:
        raise invalid(("body", "model"), f"this run would cost {cells:,} cells (timesteps × scenarios × nodes = "
                      f"{cells // (len(chosen) * max(1, len(doc.nodes))):,} × {len(chosen)} × {len(doc.nodes)}), "
                      f"more than the {settings.max_run_cells:,} this service allows one run (its administrator "
                      "sets ARNA_MAX_RUN_CELLS); run fewer scenarios, a shorter period or longer timesteps")


@router.get("", response_model=list[RunInfo])
async def list_runs(user: Viewer, store: StoreDep, worker: WorkerDep, settings: SettingsDep,
                    status: RunStatus | None = None, model: Annotated[str | None, Query(max_length=256)] = None,
                    limit: Annotated[int | None, Query(ge=1, description="Runs per page (at most the service's "
                                                       "max_page, 500 by default)")] = None,
                    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
                    order: Annotated[Literal["newest", "oldest"], Query(
                        description="newest first (the default: the first page holds the latest runs) or "
                        "oldest first")] = "newest") -> Response:
    """Runs, newest first (or ``order=oldest``), optionally only those with a status and/or of a model,
    one page at a time: ``limit`` runs from ``offset``. The header ``X-Total-Count`` says how many match."""
    rows = await run_in_threadpool(store.list, status, model)
    if order == "newest":
        rows.reverse()
    size = min(limit or settings.max_page, settings.max_page)
    page = _RUN_LIST.dump_json([run_info(r, worker) for r in rows[offset:offset + size]])
    return Response(page, media_type="application/json", headers={"X-Total-Count": str(len(rows))})


_RUN_LIST = TypeAdapter(list[RunInfo])


@router.get("/{run_id}", response_model=RunInfo, responses=errors(404))
async def get_run(run_id: str, user: Viewer, store: StoreDep, worker: WorkerDep, cache: CacheDep) -> Response:
    """A run's status and progress (timesteps done of the total, while this service runs it)."""
    body = cache.peek((run_id, "info"))
    if body is None:
        rec = await run_in_threadpool(find, store, run_id)
        body = run_info(rec, worker).model_dump_json().encode("utf-8")
        if rec.status in FINAL:  # an ended run never changes
            cache.put((run_id, "info"), body)
    return Response(body, media_type="application/json")


#: One server-sent event: ``event: run`` and the run (a :class:`RunInfo`) as JSON in ``data``.
_EVENT = {"type": "object", "required": ["event", "data"],
          "properties": {"event": {"type": "string", "enum": ["run"]}, "data": {"type": "string"}}}


@router.get("/{run_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {"schema": _EVENT}},
                             "description": "Events `run` carrying the run as JSON, until it has ended"},
                       **errors(404, 429)})
async def run_events(run_id: str, request: Request, user: Viewer, store: StoreDep, worker: WorkerDep,
                     interval: Annotated[float, Query(ge=0.05, le=10)] = 0.5) -> StreamingResponse:
    """A run's status and progress as server-sent events: one each time it changes (checked every
    ``interval`` seconds); the stream ends when the run has ended. A user may hold ``max_streams_per_user``
    streams open at once (429 past that). A stream holds no thread while it waits."""
    slots: Slots = request.app.state.streams
    if not slots.take(user.name):  # refused before anything else: a flood of streams costs no thread
        raise too_many(f"you have {slots.limit} progress streams open, the most one user may (the administrator "
                       "sets ARNA_MAX_STREAMS_PER_USER); close one, or poll GET /runs/{id}", 5)
    try:
        await run_in_threadpool(find, store, run_id)
    except BaseException:
        slots.give_back(user.name)
        raise
    return StreamingResponse(_events(request, store, worker, run_id, interval, slots, user.name),
                             media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


async def _events(request: Request, store: RunStore, worker: RunWorker, run_id: str, interval: float,
                  slots: Slots, user: str) -> AsyncIterator[str]:
    try:
        last = ""
        while not await request.is_disconnected():
            info = run_info(await run_in_threadpool(store.get, run_id), worker)
            data = info.model_dump_json()
            if data != last:
                yield f"event: run\ndata: {data}\n\n"
                last = data
            if info.status in FINAL:
                return
            await asyncio.sleep(interval)
    finally:
        slots.give_back(user)


@router.post("/{run_id}/cancel", responses=errors(404, 409))
def cancel_run(run_id: str, user: Analyst, store: StoreDep, worker: WorkerDep) -> RunInfo:
    """Cancel a queued or running run (409 if it has already ended)."""
    rec = find(store, run_id)
    try:
        worker.cancel(run_id)
    except InputError:
        raise HTTPException(status.HTTP_409_CONFLICT, f"run '{run_id}' is {rec.status}; it cannot be cancelled") \
            from None
    return run_info(store.get(run_id), worker)


def _iso(value: object) -> object:
    if isinstance(value, str) and not _ISO.match(value):
        raise ValueError("give an ISO date (2021-01-31) or date and time (2021-01-31T12:00:00Z)")
    return value


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A time filter: an ISO date or date-time (not a number of seconds, which pydantic would also read).
When = Annotated[dt.datetime | dt.date | None, BeforeValidator(_iso)]

_MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


@router.get("/{run_id}/results", response_model=None,
            responses={200: {"content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                                         "text/csv": {"schema": {"type": "string"}},
                                         "application/vnd.apache.parquet": {"schema": {"type": "string",
                                                                                       "format": "binary"}}},
                             "description": "The long table time, scenario, node, attribute, value, unit"},
                       **errors(404, 409)})
async def run_results(run_id: str, user: Viewer, store: StoreDep, cache: CacheDep,
                node: Annotated[list[str], Query(default_factory=list)],
                attribute: Annotated[list[str], Query(default_factory=list)],
                scenario: Annotated[list[str], Query(default_factory=list)],
                start: When = None, end: When = None,
                format: Literal["json", "csv", "parquet"] = "json") -> Response:
    """A completed run's results, filtered by node, attribute, scenario (each repeatable) and time
    (``start`` and ``end`` inclusive: ISO dates or date-times), as JSON rows, CSV or Parquet. A table
    asked for again is served from memory (a completed run never changes)."""
    low, high = _bound(start), _bound(end)

    def table() -> bytes:
        completed(store, run_id)
        frame = store.results(run_id, node=node or None, attribute=attribute or None, scenario=scenario or None,
                              start=low, end=high)
        if format == "csv":
            return outputs.csv_text(frame).encode("utf-8")
        if format == "parquet":
            return outputs.parquet_bytes(frame)
        return json.dumps(outputs.records(frame)).encode("utf-8")

    key = (run_id, "results", format, tuple(node), tuple(attribute), tuple(scenario), low, high)
    headers = {"Content-Disposition": f'attachment; filename="{run_id}.parquet"'} if format == "parquet" else None
    return Response(await cache.kept(key, table), media_type=_MEDIA[format], headers=headers)


_EARLIEST = dt.datetime(1678, 1, 1)  # within pandas's nanosecond timestamps
_LATEST = dt.datetime(2262, 4, 11)


def _bound(when: dt.datetime | dt.date | None) -> pd.Timestamp | None:
    """A time filter as the store takes it: UTC, and within the dates pandas can hold (a bound past them
    selects as much as the nearest one it can hold)."""
    if when is None:
        return None
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return pd.Timestamp(min(max(when, _EARLIEST), _LATEST))


@router.get("/{run_id}/indicators", response_model=dict[str, list[dict[str, Any]]], responses=errors(404, 409))
async def run_indicators(run_id: str, user: Viewer, store: StoreDep, cache: CacheDep) -> Response:
    """Headline indicators of a completed run: demands (deficits, reliability), hydropower, targets."""

    return Response(await cache.kept((run_id, "indicators"), lambda: indicators_body(store, run_id)),
                    media_type="application/json")


def indicators_body(store: RunStore, run_id: str) -> bytes:
    completed(store, run_id)
    return outputs.indicators_json(outputs.stored_results(store, run_id)[0])


@router.get("/{run_id}/report", response_model=None,
            responses={200: {"content": {"text/html": {"schema": {"type": "string"}}},
                             "description": "The report, one HTML file"}, **errors(404, 409)})
async def run_report(run_id: str, user: Viewer, store: StoreDep, cache: CacheDep,
                     lang: Literal["en", "ru", "kk"] = "en") -> HTMLResponse:
    """The self-contained HTML report of a completed run."""

    def render() -> bytes:
        completed(store, run_id)
        res, doc = outputs.stored_results(store, run_id)
        return outputs.report_html(res, doc, lang).encode("utf-8")

    return HTMLResponse(await cache.kept((run_id, "report", lang), render))
