"""Basin commands: ``models`` (the bundled models) and ``balance`` (the national water balance)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False)


def register(app: typer.Typer) -> None:
    """Add the basin commands to ``app``."""
    app.command("models")(models)
    app.command("balance")(balance)


def models() -> None:
    """List the bundled models with their scenarios; run one with `arna run NAME`."""
    from rich.table import Table

    from arna.data.registry import bundled_models

    table = Table(title="Bundled models (arna run NAME [--scenario S])", title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("scenarios")
    table.add_column("description")
    for m in bundled_models():
        table.add_row(m.name, ", ".join(m.scenarios), m.summary)
    console.print(table)
    console.print("sources of every figure: SOURCES.md next to each model.yaml; `arna validate NAME` checks one")


def balance(
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw the national balance (.png or .svg).")] = None,
) -> None:
    """Print Kazakhstan's national water balance by basin, source country and sector (cited figures)."""
    import pandas as pd
    from rich.table import Table

    from arna.data.national import load_national_balance, plot_national_balance

    nb = load_national_balance()
    if plot is not None and plot.suffix.lower() not in {".png", ".svg"}:
        from arna.errors import InputError

        raise InputError(f"{plot}: the plot is written as .png or .svg; choose one of those suffixes")
    for title, frame in nb.tables().items():
        shown = frame.drop(columns=["source"])
        table = Table(title=title, title_justify="left")
        for col in shown.columns:
            table.add_column(col, justify="right" if pd.api.types.is_numeric_dtype(shown[col]) else "left")
        for row in shown.itertuples(index=False):
            table.add_row(*[f"{v:,.2f}" if isinstance(v, float) else str(v) for v in row])
        console.print(table)
        for label, source in zip(frame.iloc[:, 0], frame["source"], strict=True):
            console.print(f"  {label}: {source}")
    for line in nb.notes():
        console.print(line)
    if plot is not None:
        plot_national_balance(nb, plot)
        console.print(f"plot: {plot}")
