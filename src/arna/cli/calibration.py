"""``arna calibration MODEL``: every cited observation beside the simulated value, and what cannot be calibrated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from arna.errors import InputError

OUTPUT_SUFFIXES = (".csv", ".parquet", ".md")
EXIT_MISSES = 1


def register(app: typer.Typer) -> None:
    """Add ``calibration`` to ``app``."""
    app.command("calibration")(calibration)


def calibration(
    model: Annotated[Path, typer.Argument(help="Model document, or a bundled model's name (see `arna models`).")],
    scenario: Annotated[str | None, typer.Option(
        "--scenario", "-s", help="Scenario for entries that name none (default: historical, else baseline).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also write the table: .csv, .parquet or .md.")] = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print the table as Markdown (to paste into docs) instead of a terminal table.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Exit with code 1 if any observation is outside its tolerance.")] = False,
) -> None:
    """Run a model and set every cited observation in its metadata.calibration beside the simulated value.

    One row per entry, or per year for a year-by-year series: cited, simulated, error, tolerance, source.

    Then what the model cannot be calibrated on (metadata.not_calibrated). See docs/indicators.md.

    Misses are findings: the exit code is 0 unless --check is given.
    """
    from arna.api import compile_model
    from arna.cli.calibration_format import console, print_table, to_markdown, write_table
    from arna.data.registry import resolve_model
    from arna.engine import collect, simulate
    from arna.indicators.calibration import (
        calibration_summary,
        calibration_table,
        default_scenario,
        entry_scenarios,
        not_calibrated,
    )
    from arna.schema import load_model

    if output is not None and output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(f"{output}: the table is written as .csv, .parquet or .md; choose one of those suffixes")
    path = resolve_model(model)
    doc = load_model(path)
    names = doc.scenario_names()
    chosen = scenario or default_scenario(names)
    if chosen not in names:
        raise InputError(f"{path}: --scenario '{chosen}' is not a scenario of the model; "
                         f"choose one of {', '.join(names)}")
    needed = entry_scenarios(doc.metadata, chosen)
    net = compile_model(doc, path)
    res = collect(simulate(net, [net.scenarios.index(s) for s in needed]))
    table = calibration_table(doc.metadata, res, chosen, source=path)
    missing = not_calibrated(doc.metadata, path)
    header = (f"{doc.name}: {len(table)} cited observation(s), scenario {', '.join(needed)}; "
              f"run {res.timesteps[0]:%Y-%m} to {res.timesteps[-1]:%Y-%m}, {len(res.timesteps)} steps")
    if markdown:
        typer.echo(header + "\n\n" + to_markdown(table, [(m.what, m.why) for m in missing]), nl=False)
    else:
        print_table(header, table, calibration_summary(table), [(m.what, m.why) for m in missing])
    if output is not None:
        write_table(table, output, [(m.what, m.why) for m in missing])
        console.print(f"table: {output}")
    if check and bool((table["within"] == False).any()):  # noqa: E712 (NA rows are not misses)
        raise typer.Exit(EXIT_MISSES)
