"""The Pareto front as a table, and a chosen solution written back as a model document."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from arna.errors import DataFileError, InputError
from arna.optimise.evaluate import Context, apply_decisions, decision_value
from arna.optimise.search import SearchState, front_indices

__all__ = ["apply_solution", "front_frame", "history_frame", "read_front", "write_table"]

SOLUTION = "solution"
GENERATION = "generation"


def front_frame(state: SearchState, ctx: Context) -> pd.DataFrame:
    """One row per Pareto-optimal solution: its number, decisions, objectives, constraints, generation."""
    p = ctx.problem
    rows = []
    for k, i in enumerate(front_indices(state, p)):
        out = state.outcomes[i]
        row: dict[str, Any] = {SOLUTION: k}
        row |= {v.name: decision_value(v, float(x)) for v, x in zip(p.variables, state.xs[i], strict=True)}
        row |= {o.name: val for o, val in zip(p.objectives, out.objectives, strict=True)}
        row |= {c.name: val for c, val in zip(p.constraints, out.constraints, strict=True)}
        row[GENERATION] = state.found_in[i]
        rows.append(row)
    columns = [SOLUTION, *(v.name for v in p.variables), *(o.name for o in p.objectives),
               *(c.name for c in p.constraints), GENERATION]
    return pd.DataFrame(rows, columns=columns)


def history_frame(state: SearchState) -> pd.DataFrame:
    """Hypervolume and evaluations after each generation."""
    failed = np.cumsum([o.error is not None for o in state.outcomes]) if state.outcomes else np.zeros(0, int)
    return pd.DataFrame({
        GENERATION: np.arange(1, len(state.hypervolume) + 1),
        "evaluations": state.evaluations,
        "failed": [int(failed[n - 1]) if n else 0 for n in state.evaluations],
        "hypervolume": state.hypervolume,
    })


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """As CSV or Parquet, by the suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)


def read_front(path: Path) -> pd.DataFrame:
    """A front written by ``arna optimise run`` (CSV or Parquet)."""
    try:
        return pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_csv(path)
    except FileNotFoundError:
        raise DataFileError(f"{path}: front file not found; check the path") from None
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot read the front ({exc}); give the CSV or Parquet written by "
                            "`arna optimise run`") from None


def solution_vector(ctx: Context, front: pd.DataFrame, solution: int, source: Path) -> np.ndarray:
    """The decision values of solution ``solution`` of ``front``, in the problem's variable order."""
    names = [v.name for v in ctx.problem.variables]
    missing = [n for n in [SOLUTION, *names] if n not in front.columns]
    if missing:
        raise DataFileError(f"{source}: no column {', '.join(repr(m) for m in missing)}; is it a front of problem "
                            f"'{ctx.problem.name}'?")
    row = front[front[SOLUTION] == solution]
    if row.empty:
        raise InputError(f"{source}: no solution {solution}; the front has solutions "
                         f"{int(front[SOLUTION].min())}–{int(front[SOLUTION].max())}")
    values = row.iloc[0][names].astype(float).to_numpy()
    for v, x in zip(ctx.problem.variables, values, strict=True):
        if not v.lower - 1e-9 <= x <= v.upper + 1e-9:
            raise DataFileError(f"{source}: solution {solution} has {v.name} = {x:g}, outside the problem's bounds "
                                f"[{v.lower:g}, {v.upper:g}]")
    return values


def apply_solution(ctx: Context, x: np.ndarray, output: Path) -> dict[str, Any]:
    """Write the model with decisions ``x`` to ``output`` (YAML or JSON), data files still found.

    Relative file references (series, irrigation schemes) are rewritten relative to ``output``.
    The caller validates the written document.
    """
    doc = apply_decisions(ctx, x)
    _rebase_files(doc, ctx.source.parent.resolve(), output.parent.resolve())
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix.lower() == ".json":
        import json

        output.write_text(json.dumps(doc, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        output.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=None,
                                                width=120), encoding="utf-8")
    return doc


def _rebase_files(node: Any, old: Path, new: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "file" and isinstance(value, str) and not Path(value).is_absolute() and (old / value).exists():
                node[key] = _relative(old / value, new)
            else:
                _rebase_files(value, old, new)
    elif isinstance(node, list):
        for item in node:
            _rebase_files(item, old, new)


def _relative(target: Path, start: Path) -> str:
    """``target`` relative to ``start``, or absolute where there is no relative path (another drive)."""
    try:
        return os.path.relpath(target, start)
    except ValueError:
        return str(target)
