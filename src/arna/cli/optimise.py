"""``arna optimise``: multi-objective search over a model's values, and applying a chosen solution."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arna.data.registry import resolve_model
from arna.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from arna.optimise.evaluate import Context, Outcome
    from arna.optimise.search import SearchState

console = Console(highlight=False)
optimise_app = typer.Typer(help="Multi-objective optimisation of a model's rules (NSGA-II, NSGA-III).",
                           no_args_is_help=True)

SHOWN_ROWS = 20


def register(app: typer.Typer) -> None:
    app.add_typer(optimise_app, name="optimise")


@optimise_app.command("run")
def run(
    model: Annotated[Path, typer.Argument(help="Model document, or a bundled model's name.")],
    problem: Annotated[str, typer.Option(
        "--problem", "-p", help="Problem document, or the name of a problem beside the model (problems/NAME.yaml).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The Pareto set, .csv or .parquet.")] = Path(
        "front.csv"),
    population: Annotated[int, typer.Option("--population", min=4, help="Candidates per generation.")] = 32,
    generations: Annotated[int, typer.Option("--generations", min=1)] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same front.")] = 1,
    algorithm: Annotated[str | None, typer.Option(
        "--algorithm", help="nsga2 or nsga3; the problem's choice by default.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local processes evaluating candidates.")] = 1,
    dask: Annotated[str | None, typer.Option(
        "--dask", help="Evaluate on a Dask cluster: tcp://SCHEDULER:8786.")] = None,
    html: Annotated[Path | None, typer.Option(
        "--html", help="The front's page (parallel coordinates, scatter matrix); default OUTPUT with .html.")] = None,
    checkpoint: Annotated[Path | None, typer.Option(
        "--checkpoint", help="Written after every generation; default OUTPUT.checkpoint.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Go on from the checkpoint of an interrupted run.")] = False,
) -> None:
    """Search for the decisions that do best on the problem's objectives; write the Pareto set."""
    from arna.optimise.api import prepare, resolve_problem
    from arna.optimise.search import Settings, run_search
    from arna.optimise.workers import make_evaluator

    if output.suffix.lower() not in {".csv", ".parquet"}:
        raise InputError(f"{output}: write the front as .csv or .parquet")
    model_path = resolve_model(model)
    ctx = prepare(resolve_problem(problem, model_path), model_path)
    settings = Settings(algorithm or ctx.problem.algorithm, population, generations, seed)
    checkpoint = checkpoint or output.with_name(output.name + ".checkpoint")
    evaluator = make_evaluator(ctx, workers, dask)
    started = time.perf_counter()
    console.print(f"{ctx.problem.name}: {len(ctx.problem.variables)} decisions, {len(ctx.problem.objectives)} "
                  f"objectives, {settings.algorithm.upper()} population {population} × {generations} generations, "
                  f"seed {seed}")
    try:
        state = run_search(ctx, settings, evaluator, checkpoint, resume,
                           on_generation=lambda s: _progress(s, generations, started))
    finally:
        evaluator.close()
    _write(state, ctx, output, html or output.with_suffix(".html"), time.perf_counter() - started)


def _progress(state: SearchState, generations: int, started: float) -> None:
    console.print(f"generation {state.generation}/{generations}: {state.evaluations[-1]} evaluations, "
                  f"hypervolume {state.hypervolume[-1]:.4f} ({time.perf_counter() - started:.1f} s)")


def _write(state: SearchState, ctx: Context, output: Path, html: Path, seconds: float) -> None:
    from arna.optimise.evaluate import evaluate_model
    from arna.optimise.front import front_frame, history_frame, write_table
    from arna.optimise.html import front_page

    front, history = front_frame(state, ctx), history_frame(state)
    reference, comparison = _reference(state, ctx, evaluate_model(ctx))
    history_path = output.with_name(f"{output.stem}.history.csv")
    write_table(front, output)
    write_table(history, history_path)
    failed = [o.error for o in state.outcomes if o.error is not None]
    summary = (f"{len(front)} Pareto-optimal solutions from {len(state.outcomes)} evaluations "
               f"({len(failed)} failed) in {state.generation} generations, {seconds:.1f} s; "
               f"model {ctx.source}, scenarios {', '.join(ctx.problem.scenarios or ['all'])}")
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(front_page(front, history, ctx.problem, f"{summary}. {comparison}", reference),
                    encoding="utf-8")
    _print_front(front, ctx)
    console.print(summary)
    console.print(comparison)
    if failed:
        console.print(f"[yellow]note[/]: {len(failed)} candidate(s) were infeasible models, e.g.: {failed[0]}")
    console.print(f"front: {output}\nhypervolume by generation: {history_path}\npage: {html}")


def _reference(state: SearchState, ctx: Context, out: Outcome) -> tuple[dict[str, float] | None, str]:
    """The model as it is: its objective values, and which front solutions beat it on every objective."""
    from arna.optimise.search import dominating

    if out.error is not None:
        return None, f"The model as it is could not be evaluated: {out.error}"
    values = {o.name: v for o, v in zip(ctx.problem.objectives, out.objectives, strict=True)}
    shown = ", ".join(f"{k} = {v:,.4g}" for k, v in values.items())
    better = dominating(state, ctx.problem, out)
    verdict = (f"solutions {', '.join(map(str, better[:10]))}{' …' if len(better) > 10 else ''} of the front "
               "do better on every objective" if better else "no solution of the front does better on every objective")
    return values, f"The model as it is: {shown}; {verdict}"


def _print_front(front: pd.DataFrame, ctx: Context) -> None:
    """The objectives (and constraints) of the first solutions; the decisions are in the file."""
    from rich.table import Table

    p = ctx.problem
    columns = ["solution", *(o.name for o in p.objectives), *(c.name for c in p.constraints)]
    table = Table(title="Pareto set (decisions in the front file)", title_justify="left")
    for col in columns:
        table.add_column(col, justify="right", overflow="fold")
    for row in front[columns].head(SHOWN_ROWS).itertuples(index=False):
        table.add_row(*[f"{v:,.4g}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)
    if len(front) > SHOWN_ROWS:
        console.print(f"… and {len(front) - SHOWN_ROWS} more in the file")


@optimise_app.command("apply")
def apply(
    problem: Annotated[str, typer.Argument(help="The problem document (or its name with --model).")],
    front: Annotated[Path, typer.Argument(help="The front written by `arna optimise run`.")],
    solution: Annotated[int, typer.Option("--solution", "-k", help="The solution number (column 'solution').")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The model document to write (.yaml or .json).")],
    model: Annotated[Path | None, typer.Option(
        "--model", help="The model; by default the one the problem names.")] = None,
) -> None:
    """Write solution K of a front back into the model, as a validated model document."""
    from arna.network.native import compile_document
    from arna.optimise.api import prepare, resolve_problem
    from arna.optimise.front import apply_solution, read_front, solution_vector
    from arna.schema import load_model

    if output.suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise InputError(f"{output}: write the model as .yaml or .json")
    model_path = resolve_model(model) if model is not None else None
    ctx = prepare(resolve_problem(problem, model_path), model_path)
    x = solution_vector(ctx, read_front(front), solution, front)
    apply_solution(ctx, x, output)
    doc = load_model(output)
    compile_document(doc, output)
    values = ", ".join(f"{v.name} = {xi:g}" for v, xi in zip(ctx.problem.variables, x, strict=True))
    console.print(f"[green]valid[/]: {output} — {ctx.problem.name} solution {solution}: {values}")


@optimise_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of problem documents."""
    import json

    from arna.optimise.problem import Problem

    typer.echo(json.dumps(Problem.model_json_schema(), indent=2, ensure_ascii=False))
