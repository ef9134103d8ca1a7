"""Water commands: ``validate``, ``run``, ``schema``, ``demo``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from arna.api import select_scenarios
from arna.data.registry import bundled_model_path, resolve_model
from arna.engine import Results, collect, simulate, write_frame
from arna.errors import InputError
from arna.indicators.summary import summary_tables
from arna.network.native import compile_document
from arna.report import write_report
from arna.scenarios.runners import DaskRunner, LocalRunner, ProcessRunner, Runner, run_network
from arna.schema import ModelDocument, load_model
from arna.schema.reference import render_reference

console = Console(highlight=False)

ModelArg = Annotated[
    Path, typer.Argument(help="Model document (.yaml, .yml or .json), or a bundled model's name (see `arna models`).")
]
DEMO_MODEL = "syr-darya"
# Toktogul has run in energy mode since 1993, so the baseline is energy mode; irrigation mode (the
# 1984 protocol) is run beside them to show the contrast.
DEMO_SCENARIOS = ["historical", "energy-mode", "irrigation-mode"]


def register(app: typer.Typer) -> None:
    """Add the water commands to ``app``."""
    app.command("validate")(validate)
    app.command("run")(run)
    app.command("schema")(schema)
    app.command("demo")(demo)
    app.command("convert")(convert_command)


def validate(model: ModelArg) -> None:
    """Check a model document: schema, references, units, data files and topology.

    A Pywr v1 document is checked as ``run`` reads it: its own schema, then the translated model.
    """
    model = resolve_model(model)
    if _format(model, "auto") == "pywr":
        from arna.pywr.translate import translate_file

        tr = translate_file(model)
        net = compile_document(tr.document, tr.source, tr.data)
        console.print(f"[green]valid[/]: {model} (Pywr v1) — {len(tr.document.nodes)} nodes, "
                      f"{len(net.timesteps)} timesteps, {len(net.scenarios)} scenario combinations")
        return
    doc = load_model(model)
    net = compile_document(doc, model)
    console.print(
        f"[green]valid[/]: {model} — {len(doc.nodes)} nodes, {len(doc.edges)} edges, "
        f"{len(net.timesteps)} timesteps, scenarios: {', '.join(net.scenarios)}"
    )


def run(
    model: ModelArg,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", "-s", help="Scenario to run (repeatable); all by default.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Results file, .parquet or .csv.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Also write an HTML report here.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Document format: auto, arna or pywr.")] = "auto",
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Local worker processes for blocks of scenarios.")
    ] = 1,
    dask: Annotated[str | None, typer.Option("--dask", help="Run on a Dask cluster: tcp://SCHEDULER:8786.")] = None,
    scenario_set: Annotated[
        Path | None, typer.Option("--set", help="Apply a scenario set (see docs/ensembles.md).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the --report: en, ru or kk.")] = "en",
) -> None:
    """Run a model and print a summary; optionally write results and a report.

    A Pywr v1 document (``--format pywr``, or detected by ``auto``) is run as it is and
    its results are written in Pywr's long format: time, scenario, node, attribute, value.
    """
    _check_output(output, lang)
    model = resolve_model(model)
    runner = make_runner(workers, dask)
    if _format(model, fmt) == "pywr":
        _run_pywr(model, output, runner)
        return
    doc = load_model(model)
    if scenario_set is not None:
        from arna.scenarios.sets import apply_scenario_set, load_scenario_set

        doc = apply_scenario_set(doc, load_scenario_set(scenario_set), model)
    res = _simulate(doc, model, scenario, runner)
    _finish(res, doc, output, report, source=model, lang=lang)


def make_runner(workers: int, dask: str | None) -> Runner:
    """This process, local worker processes, or a Dask cluster."""
    if dask is not None:
        if workers != 1:
            raise InputError("give either --workers or --dask, not both")
        return DaskRunner(dask)
    return ProcessRunner(workers) if workers > 1 else LocalRunner()


def _format(model: Path, fmt: str) -> str:
    if fmt not in {"auto", "arna", "pywr"}:
        raise InputError(f"--format must be auto, arna or pywr (got '{fmt}')")
    if fmt != "auto":
        return fmt
    if model.suffix.lower() != ".json":
        return "arna"
    from arna.documents import read_mapping
    from arna.pywr import is_pywr_document

    return "pywr" if is_pywr_document(read_mapping(model)) else "arna"


def _run_pywr(model: Path, output: Path | None, runner: Runner) -> None:
    from arna.pywr.run import pywr_frame, run_pywr

    with _bar() as bar:
        task = bar.add_task(f"running {model.name} (scenarios)", total=None)
        res, tr = run_pywr(model, progress=lambda done, total: bar.update(task, completed=done, total=total),
                           runner=runner)
    frame = pywr_frame(res, tr)
    console.print(
        f"{model.name} (Pywr v1): {len(tr.document.nodes)} nodes, {len(res.timesteps)} timesteps × "
        f"{len(res.scenarios)} scenarios in {res.timings.get('run', 0):.2f} s; water balance closes "
        f"(largest relative error {res.balance_error:.1e})"
    )
    if output is not None:
        write_frame(frame, output)
        console.print(f"results: {output}")


def convert_command(
    model: ModelArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The Arna document to write (.yaml or .json).")],
    source_format: Annotated[str, typer.Option("--from", help="Format of MODEL (only pywr for now).")] = "pywr",
) -> None:
    """Convert another tool's model into an Arna document (series go to OUTPUT's .data folder)."""
    if source_format != "pywr":
        raise InputError(f"--from must be pywr (got '{source_format}')")
    from arna.pywr.convert import convert

    tr = convert(model, output)
    console.print(f"wrote {output}: {len(tr.document.nodes)} nodes, {len(tr.data)} series files")


def _check_output(output: Path | None, lang: str = "en") -> None:
    if lang not in {"en", "ru", "kk"}:
        raise InputError(f"--lang must be en, ru or kk (got '{lang}')")
    if output is not None and output.suffix.lower() not in {".parquet", ".csv"}:
        raise InputError(f"{output}: results are written as .parquet or .csv; choose one of those suffixes")


def _bar() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True)


def _simulate(doc: ModelDocument, source: Path, scenarios: list[str] | None, runner: Runner | None = None) -> Results:
    net = compile_document(doc, source)
    chosen = select_scenarios(net, scenarios)
    if runner is not None and not isinstance(runner, LocalRunner):
        with _bar() as bar:
            task = bar.add_task(f"running {doc.name} (scenarios)", total=len(chosen))
            return run_network(net, chosen, runner, progress=lambda done, total: bar.update(task, completed=done))
    with _bar() as bar:
        task = bar.add_task(f"running {doc.name} (timesteps)", total=len(net.timesteps))
        raw = simulate(net, chosen, progress=lambda done, total: bar.update(task, completed=done))
    return collect(raw)


def _finish(res: Results, doc: ModelDocument, output: Path | None, report: Path | None,
            source: Path | None = None, lang: str = "en") -> None:
    print_summary(res)
    if output is not None:
        write_frame(res.to_frame(), output)
        console.print(f"results: {output}")
    if report is not None:
        write_report(res, report, doc, lang=lang, source=source)
        console.print(f"report: {report}")


def print_summary(res: Results) -> None:
    """Print the headline tables of a run."""
    for name, frame in summary_tables(res).items():
        if frame.empty:
            continue
        table = Table(title=name.capitalize(), title_justify="left")
        for col in frame.columns:
            table.add_column(col.replace("_", " "), justify="left" if frame[col].dtype == object else "right")
        for row in frame.itertuples(index=False):
            table.add_row(*[_fmt(c, v) for c, v in zip(frame.columns, row, strict=True)])
        console.print(table)
    console.print(
        f"water balance closes: largest relative error {res.balance_error:.1e}; "
        f"{len(res.timesteps)} timesteps × {len(res.scenarios)} scenarios in {res.timings.get('run', 0):.2f} s"
    )
    if res.quality_error is not None:
        console.print(f"constituent mass balance closes: largest relative error {res.quality_error:.1e} "
                      f"(transport {res.timings.get('quality', 0):.2f} s)")


def _fmt(col: str, v: object) -> str:
    if isinstance(v, float):
        return f"{v:.1%}" if col in {"coverage", "reliability", "months_target_met"} else f"{v:,.3f}"
    return str(v)


def schema(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the Markdown reference instead.")] = False,
) -> None:
    """Print the JSON Schema of model documents (or the Markdown reference)."""
    if markdown:
        typer.echo(render_reference())
        return
    typer.echo(json.dumps(ModelDocument.model_json_schema(), indent=2, ensure_ascii=False))


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for results and report.")] = Path("out"),
) -> None:
    """Run the bundled Syr Darya model over 1999–2024 (the historical years, and Toktogul's energy and
    irrigation modes on mean inflows); write results and an HTML report under OUT."""
    path = bundled_model_path(DEMO_MODEL)
    console.print(f"model: {path} (scenarios {', '.join(DEMO_SCENARIOS)})")
    doc = load_model(path)
    res = _simulate(doc, path, DEMO_SCENARIOS)
    _finish(res, doc, out / "results.parquet", out / "report.html", source=path)
    write_frame(res.to_frame(), out / "results.csv")
    console.print(f"results (CSV): {out / 'results.csv'}")
