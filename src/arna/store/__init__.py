"""Run stores: every run with its model document, scenarios, version, times, status and results.

:class:`EmbeddedStore` keeps them under a folder (DuckDB catalogue + Parquet results);
:class:`PostgresStore` in a PostgreSQL database (for a team server); :class:`MemoryStore` in memory.
:func:`open_store` picks the PostgreSQL store when given a database URL. See docs/store.md.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path

from arna.api import compile_model, run
from arna.errors import ArnaError, InputError, SimulationError
from arna.schema import ModelDocument, load_model
from arna.store.base import RunRecord, RunStatus, RunStore
from arna.store.embedded import EmbeddedStore
from arna.store.memory import MemoryStore
from arna.store.postgres import PostgresStore

__all__ = ["EmbeddedStore", "MemoryStore", "PostgresStore", "RunRecord", "RunStatus", "RunStore", "document_json",
           "open_store", "run_and_store"]


def open_store(data_dir: str | Path, database_url: str | None = None) -> RunStore:
    """The run store of a service: in the PostgreSQL database at ``database_url`` if given, else under ``data_dir``.

    A bad URL or a server that cannot be reached is an :class:`InputError` naming the URL with its
    password masked. Opening either store fails the runs left running by a process that has gone.
    """
    if database_url:
        return PostgresStore(database_url)
    return EmbeddedStore(data_dir)


def document_json(doc: ModelDocument) -> str:
    """A model document as the JSON text a store keeps (loads back with ``model_from_mapping``)."""
    return json.dumps(doc.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=1)


def run_and_store(store: RunStore, model_path_or_doc: str | Path | ModelDocument,
                  scenarios: Sequence[str] | None = None) -> str:
    """Run a model and keep the run in ``store``; returns the run id.

    A document that does not load raises its :class:`~arna.errors.DocumentError` and records no run.
    Otherwise the run is created, marked running and completed with its results; if it raises (an
    :class:`InputError` such as an unknown scenario, a :class:`SimulationError` such as an infeasible
    timestep, or anything else) the run is marked failed with the message and the error re-raised.
    """
    if isinstance(model_path_or_doc, ModelDocument):
        doc, source = model_path_or_doc, None
    else:
        doc, source = load_model(model_path_or_doc), model_path_or_doc
    chosen = list(scenarios) if scenarios else doc.scenario_names()
    run_id = store.create_run(document_json(doc), doc.name, chosen)
    store.mark_running(run_id)
    try:
        results = run(compile_model(doc, source), chosen)
    except (InputError, SimulationError) as exc:
        store.fail(run_id, str(exc))
        raise
    except BaseException as exc:
        with contextlib.suppress(ArnaError):
            store.fail(run_id, f"{type(exc).__name__}: {exc}")
        raise
    try:
        store.complete(run_id, results)
    except BaseException as exc:
        with contextlib.suppress(ArnaError):  # e.g. the run was cancelled meanwhile: it stays cancelled
            store.fail(run_id, f"storing the results failed: {type(exc).__name__}: {exc}")
        raise
    return run_id
