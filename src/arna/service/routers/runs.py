"""``/runs``: start (returns at once; a worker runs it), status and progress (polling or server-sent
events), cancel, list, results, indicators and the HTML report."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi.responses import HTMLResponse, StreamingResponse

from arna.errors import InputError
from arna.service import outputs
from arna.service.deps import Analyst, DBDep, StoreDep, Viewer, WorkerDep, model_or_404
from arna.service.schemas import RunInfo, StartRun
from arna.service.worker import RunWorker
from arna.store import RunRecord, RunStatus, RunStore
from arna.store.base import FINAL

router = APIRouter(prefix="/runs", tags=["runs"])


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


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def start_run(body: StartRun, user: Analyst, db: DBDep, worker: WorkerDep) -> RunInfo:
    """Start a run of a model (uploaded or bundled); it is queued and a worker runs it. Poll ``/runs/{id}``."""
    found = model_or_404(db, body.model, body.version)
    unknown = [s for s in body.scenarios or [] if s not in found.doc.scenario_names()]
    if unknown:
        raise HTTPException(422,
                            f"model '{body.model}' has no scenario {', '.join(unknown)}; "
                            f"it has: {', '.join(found.doc.scenario_names())}")
    run_id = worker.start(found.doc, body.scenarios, found.source)
    return run_info(worker.store.get(run_id), worker)


@router.get("")
def list_runs(user: Viewer, store: StoreDep, worker: WorkerDep,
              status: RunStatus | None = None, model: str | None = None) -> list[RunInfo]:
    """Runs, oldest first, optionally only those with a status and/or of a model."""
    return [run_info(r, worker) for r in store.list(status=status, model_name=model)]


@router.get("/{run_id}")
def get_run(run_id: str, user: Viewer, store: StoreDep, worker: WorkerDep) -> RunInfo:
    """A run's status and progress (timesteps done of the total, while this service runs it)."""
    return run_info(find(store, run_id), worker)


@router.get("/{run_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}},
                             "description": "Events `run` carrying the run as JSON, until it has ended"}})
def run_events(run_id: str, user: Viewer, store: StoreDep, worker: WorkerDep,
               interval: Annotated[float, Query(ge=0.05, le=10)] = 0.5) -> StreamingResponse:
    """A run's status and progress as server-sent events: one each time it changes (checked every
    ``interval`` seconds); the stream ends when the run has ended."""
    find(store, run_id)

    def stream() -> Iterator[str]:
        last = ""
        while True:
            info = run_info(store.get(run_id), worker)
            data = info.model_dump_json()
            if data != last:
                yield f"event: run\ndata: {data}\n\n"
                last = data
            if info.status in FINAL:
                return
            time.sleep(interval)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


@router.post("/{run_id}/cancel")
def cancel_run(run_id: str, user: Analyst, store: StoreDep, worker: WorkerDep) -> RunInfo:
    """Cancel a queued or running run (409 if it has already ended)."""
    rec = find(store, run_id)
    try:
        worker.cancel(run_id)
    except InputError:
        raise HTTPException(status.HTTP_409_CONFLICT, f"run '{run_id}' is {rec.status}; it cannot be cancelled") \
            from None
    return run_info(store.get(run_id), worker)


_MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


@router.get("/{run_id}/results", response_model=None,
            responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/vnd.apache.parquet": {}},
                             "description": "The long table time, scenario, node, attribute, value, unit"}})
def run_results(run_id: str, user: Viewer, store: StoreDep,
                node: Annotated[list[str] | None, Query()] = None,
                attribute: Annotated[list[str] | None, Query()] = None,
                scenario: Annotated[list[str] | None, Query()] = None,
                start: str | None = None, end: str | None = None,
                format: Literal["json", "csv", "parquet"] = "json") -> Response:
    """A completed run's results, filtered by node, attribute, scenario (each repeatable) and time
    (``start`` and ``end`` inclusive), as JSON rows, CSV or Parquet."""
    completed(store, run_id)
    frame = store.results(run_id, node=node, attribute=attribute, scenario=scenario, start=start, end=end)
    if format == "csv":
        return Response(outputs.csv_text(frame), media_type=_MEDIA["csv"])
    if format == "parquet":
        return Response(outputs.parquet_bytes(frame), media_type=_MEDIA["parquet"],
                        headers={"Content-Disposition": f'attachment; filename="{run_id}.parquet"'})
    return Response(json.dumps(outputs.records(frame)), media_type=_MEDIA["json"])


@router.get("/{run_id}/indicators")
def run_indicators(run_id: str, user: Viewer, store: StoreDep) -> dict[str, list[dict[str, Any]]]:
    """Headline indicators of a completed run: demands (deficits, reliability), hydropower, targets."""
    completed(store, run_id)
    res, _ = outputs.stored_results(store, run_id)
    return outputs.indicators(res)


@router.get("/{run_id}/report", response_class=HTMLResponse)
def run_report(run_id: str, user: Viewer, store: StoreDep,
               lang: Literal["en", "ru", "kk"] = "en") -> HTMLResponse:
    """The self-contained HTML report of a completed run."""
    completed(store, run_id)
    res, doc = outputs.stored_results(store, run_id)
    return HTMLResponse(outputs.report_html(res, doc, lang))
