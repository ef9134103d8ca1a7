"""Waste (circular-economy) commands: ``arna waste run``, ``report`` and ``akimat``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from arna.errors import InputError

if TYPE_CHECKING:
    from arna.circular.api import WasteRun
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
    comparison: Annotated[Path | None, typer.Option(
        "--comparison", help="Also write the published-vs-modelled table (.csv/.parquet).")
    ] = None,
) -> None:
    """Run a scenario and write the long table ``year,region,indicator,value``.

    Also prints the published regional figures and the operator's EPR money beside the model.
    """
    from arna.circular.api import run_scenario
    from arna.circular.output import check_table_path, write_table

    check_table_path(output)
    if comparison is not None:
        check_table_path(comparison)
    result = run_scenario(scenario, _dataset(dataset))
    write_table(result.table, output)
    years = result.target_years()
    _console.print(f"scenario {result.name}: {len(result.table)} rows written to {output}")
    for label, year in years.items():
        _console.print(f"  first year {label}: {year if year is not None else 'not reached'}")
    _print_comparisons(result, comparison)


def _print_comparisons(result: WasteRun, path: Path | None) -> None:
    """Regional figures and EPR money beside the published ones (and optionally to a file)."""
    import pandas as pd

    from arna.circular.operator import epr_comparison
    from arna.circular.output import write_table
    from arna.circular.regional import SHARE_TOLERANCE, TONNES_TOLERANCE, comparison

    regional = comparison(result)
    epr = epr_comparison(result)
    _console.print(f"published regional figures vs model (tolerance ±{100 * SHARE_TOLERANCE:.0f} pp "
                   f"for shares, ±{100 * TONNES_TOLERANCE:.0f}% for tonnes):")
    for r in regional.to_dict("records"):
        share = r["indicator"] in ("kz_processing_share", "coverage")
        pub, mod = float(str(r["published"])), float(str(r["modelled"]))
        tonnes = str(r["indicator"]).endswith("_t")
        shown = [f"{100 * v:.1f}%" if share else f"{v / 1e3:,.0f} kt" if tonnes else f"{v:,.0f}"
                 for v in (pub, mod)]
        flag = "CONFLICT " if r["status"] == "conflict" else ""
        _console.print(f"  {r['region']!s:<10} {r['year']} {r['indicator']!s:<19} published "
                       f"{shown[0]:>9}  model {shown[1]:>9}  {r['role']!s:<6} {flag}"
                       f"{r['source']}")
    _console.print("EPR money, Jan-Nov 2025 (model x 11/12) vs the operator (±15%):")
    for e in epr.to_dict("records"):
        flag = "CONFLICT" if e["status"] == "conflict" else ""
        pub, mod = float(str(e["published"])) / 1e9, float(str(e["modelled"])) / 1e9
        diff = 100 * float(str(e["difference"]))
        _console.print(f"  {e['indicator']!s:<34} published {pub:7.1f} bn  model {mod:7.1f} bn"
                       f"  {diff:+.0f}% {flag}")
    if path is not None:
        both = pd.concat([regional.assign(kind="regional"), epr.assign(kind="epr")],
                         ignore_index=True)
        write_table(both, path)
        _console.print(f"comparison written to {path}")


@waste_app.command("akimat")
def akimat_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.csv or FILE.parquet")],
    scenario: ScenarioOpt = "baseline",
    region: Annotated[list[str] | None, typer.Option(
        "--region", "-r", help="Region code(s) from regions.csv, or KZ (default: all).")] = None,
    year: Annotated[list[int] | None, typer.Option(
        "--year", "-y", help="Year(s) (default: all years of the horizon).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="en, ru or kk.")] = "ru",
    dataset: DatasetOpt = None,
) -> None:
    """Write the indicators of a regional municipal-waste programme (kk/ru/en)."""
    from arna.circular.akimat import programme_table
    from arna.circular.api import run_scenario
    from arna.circular.i18n import check_lang
    from arna.circular.output import check_table_path, write_table

    check_table_path(output)
    check_lang(lang)
    result = run_scenario(scenario, _dataset(dataset))
    table = programme_table(result, lang, region or None, year or None)
    write_table(table, output)
    _console.print(f"scenario {result.name}: {len(table)} programme rows written to {output}")


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
