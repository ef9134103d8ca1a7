"""``/models``: upload (validated), list, get and versions; bundled models are listed too."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request, status

from arna.documents import read_mapping
from arna.service import catalog
from arna.service.database import ModelRow
from arna.service.deps import Analyst, DBDep, Viewer, model_or_404
from arna.service.schemas import DocumentProblems, ModelDetail, ModelInfo, ModelVersion, ScenarioInfo

router = APIRouter(prefix="/models", tags=["models"])

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


@router.post("", status_code=status.HTTP_201_CREATED, openapi_extra=_UPLOAD_BODY,
             responses={422: {"model": DocumentProblems, "description": "The document is invalid"}})
async def upload_model(request: Request, user: Analyst, db: DBDep,
                       content_type: Annotated[str, Header()] = "application/yaml") -> ModelVersion:
    """Upload a model document; it is validated, and stored as a new version of the model of its name."""
    limit = request.app.state.settings.max_upload_bytes
    body = await request.body()
    if len(body) > limit:
        raise HTTPException(413, f"the document is larger than {limit} bytes")
    doc = catalog.parse_upload(body, content_type)
    return version_info(catalog.upload(db, doc, user.name))


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
def list_models(user: Viewer, db: DBDep) -> list[ModelInfo]:
    """Uploaded models (latest version) and bundled models, with their translations by language."""
    out = [model_info(row.name, "uploaded", catalog.document_of(row), row.version) for row in db.latest_models()]
    out += [model_info(b.name, "bundled", read_mapping(b.path)) for b in catalog.bundled_models()]
    return out


@router.get("/{name}")
def get_model(name: str, user: Viewer, db: DBDep, version: int | None = None) -> ModelDetail:
    """A model's document (an uploaded model's latest version unless ``version`` is given)."""
    found = model_or_404(db, name, version)
    return ModelDetail(name=name, source="bundled" if found.version is None else "uploaded", version=found.version,
                       document=found.doc.model_dump(mode="json", exclude_none=True))


@router.get("/{name}/versions")
def model_versions(name: str, user: Viewer, db: DBDep) -> list[ModelVersion]:
    """The uploaded versions of a model, oldest first (a bundled model has none)."""
    rows = db.model_versions(name)
    if not rows and not catalog.is_bundled(name):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no model '{name}'")
    return [version_info(r) for r in rows]
