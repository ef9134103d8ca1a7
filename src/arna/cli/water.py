"""Water commands: ``validate``, ``run``, ``schema``, ``demo``."""

from __future__ import annotations

import json
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arna.data.registry import bundled_model_path, resolve_model
from arna.errors import InputError

if TYPE_CHECKING:  # imported where used, so that each command loads only what it needs
    from rich.progress import Progress

    from arna.engine import Results
    from arna.engine.longtable import ResultsFile
    from arna.scenarios.runners import Runner
    from arna.schema import ModelDocument

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
    from arna.network.native import compile_document
    from arna.schema import load_model

    model = resolve_model(model)
    if _format(model, "auto") == "pywr":
        from arna.pywr.translate import translate_file

        tr = translate_file(model)
        net = compile_document(tr.document, tr.source, tr.data, tr.paths)
        console.print(f"[green]valid[/]: {model} (Pywr v1) — {len(tr.document.nodes)} nodes, "
                      f"{len(net.timesteps)} timesteps, {len(net.scenarios)} scenario combinations")
        return
    doc = load_model(model)
    net = compile_document(doc, model)
    console.print(
        f"[green]valid[/]: {model} — {len(doc.nodes)} nodes, {len(doc.edges)} edges, "
        f"{len(net.timesteps)} timesteps, scenarios: {', '.join(net.scenarios)}"
    )


RecordOpt = Annotated[
    list[str] | None,
    typer.Option("--record", help="Series to keep, a NODE or NODE/ATTRIBUTE glob (repeatable), e.g. 'Res*/volume', "
                 "'*/flow'. Default: everything the summary and report use; for a Pywr document each node's flow "
                 "and each storage's volume."),
]


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
    record: RecordOpt = None,
) -> None:
    """Run a model and print a summary; optionally write results and a report.

    A Pywr v1 document (``--format pywr``, or detected by ``auto``) is run as it is and
    its results are written in Pywr's long format: time, scenario, node, attribute, value.
    """
    _check_output(output, lang)
    model = resolve_model(model)
    runner = make_runner(workers, dask)
    if _format(model, fmt) == "pywr":
        if report is not None or scenario or scenario_set is not None:
            raise InputError(f"{model}: a Pywr document is run whole; --report, --scenario and --set are for "
                             "Arna documents (convert it first with `arna convert`)")
        _run_pywr(model, output, runner, record)
        return
    from arna.schema import load_model

    doc = load_model(model)
    if scenario_set is not None:
        from arna.scenarios.sets import apply_scenario_set, load_scenario_set

        doc = apply_scenario_set(doc, load_scenario_set(scenario_set), model)
    res = _simulate(doc, model, scenario, runner, record, output)
    _finish(res, doc, output, report, source=model, lang=lang)


def make_runner(workers: int, dask: str | None) -> Runner:
    """This process, local worker processes, or a Dask cluster."""
    from arna.scenarios.runners import DaskRunner, LocalRunner, ProcessRunner

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


def _run_pywr(model: Path, output: Path | None, runner: Runner, record: list[str] | None) -> None:
    from arna.lifetime import long_lived
    from arna.pywr.run import prepare_pywr, run_prepared

    start = time.perf_counter()
    with _bar() as bar:
        task = bar.add_task(f"running {model.name} (scenario-timesteps)", total=None)
        with long_lived():  # the document and its network live until the command ends
            net, tr = prepare_pywr(model, record)
        res = run_prepared(net, tr, progress=lambda done, total: bar.update(task, completed=done, total=total),
                           runner=runner, output=output)
    console.print(
        f"{model.name} (Pywr v1): {len(tr.document.nodes)} nodes, {len(res.timesteps)} timesteps × "
        f"{len(res.scenarios)} scenarios, {len(res.series)} series recorded; run {res.timings.get('run', 0):.2f} s, "
        f"{time.perf_counter() - start:.2f} s with reading and writing; water balance closes "
        f"(largest relative error {res.balance_error:.1e})"
    )
    if output is not None:
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True)


def _simulate(doc: ModelDocument, source: Path, scenarios: list[str] | None, runner: Runner | None = None,
              record: list[str] | None = None, output: Path | None = None) -> Results:
    """Run the document's chosen scenarios; ``output``: the results file, written as the run goes."""
    from arna.api import select_scenarios
    from arna.engine.longtable import keep_recorders, matches
    from arna.network.native import compile_document
    from arna.scenarios.runners import run_network

    net = compile_document(doc, source)
    if record:
        keep_recorders(net, lambda node, attribute: matches(node, attribute, record))
        if not net.recorders and not net.derived:
            raise InputError(f"{source}: --record {' '.join(record)} matches no series of model '{doc.name}'; "
                             "patterns are NODE or NODE/ATTRIBUTE globs, e.g. '*/flow'")
    chosen = select_scenarios(net, scenarios)
    with _bar() as bar, _results_file(output) as sink:
        task = bar.add_task(f"running {doc.name} (scenario-timesteps)", total=len(chosen) * len(net.timesteps))
        return run_network(net, chosen, runner, progress=lambda done, total: bar.update(task, completed=done),
                           sink=sink)


def _results_file(output: Path | None) -> AbstractContextManager[ResultsFile | None]:
    """The results file written as the run goes (nothing without ``--output``)."""
    from arna.engine.longtable import ResultsFile

    return nullcontext() if output is None else ResultsFile(output)


def _finish(res: Results, doc: ModelDocument, output: Path | None, report: Path | None,
            source: Path | None = None, lang: str = "en") -> None:
    print_summary(res)
    if output is not None:  # written as the run went
        console.print(f"results: {output}")
    if report is not None:
        from arna.report import write_report

        write_report(res, report, doc, lang=lang, source=source)
        console.print(f"report: {report}")


def print_summary(res: Results) -> None:
    """Print the headline tables of a run."""
    from rich.table import Table

    from arna.indicators.summary import summary_tables

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
        from arna.schema.reference import render_reference

        typer.echo(render_reference())
        return
    from arna.schema import ModelDocument

    typer.echo(json.dumps(ModelDocument.model_json_schema(), indent=2, ensure_ascii=False))


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for results and report.")] = Path("out"),
) -> None:
    """Run the bundled Syr Darya model over 1999–2024 (the historical years, and Toktogul's energy and
    irrigation modes on mean inflows); write results and an HTML report under OUT."""
    path = bundled_model_path(DEMO_MODEL)
    from arna.engine.longtable import write_results
    from arna.schema import load_model

    console.print(f"model: {path} (scenarios {', '.join(DEMO_SCENARIOS)})")
    doc = load_model(path)
    res = _simulate(doc, path, DEMO_SCENARIOS, output=out / "results.parquet")
    _finish(res, doc, out / "results.parquet", out / "report.html", source=path)
    write_results(res, out / "results.csv")
    console.print(f"results (CSV): {out / 'results.csv'}")
