"""Waste (circular-economy) commands: ``arna waste run`` and ``arna waste report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arna.errors import InputError

if TYPE_CHECKING:
    from arna.circular.dataset import Dataset

waste_app = typer.Typer(
    name="waste",
    help="Municipal solid waste: material flows, Kazakh and EU indicators, EPR, WtE, GHG.",
    no_args_is_help=True,
)

_console = Console(highlight=False, soft_wrap=True)

ScenarioOpt = Annotated[
    str, typer.Option("--scenario", "-s", help="Bundled scenario name or a scenario YAML file.")
]
DatasetOpt = Annotated[
    Path | None, typer.Option("--dataset", help="dataset.yaml to use instead of the bundled one.")
]


def _dataset(path: Path | None) -> Dataset:
    from arna.circular.dataset import load_dataset

    return load_dataset(path)


@waste_app.command("run")
def run_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.csv or FILE.parquet")],
    scenario: ScenarioOpt = "baseline",
    dataset: DatasetOpt = None,
) -> None:
    """Run a scenario and write the long table ``year,region,indicator,value``."""
    from arna.circular.api import run_scenario
    from arna.circular.output import check_table_path, write_table

    check_table_path(output)
    result = run_scenario(scenario, _dataset(dataset))
    write_table(result.table, output)
    years = result.target_years()
    _console.print(f"scenario {result.name}: {len(result.table)} rows written to {output}")
    for label, year in years.items():
        _console.print(f"  first year {label}: {year if year is not None else 'not reached'}")


@waste_app.command("report")
def report_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.html")],
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Scenario(s) to compare (default: all bundled)."),
    ] = None,
    year: Annotated[int, typer.Option("--year", help="Year of the Sankey diagram.")] = 2030,
    lang: Annotated[str, typer.Option("--lang", help="en, ru or kk.")] = "en",
    dataset: DatasetOpt = None,
) -> None:
    """Write a self-contained HTML report (Sankey, trajectories, the two definitions)."""
    from arna.circular.output import write_text
    from arna.circular.report import render_report

    if output.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{output}: the report is HTML; use a .html file name")
    html = render_report(scenario or None, year=year, lang=lang, dataset=_dataset(dataset))
    write_text(html, output)
    _console.print(f"report written to {output}")


def register(app: typer.Typer) -> None:
    """Add the ``waste`` command group to ``app``."""
    app.add_typer(waste_app, name="waste")
