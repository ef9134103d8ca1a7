"""``arna ensemble``: stochastic inflows, scenario sets and ensemble summaries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arna.errors import DataFileError, InputError

if TYPE_CHECKING:
    from arna.scenarios.stochastic import FlowStatistics, MultiSiteGenerator

console = Console(highlight=False)
ensemble_app = typer.Typer(help="Ensembles: stochastic inflows, scenario sets, summary statistics.",
                           no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(ensemble_app, name="ensemble")


@ensemble_app.command("generate")
def generate(
    history: Annotated[Path | None, typer.Argument(
        help="CSV with a 'date' column and one flow column per site (m³/s); or use --stats.")] = None,
    column: Annotated[list[str] | None, typer.Option(
        "--column", help="A site's flow column (repeatable); default: every numeric column.")] = None,
    stats: Annotated[Path | None, typer.Option(
        "--stats", help="Statistics file (YAML/JSON: sites, means, CVs, lag-one, correlation, sources).")] = None,
    members: Annotated[int, typer.Option("--members", min=1)] = 100,
    start: Annotated[str, typer.Option("--start", help="First month of the generated series.")] = "2030-01-01",
    years: Annotated[int, typer.Option("--years", min=1)] = 30,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    output: Annotated[Path, typer.Option("--output", "-o", help=(
        "Ensemble file (.csv or .parquet); with several sites one file per site, NAME-SITE.parquet."))] = Path(
        "ensemble.parquet"
    ),
) -> None:
    """Generate a multi-site monthly inflow ensemble (one column per member, one file per site).

    Keeps monthly means and CVs, month-to-month and year-to-year persistence and the
    cross-site correlation of annual flows, fitted to a record or read from --stats.
    """
    from arna.engine import write_frame
    from arna.scenarios.flowstats import load_statistics
    from arna.scenarios.stochastic import MultiSiteGenerator

    if output.suffix.lower() not in {".csv", ".parquet"}:
        raise InputError(f"{output}: write the ensemble as .csv or .parquet")
    if (history is None) == (stats is None):
        raise InputError("give either a record (HISTORY, a CSV) or a statistics file (--stats), not both")
    source = history if history is not None else stats
    assert source is not None
    statistics = load_statistics(source) if stats is not None else _history_statistics(source, column)
    try:
        gen = MultiSiteGenerator.from_statistics(statistics, strict=stats is not None)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    flows = gen.generate(start, years * 12, members, seed)
    paths = _site_paths(output, gen.sites)
    for site, frame in flows.items():
        write_frame(frame.reset_index(), paths[site])
    _report(gen, paths)
    console.print(f"{members} members × {years * 12} months from {flows[gen.sites[0]].index[0]:%Y-%m} "
                  f"(seed {seed}); member k of every file is the same draw")


def _history_statistics(history: Path, columns: list[str] | None) -> FlowStatistics:
    import pandas as pd

    from arna.scenarios.flowstats import statistics_from_history

    try:
        frame = pd.read_csv(history, parse_dates=["date"], index_col="date")
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{history}: cannot read a CSV with a 'date' column ({exc})") from None
    if columns:
        unknown = [c for c in columns if c not in frame.columns]
        if unknown:
            raise DataFileError(f"{history}: no column {', '.join(repr(c) for c in unknown)}; "
                                f"columns: {[str(c) for c in frame.columns]}")
        frame = frame[columns]
    numeric = frame.apply(pd.to_numeric, errors="coerce")
    if not columns:
        numeric = numeric.loc[:, numeric.notna().any()]
        if numeric.empty:
            raise DataFileError(f"{history}: no numeric flow column; name one with --column")
    for col in numeric.columns:
        bad = numeric[col].isna() & frame[col].notna()
        if bad.any():
            raise DataFileError(f"{history}: column '{col}' has a non-numeric value on "
                                f"{pd.Timestamp(numeric.index[bad][0]).date()}: {frame[col][bad].iloc[0]!r}")
    return statistics_from_history(numeric, str(history))


def _site_paths(output: Path, sites: list[str]) -> dict[str, Path]:
    if len(sites) == 1:
        return {sites[0]: output}
    slugs = {site: re.sub(r"[^\w.-]+", "_", site).strip("_") for site in sites}
    if len(set(slugs.values())) < len(sites):
        raise InputError(f"site names {sites} give the same file name; rename them")
    return {site: output.with_name(f"{output.stem}-{slug}{output.suffix}") for site, slug in slugs.items()}


def _report(gen: MultiSiteGenerator, paths: dict[str, Path]) -> None:
    from rich.table import Table

    st, implied = gen.stats, gen.implied()
    table = Table(title="Statistics kept (annual mean flow)", title_justify="left")
    for col in ("site", "mean m³/s", "CV", "lag-1", "file"):
        table.add_column(col, justify="right" if col in {"mean m³/s", "CV", "lag-1"} else "left")
    for i, site in enumerate(gen.sites):
        table.add_row(site, f"{st.annual_mean[i]:,.1f}", _kept(implied.annual_cv[i], st.annual_cv[i]),
                      _kept(implied.annual_lag1[i], st.annual_lag1[i]), str(paths[site]))
    console.print(table)
    for site in gen.sites:
        console.print(f"source, {site}: {' '.join(st.sources.get(site, 'not given').split())}")
    if len(gen.sites) > 1:
        pairs = [f"{a}–{b} {implied.correlation[i, j]:.2f}" for i, a in enumerate(gen.sites)
                 for j, b in enumerate(gen.sites) if j > i]
        console.print(f"annual cross-correlation: {'; '.join(pairs)}"
                      + (f" ({' '.join(st.sources['correlation'].split())})" if "correlation" in st.sources else ""))
    for note in gen.notes:
        console.print(f"note: {note}")


def _kept(model: float, given: float) -> str:
    return f"{model:.3f}" if abs(model - given) < 1e-3 else f"{model:.3f} (given {given:.3f})"


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
    from rich.table import Table

    from arna.cli.water import make_runner
    from arna.engine import write_frame
    from arna.network.native import compile_document
    from arna.scenarios.ensemble import run_ensemble, summarize
    from arna.scenarios.sets import apply_scenario_set, load_scenario_set
    from arna.schema import load_model

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
