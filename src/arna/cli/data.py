"""``arna data import``: a gauge table (CSV or Excel) checked and written as a series with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from arna.errors import InputError

if TYPE_CHECKING:
    from arna.data_import import Imported

console = Console(highlight=False)
data_app = typer.Typer(help="Observed data: import gauge tables as series.", no_args_is_help=True)
SHOWN = 20


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")


@data_app.command("import")
def import_(
    table: Annotated[Path, typer.Argument(help="Gauge table: .csv or .xlsx (year × month, year × dekad, "
                                               "month × dekad, or date/value).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Series file to write (.csv or .parquet).")],
    unit: Annotated[str, typer.Option("--unit", help="Unit of the table's values, e.g. m3/s, hm3/month.")],
    to_unit: Annotated[str, typer.Option("--to-unit", help="Unit of the written series.")] = "m3/s",
    sheet: Annotated[str | None, typer.Option("--sheet", help="Excel sheet (default: the first).")] = None,
    column: Annotated[str | None, typer.Option(
        "--column", help="Value column of a date/value table with several.")] = None,
    station: Annotated[str | None, typer.Option("--station", help="Station (gauge) name, for the provenance.")] = None,
    name: Annotated[str, typer.Option("--name", help="Column name in the written series.")] = "value",
    z: Annotated[float, typer.Option("--z", min=1.0, help="Robust z-score beyond which a value is an outlier.")] = 3.5,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 2, nothing written) on any QA finding.")] = False,
) -> None:
    """Check a gauge table (gaps, duplicates, negatives, outliers, annual column) and write it as a series."""
    from arna.data_import import import_table, write_series

    imported = import_table(table, unit=unit, to_unit=to_unit, sheet=sheet, column=column, station=station,
                            z_threshold=z)
    _summary(table, imported)
    if strict and imported.findings:
        raise InputError(f"{table}: {len(imported.findings)} QA finding(s) (listed above); correct the table, "
                         "or import without --strict to keep them recorded in the provenance")
    series, side = write_series(imported, output, name)
    console.print(f"wrote {escape(str(series))} (column '{escape(name)}', {imported.provenance['unit']}) and "
                  f"{escape(str(side))}")
    console.print(f"use it as: {{type: series, file: {escape(series.name)}, column: {escape(name)}, "
                  f"unit: {imported.provenance['unit']}}}")


def _summary(path: Path, imp: Imported) -> None:
    from rich.table import Table

    from arna.data_import.qa import KINDS

    p = imp.provenance
    console.print(f"[bold]{escape(str(path))}[/]" + (f" sheet '{escape(p['sheet'])}'" if p["sheet"] else "")
                  + f": {p['shape']} table, {p['rows']} {p['resolution']}s {p['period'][0]} – {p['period'][1]}, "
                  f"{p['unit_declared']} → {p['unit']}")
    counts = Table(title="QA findings", show_header=True)
    for k in KINDS:
        counts.add_column(k, justify="right")
    counts.add_row(*[str(p["counts"][k]) for k in KINDS])
    console.print(counts)
    if not imp.findings:
        return
    detail = Table(show_header=True)
    for col in ("kind", "date", "cell", "finding"):
        detail.add_column(col)
    for f in imp.findings[:SHOWN]:
        detail.add_row(f.kind, f.date, escape(f.cell), escape(f.message))
    console.print(detail)
    if len(imp.findings) > SHOWN:
        console.print(f"… and {len(imp.findings) - SHOWN} more (all in the provenance file)")


@data_app.command("aggregate")
def aggregate_cmd(
    results: Annotated[Path, typer.Argument(help="Results table written by `arna run --output` (.csv or .parquet).")],
    to: Annotated[str, typer.Option("--to", help="dekad, month or year.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Aggregated table (.csv or .parquet).")],
    states: Annotated[str, typer.Option("--states", help="Volumes and levels: 'end' of period or 'mean'.")] = "end",
) -> None:
    """Aggregate run results to dekads, months or years (flows: time-weighted mean; volumes and
    levels: end of period or mean; energy: sum)."""
    from arna.engine import write_frame
    from arna.engine.periods import PERIODS, Period, aggregate_frame
    from arna.engine.results import read_frame

    if to not in PERIODS:
        raise InputError(f"--to {to}: aggregate to one of {', '.join(PERIODS)}")
    if states not in ("end", "mean"):
        raise InputError(f"--states {states}: use 'end' or 'mean'")
    period: Period = to  # checked against PERIODS above
    try:
        out = aggregate_frame(read_frame(results), None, period, "end" if states == "end" else "mean")
    except InputError as exc:
        raise InputError(f"{results}: {exc}") from None
    write_frame(out, output)
    console.print(f"wrote {escape(str(output))}: {out['time'].nunique()} {to}s")
