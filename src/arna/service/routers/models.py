"""``/models``: upload (validated, within limits), list, get, versions and delete (admin); bundled
models are listed too."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header, HTTPException, Request, status

from arna.documents import read_mapping
from arna.service import catalog
from arna.service.database import ModelRow
from arna.service.deps import Admin, Analyst, DBDep, SettingsDep, Viewer, model_or_404
from arna.service.http import AUTHENTICATED, errors, read_body
from arna.service.schemas import ModelDetail, ModelInfo, ModelVersion, ScenarioInfo

router = APIRouter(prefix="/models", tags=["models"], responses=AUTHENTICATED)

_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A model document, as YAML (`application/yaml`) or JSON (`application/json`)",
        "content": {"application/yaml": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}}},
    }
}


def version_info(row: ModelRow) -> ModelVersion:
    return ModelVersion(name=row.name, version=row.version, uploaded_by=row.uploaded_by, uploaded=row.uploaded)


@router.post("", status_code=status.HTTP_201_CREATED, openapi_extra=_UPLOAD_BODY, responses=errors(413, 429))
async def upload_model(request: Request, user: Analyst, db: DBDep, settings: SettingsDep,
                       content_type: Annotated[str, Header()] = "application/yaml") -> ModelVersion:
    """Upload a model document; it is validated, and stored as a new version of the model of its name.

    The body may hold at most ``max_upload_bytes`` (413 from its Content-Length, or as soon as more
    arrives), ``max_upload_values`` values once YAML aliases are expanded, and nest 100 levels (422).
    It is parsed and validated outside the event loop, a few at a time (``parse_slots``), for at most
    ``parse_timeout`` seconds (then 429: try again later); other requests are served meanwhile.
    """
    body = await read_body(request, settings.max_upload_bytes)
    try:
        with anyio.fail_after(settings.parse_timeout):
            doc = await anyio.to_thread.run_sync(catalog.parse_upload, body, content_type, settings.max_upload_values,
                                                 limiter=request.app.state.parsing, abandon_on_cancel=True)
    except TimeoutError:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS,
                            f"the document was not validated within {settings.parse_timeout:g} s (the service is "
                            "busy, or the document is very large); try again later",
                            headers={"Retry-After": "30"}) from None
    row = await anyio.to_thread.run_sync(catalog.upload, db, doc, user.name)
    return version_info(row)


def _texts(value: Any) -> dict[str, str]:
    """A ``labels``-like mapping of a validated document, as strings (empty when absent)."""
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _scenario_details(doc: dict[str, Any]) -> list[ScenarioInfo]:
    raw = [s for s in doc.get("scenarios") or [] if isinstance(s, dict)] or [{"name": "baseline"}]
    return [ScenarioInfo(name=str(s.get("name")), description=str(s.get("description") or ""),
                         labels=_texts(s.get("labels")), description_labels=_texts(s.get("description_labels")))
            for s in raw]


def model_info(name: str, source: str, doc: dict[str, Any], version: int | None = None) -> ModelInfo:
    """What the model list says of a (validated) document: name, description, scenarios and their translations."""
    details = _scenario_details(doc)
    return ModelInfo(name=name, source=source, latest_version=version,
                     description=" ".join(str(doc.get("description") or "").split()),
                     scenarios=[s.name for s in details], labels=_texts(doc.get("labels")),
                     description_labels=_texts(doc.get("description_labels")), scenario_details=details)


@router.get("")
def list_models(request: Request, user: Viewer, db: DBDep) -> list[ModelInfo]:
    """Uploaded models (latest version) and bundled models, with their translations by language. A
    version's summary is read from its document once and kept (a version never changes)."""
    kept: dict[tuple[str, int, str], ModelInfo] = request.app.state.model_infos
    out = []
    for row in db.latest_model_versions():
        key = (row.name, row.version, row.uploaded.isoformat())
        info = kept.get(key)
        if info is None:
            full = db.model(row.name, row.version)
            if full is None:  # deleted meanwhile
                continue
            info = model_info(row.name, "uploaded", catalog.document_of(full), row.version)
            if len(kept) > 10_000:
                kept.clear()
            kept[key] = info
        out.append(info)
    for b in catalog.bundled_models():
        key = (b.name, 0, "bundled")
        if key not in kept:
            kept[key] = model_info(b.name, "bundled", read_mapping(b.path))
        out.append(kept[key])
    return out


@router.get("/{name}", responses=errors(404))
def get_model(name: str, user: Viewer, db: DBDep, version: int | None = None) -> ModelDetail:
    """A model's document (an uploaded model's latest version unless ``version`` is given)."""
    found = model_or_404(db, name, version)
    return ModelDetail(name=name, source="bundled" if found.version is None else "uploaded", version=found.version,
                       document=found.doc.model_dump(mode="json", exclude_none=True))


@router.get("/{name}/versions", responses=errors(404))
def model_versions(name: str, user: Viewer, db: DBDep) -> list[ModelVersion]:
    """The uploaded versions of a model, oldest first (a bundled model has none)."""
    rows = db.model_versions(name)
    if not rows and not catalog.is_bundled(name):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no model '{name}'; GET /models lists the models")
    return [version_info(r) for r in rows]


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409))
def delete_model(name: str, admin: Admin, db: DBDep, version: int | None = None) -> None:
    """Delete an uploaded model (every version, or only ``version``). Runs of it stay, with their results:
    each run keeps the document it was made with. A bundled model cannot be deleted (409)."""
    if catalog.is_bundled(name) and not db.model_versions(name):
        raise HTTPException(status.HTTP_409_CONFLICT, f"'{name}' is a bundled model; only uploaded models "
                            "can be deleted")
    if db.delete_model(name, version) == 0:
        which = f"no model '{name}'" + (f" version {version}" if version is not None else "")
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{which}; GET /models lists the models")
