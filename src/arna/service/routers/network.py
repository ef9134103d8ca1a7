"""What the dashboard draws beyond the raw results: a model's network (for the schematic), the state of
each node per timestep (deficit share of demands, fill of reservoirs) and transboundary compliance."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel

from arna.engine.results import Results
from arna.errors import InputError
from arna.indicators.transboundary import agreement_compliance, agreements, border_flows_annual
from arna.report.figures import auto_positions
from arna.schema import ModelDocument
from arna.service import outputs
from arna.service.deps import CacheDep, DBDep, StoreDep, Viewer, model_or_404
from arna.service.http import AUTHENTICATED, errors
from arna.service.routers.runs import completed, find
from arna.service.schemas import RunState, ScenarioInfo
from arna.store import RunStore

router = APIRouter(tags=["dashboard"], responses=AUTHENTICATED)


class NetworkNode(BaseModel):
    """A node of the schematic: its kind (the document's ``type``), display names by language (``labels``,
    from the document) and where to draw it."""

    name: str
    kind: str
    description: str = ""
    labels: dict[str, str] = {}
    x: float
    y: float


class PeriodInfo(BaseModel):
    """A period of an agreement: ``key`` is how the compliance tables name it, ``labels`` its translations."""

    key: str
    labels: dict[str, str] = {}


class AgreementInfo(BaseModel):
    """An agreement of ``metadata.agreements``: ``key`` is how the compliance tables name it (its name, else
    ``agreement <number>``); ``labels`` and ``description_labels`` translate its name and description."""

    key: str
    number: int
    name: str | None = None
    labels: dict[str, str] = {}
    description: str = ""
    description_labels: dict[str, str] = {}
    source: str = ""
    periods: list[PeriodInfo] = []


class Network(BaseModel):
    """A model's nodes and edges; ``positions`` says whether the coordinates are the document's
    (every node has a ``position``) or an automatic layered layout; ``returns`` are the return flows
    (demand, the node its ``return_to`` names). The model's, its scenarios' and its agreements' names and
    descriptions come with their translations by language."""

    model: str
    positions: Literal["document", "automatic"]
    nodes: list[NetworkNode]
    edges: list[tuple[str, str]]
    labels: dict[str, str] = {}
    description: str = ""
    description_labels: dict[str, str] = {}
    scenarios: list[ScenarioInfo] = []
    agreements: list[AgreementInfo] = []
    returns: list[tuple[str, str]] = []


def network_of(doc: ModelDocument) -> Network:
    """The schematic of ``doc``: the document's coordinates if every node has one, else an automatic layout."""
    names = [n.name for n in doc.nodes]
    edges = [(a, b) for a, b in doc.edges]
    placed = all(n.position is not None for n in doc.nodes)
    xy = [n.position or (0.0, 0.0) for n in doc.nodes] if placed else auto_positions(names, edges)
    nodes = [NetworkNode(name=n.name, kind=n.type, description=n.description or "", labels=dict(n.labels or {}),
                         x=float(x), y=float(y))
             for n, (x, y) in zip(doc.nodes, xy, strict=True)]
    scenarios = [ScenarioInfo(name=sc.name, description=sc.description or "", labels=dict(sc.labels or {}),
                              description_labels=dict(sc.description_labels or {})) for sc in doc.scenarios]
    returns = [(n.name, ret) for n in doc.nodes if (ret := getattr(n, "return_to", None))]
    return Network(model=doc.name, positions="document" if placed else "automatic", nodes=nodes, edges=edges,
                   labels=dict(doc.labels or {}), description=doc.description or "",
                   description_labels=dict(doc.description_labels or {}), scenarios=scenarios,
                   agreements=_agreement_infos(doc), returns=returns)


def _agreement_infos(doc: ModelDocument) -> list[AgreementInfo]:
    try:
        listed = agreements(doc)
    except InputError:
        return []  # a malformed schedule: the transboundary route says why
    return [AgreementInfo(key=a.name or f"agreement {i + 1}", number=i + 1, name=a.name, labels=dict(a.labels or {}),
                          description=a.description or "", description_labels=dict(a.description_labels or {}),
                          source=a.source or "",
                          periods=[PeriodInfo(key=p.label(), labels=dict(p.labels or {})) for p in a.periods])
            for i, a in enumerate(listed)]


_RECENT: OrderedDict[tuple[int, str], tuple[Results, ModelDocument]] = OrderedDict()
_RECENT_LOCK = threading.Lock()


def _completed_results(store: RunStore, run_id: str) -> tuple[Results, ModelDocument]:
    """A completed run's results and document, the last few kept for the next request: the dashboard asks
    for a run's states and transboundary tables together, and a completed run never changes."""
    key = (id(store), run_id)
    with _RECENT_LOCK:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    found = outputs.stored_results(store, run_id)
    with _RECENT_LOCK:
        _RECENT[key] = found
        while len(_RECENT) > 4:
            _RECENT.popitem(last=False)
    return found


@router.get("/models/{name}/network", responses=errors(404))
def model_network(name: str, user: Viewer, db: DBDep, version: int | None = None) -> Network:
    """A model's network for a schematic: nodes with their kind and coordinates, and edges."""
    found = model_or_404(db, name, version)
    return network_of(found.doc)


@router.get("/runs/{run_id}/network", responses=errors(404))
def run_network(run_id: str, user: Viewer, store: StoreDep) -> Network:
    """The network of the model document a run was made with."""
    find(store, run_id)
    return network_of(outputs.stored_document(store, run_id))


@router.get("/runs/{run_id}/state", response_model=RunState, responses=errors(404, 409))
async def run_state(run_id: str, user: Viewer, store: StoreDep, cache: CacheDep) -> Response:
    """A completed run's node states per scenario and timestep, to colour the schematic (computed once)."""

    return Response(await cache.kept((run_id, "state"), lambda: state_body(store, run_id)),
                    media_type="application/json")


def state_body(store: RunStore, run_id: str) -> bytes:
    completed(store, run_id)
    res, doc = _completed_results(store, run_id)
    return outputs.state_json(doc, res)


@router.get("/runs/{run_id}/transboundary", response_model=dict[str, list[dict[str, Any]]],
            responses=errors(404, 409))
async def run_transboundary(run_id: str, user: Viewer, store: StoreDep, cache: CacheDep) -> Response:
    """A completed run's transboundary tables: ``compliance`` with the agreements in the document's
    ``metadata.agreements`` (per scenario, border and agreement) and ``border_flows`` per year."""

    def compute() -> bytes:
        completed(store, run_id)
        res, doc = _completed_results(store, run_id)
        compliance = agreement_compliance(doc, res)
        # the volume short over every period of the run, as a mean per year (it would read as annual)
        compliance["volume_short_hm3"] = compliance["volume_short_hm3"] / (float(res.days.sum()) / 365.25)
        compliance = compliance.rename(columns={"volume_short_hm3": "volume_short_hm3_per_year"})
        return outputs.json_bytes({"compliance": outputs.records(compliance),
                                   "border_flows": outputs.records(border_flows_annual(doc, res))})

    return Response(await cache.kept((run_id, "transboundary"), compute), media_type="application/json")
