"""The browser dashboard: a static single-page app under ``/ui/`` plus the API it needs beyond the
core routes (:mod:`arna.service.routers.network`).

The static shell (HTML, JavaScript, CSS, the translations and plotly.js from the installed ``plotly``
package) carries no data, so it is served without a token; every data call the page makes goes
through the token-protected API. Nothing is loaded from another host.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from arna.i18n import MONTHS
from arna.report.i18n import TEXT
from arna.service.routers import network

ROOT = Path(__file__).resolve().parent.parent / "dashboard"
STATIC = ROOT / "static"
CATALOGUE = ROOT / "i18n.json"
LANGS = ("en", "ru", "kk")

#: Abbreviated month names (CLDR), for chart axes when the browser's Intl lacks a language's data
#: (Chromium ships no Kazakh dates); the full names are the reports' (:data:`arna.i18n.MONTHS`).
MONTHS_SHORT: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."),
    "kk": ("қаң.", "ақп.", "нау.", "сәу.", "мам.", "мау.", "шіл.", "там.", "қыр.", "қаз.", "қар.", "жел."),
}

router = APIRouter()
router.include_router(network.router)

_MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".json": "application/json", ".svg": "image/svg+xml", ".html": "text/html; charset=utf-8"}


def plotly_js() -> Path:
    """plotly.js as shipped inside the installed ``plotly`` Python package."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the 'plotly' package is not installed; the dashboard's charts need it")
    return Path(spec.origin).parent / "package_data" / "plotly.min.js"


def translations() -> dict[str, dict[str, str]]:
    """The dashboard's vocabulary per language: the report's terms (:data:`arna.report.i18n.TEXT`), month
    names (``month_1`` … ``month_12``, ``month_short_1`` …) and the dashboard's own (``dashboard/i18n.json``);
    a dashboard key never redefines a report term."""
    own: dict[str, dict[str, str]] = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    clash = sorted(set(own) & set(TEXT))
    if clash:
        raise ValueError(f"dashboard/i18n.json redefines report terms {clash}; use the report's")
    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for key, texts in TEXT.items():
        for lang, text in zip(LANGS, texts, strict=True):
            out[lang][key] = text
    for lang in LANGS:
        for i in range(12):
            out[lang][f"month_{i + 1}"] = MONTHS[lang][i]
            out[lang][f"month_short_{i + 1}"] = MONTHS_SHORT[lang][i]
    for key, entry in own.items():
        for lang in LANGS:
            out[lang][key] = entry[lang]
    return out


@lru_cache(maxsize=1)
def _plotly_body() -> bytes:
    return plotly_js().read_bytes()


@lru_cache(maxsize=1)
def _translations_body() -> bytes:
    return json.dumps(translations(), ensure_ascii=False, sort_keys=True).encode("utf-8")


@lru_cache(maxsize=64)
def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _cached(request: Request, body: bytes, media_type: str, cache: str) -> Response:
    """``body`` with an ETag; 304 when the browser already has it."""
    etag = _etag(body)
    headers = {"ETag": etag, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=status.HTTP_307_TEMPORARY_REDIRECT)


@router.get("/ui", include_in_schema=False)
def ui_no_slash() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=status.HTTP_307_TEMPORARY_REDIRECT)


@router.get("/ui/", include_in_schema=False)
def index(request: Request) -> Response:
    """The app's HTML shell (no data in it; revalidated on every load)."""
    return _cached(request, (ROOT / "index.html").read_bytes(), _MEDIA[".html"], "no-cache")


@router.get("/ui/static/plotly.min.js", include_in_schema=False)
def plotly(request: Request) -> Response:
    """plotly.js from the installed ``plotly`` package (the dashboard's charts, offline)."""
    return _cached(request, _plotly_body(), _MEDIA[".js"], "public, max-age=86400")


@router.get("/ui/static/i18n.json", include_in_schema=False)
def i18n(request: Request) -> Response:
    """Every label in en, ru and kk (see :func:`translations`)."""
    return _cached(request, _translations_body(), _MEDIA[".json"], "no-cache")


@router.get("/ui/static/{path:path}", include_in_schema=False)
def static(path: str, request: Request) -> Response:
    """The app's own files (JavaScript modules, CSS); revalidated by ETag on every load."""
    try:
        file = (STATIC / path).resolve()
        found = file.is_relative_to(STATIC) and file.is_file() and file.suffix in _MEDIA
    except (ValueError, OSError):  # a null byte, a name too long for the system
        found = False
    if not found:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no dashboard file '{path}'")
    return _cached(request, file.read_bytes(), _MEDIA[file.suffix], "no-cache")
