"""``arna ensemble``: stochastic inflows, scenario sets and ensemble summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from arna.cli.water import make_runner
from arna.engine import write_frame
from arna.errors import DataFileError, InputError
from arna.network.native import compile_document
from arna.scenarios.ensemble import run_ensemble, summarize
from arna.scenarios.sets import apply_scenario_set, load_scenario_set
from arna.scenarios.stochastic import SeasonalLogAR1
from arna.schema import load_model

console = Console(highlight=False)
ensemble_app = typer.Typer(help="Ensembles: stochastic inflows, scenario sets, summary statistics.",
                           no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(ensemble_app, name="ensemble")


@ensemble_app.command("generate")
def generate(
    history: Annotated[Path, typer.Argument(help="CSV with a date column and the historical flow.")],
    column: Annotated[str, typer.Option("--column", help="The flow column.")],
    members: Annotated[int, typer.Option("--members", min=1)] = 100,
    start: Annotated[str, typer.Option("--start", help="First month of the generated series.")] = "2030-01-01",
    years: Annotated[int, typer.Option("--years", min=1)] = 30,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    output: Annotated[Path, typer.Option("--output", "-o", help="Ensemble file (.csv or .parquet).")] = Path(
        "ensemble.parquet"
    ),
) -> None:
    """Generate a seasonal log-AR(1) inflow ensemble (monthly, one column per member)."""
    if output.suffix.lower() not in {".csv", ".parquet"}:
        raise InputError(f"{output}: write the ensemble as .csv or .parquet")
    try:
        frame = pd.read_csv(history, parse_dates=["date"], index_col="date")
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{history}: cannot read a CSV with a 'date' column ({exc})") from None
    if column not in frame.columns:
        raise DataFileError(f"{history}: no column '{column}'; columns: {list(frame.columns)}")
    model = SeasonalLogAR1.fit(pd.to_numeric(frame[column], errors="coerce"))
    out = model.generate(start, years * 12, members, seed)
    write_frame(out.reset_index(), output)
    console.print(f"wrote {output}: {members} members × {years * 12} months (seed {seed})")


@ensemble_app.command("run")
def run(
    model: Annotated[Path, typer.Argument(help="Model document.")],
    scenario_set: Annotated[Path | None, typer.Option("--set", help="Scenario set to apply.")] = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="e.g. 'town:reliability>=0.9' (repeatable).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Indicators per scenario (.csv/.parquet).")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1)] = 1,
    dask: Annotated[str | None, typer.Option("--dask")] = None,
) -> None:
    """Run every scenario, keep indicators only, and print their distribution."""
    if output is not None and output.suffix.lower() not in {".csv", ".parquet"}:
        raise InputError(f"{output}: write indicators as .csv or .parquet")
    doc = load_model(model)
    if scenario_set is not None:
        doc = apply_scenario_set(doc, load_scenario_set(scenario_set), model)
    net = compile_document(doc, model)
    per = run_ensemble(net, runner=make_runner(workers, dask))
    stats = summarize(per, target or [])
    table = Table(title=f"{doc.name}: {len(per)} scenarios", title_justify="left")
    for col in stats.columns:
        table.add_column(col.replace("_", " "), justify="left" if col in {"indicator", "target"} else "right")
    for row in stats.itertuples(index=False):
        table.add_row(*[f"{v:,.3f}" if isinstance(v, float) else str(v) for v in row])
    console.print(table)
    if output is not None:
        write_frame(per.reset_index(), output)
        console.print(f"indicators: {output}")
