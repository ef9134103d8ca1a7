"""Entry points: find a problem, set up its context, run the search, write what it found."""

from __future__ import annotations

from pathlib import Path

from arna.documents import read_mapping
from arna.errors import InputError
from arna.optimise.evaluate import Context
from arna.optimise.problem import load_problem

__all__ = ["PROBLEMS_DIR", "prepare", "resolve_problem"]

PROBLEMS_DIR = "problems"
"""Folder beside a model document that holds its named problems (``problems/NAME.yaml``)."""


def resolve_problem(problem: str | Path, model: Path | None) -> Path:
    """A problem file as it is, or the problem of that name beside ``model`` (``problems/NAME.yaml``)."""
    path = Path(problem)
    if path.is_file():
        return path
    if model is not None and "/" not in str(problem):
        for suffix in (".yaml", ".yml", ".json"):
            named = model.parent / PROBLEMS_DIR / f"{problem}{suffix}"
            if named.is_file():
                return named
    known = sorted(p.stem for p in (model.parent / PROBLEMS_DIR).glob("*.y*ml")) if model is not None else []
    where = f"; problems of {model}: {', '.join(known) or 'none'}" if model is not None else ""
    raise InputError(f"'{problem}' is neither a problem file nor a problem named beside the model{where}")


def prepare(problem_path: Path, model_path: Path | None = None) -> Context:
    """Load the problem and its model (``model_path``, or the one the problem names) and check the paths."""
    problem = load_problem(problem_path)
    model = model_path or problem.model_path(problem_path)
    if model is None:
        raise InputError(f"{problem_path}: the problem names no model; give one (arna optimise run MODEL, or "
                         "--model for apply), or add `model: FILE` to the problem")
    from arna.schema.load import model_from_mapping

    mapping = read_mapping(model)
    model_from_mapping(mapping, model)  # the model itself must be valid before anything is changed in it
    return Context.build(mapping, model, problem, problem_path)
