"""The Python entry points: load, validate, compile and run a model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from arna.engine import Results, collect, simulate
from arna.engine.simulate import Progress
from arna.errors import InputError
from arna.network.ir import LinearNetwork
from arna.network.native import compile_document
from arna.schema import ModelDocument, load_model


def compile_model(model: str | Path | ModelDocument, source: str | Path | None = None) -> LinearNetwork:
    """Compile a document (or a path to one) into its runtime network."""
    if isinstance(model, ModelDocument):
        return compile_document(model, source or "<model>")
    return compile_document(load_model(model), model)


def select_scenarios(net: LinearNetwork, names: Sequence[str] | None) -> list[int]:
    """Indices of the named scenarios (all if ``names`` is empty)."""
    if not names:
        return list(range(len(net.scenarios)))
    out = []
    for name in names:
        if name not in net.scenarios:
            raise InputError(f"model '{net.name}' has no scenario '{name}'; it has: {', '.join(net.scenarios)}")
        out.append(net.scenarios.index(name))
    return out


def run(
    model: str | Path | ModelDocument | LinearNetwork,
    scenarios: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Results:
    """Run a model and return its results.

    Examples
    --------
    >>> from arna.data import example_model_path
    >>> res = run(example_model_path())
    >>> res.balance_error < 1e-9
    True
    """
    net = model if isinstance(model, LinearNetwork) else compile_model(model)
    return collect(simulate(net, select_scenarios(net, scenarios), progress=progress))
