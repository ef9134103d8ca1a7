"""``arna calibration MODEL``: every cited observation beside the simulated value, and what cannot be calibrated."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from arna.errors import InputError
from arna.indicators.calibration import row_decimals

# Wide when the output goes to a file or a pipe, so the table stays readable there.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)

_MIN_WIDTH = {"what": 16, "period": 12, "note": 16}
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
        _print(header, table, calibration_summary(table), [(m.what, m.why) for m in missing])
    if output is not None:
        _write(table, output, [(m.what, m.why) for m in missing])
        console.print(f"table: {output}")
    if check and bool((table["within"] == False).any()):  # noqa: E712 (NA rows are not misses)
        raise typer.Exit(EXIT_MISSES)


# ---------------------------------------------------------------- formatting


def fmt_value(v: object, decimals: int) -> str:
    """A number with ``decimals`` decimals (thousands separated); '–' for a missing one."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{float(str(v)):,.{decimals}f}"


def _error(row: pd.Series, decimals: int) -> str:
    if pd.isna(row["error"]):
        return "–"
    unit = " pp" if row["aggregate"] == "season_share" else ""
    text = f"{float(row['error']):+,.{decimals}f}{unit}"
    if not pd.isna(row["error_rel"]) and row["aggregate"] != "season_share":
        text += f" ({float(row['error_rel']):+.0%})"
    return text


def _tolerance(row: pd.Series) -> str:
    if row["tolerance_type"] == "relative":
        return f"±{float(row['tolerance']):.0%}"
    unit = "pp" if row["tolerance_type"] == "pp" else str(row["unit"])
    return f"±{float(row['tolerance']):g} {unit}".rstrip()


def _within(row: pd.Series) -> str:
    if pd.isna(row["within"]):
        return "not evaluated"
    return "yes" if bool(row["within"]) else "NO"


def display_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The table as text columns for people: what, period, cited, simulated, error, tolerance, within, source."""
    decimals = [row_decimals(float(c), float(b)) for c, b in zip(table["cited"], table["band"], strict=True)]
    return pd.DataFrame({
        "kind": table["kind"],
        "what": table["node"] + " / " + table["attribute"],
        "scenario": table["scenario"],
        "period": table["period"],
        "cited": [fmt_value(v, d) for v, d in zip(table["cited"], decimals, strict=True)],
        "simulated": [fmt_value(v, d) for v, d in zip(table["simulated"], decimals, strict=True)],
        "unit": table["unit"],
        "error": [_error(r, d) for (_, r), d in zip(table.iterrows(), decimals, strict=True)],
        "tolerance": [_tolerance(r) for _, r in table.iterrows()],
        "within": [_within(r) for _, r in table.iterrows()],
        "note": table["note"],
        "source": table["source"],
    })


def _print(header: str, table: pd.DataFrame, summary: pd.DataFrame, missing: list[tuple[str, str]]) -> None:
    console.print(escape(header))
    shown = display_rows(table)
    for kind in dict.fromkeys(shown["kind"]):
        part = _compact(shown[shown["kind"] == kind].drop(columns=["kind"]))
        s = summary[summary["kind"] == kind].iloc[0]
        title = f"{kind}: {s['within']} of {s['rows']} within tolerance"
        if s["not_evaluated"]:
            title += f" ({s['not_evaluated']} not evaluated)"
        sources = list(dict.fromkeys(part["source"]))
        part = part.assign(source=[f"[{sources.index(x) + 1}]" for x in part["source"]])
        rich = Table(title=escape(title), title_justify="left")
        for col in part.columns:
            numeric = col in {"cited", "simulated", "error", "tolerance"}
            rich.add_column("src" if col == "source" else col, justify="right" if numeric else "left",
                            no_wrap=numeric or col in {"within", "source", "unit"}, overflow="fold",
                            min_width=_MIN_WIDTH.get(col))
        for row in part.itertuples(index=False):
            style = "red" if row.within == "NO" else "dim" if row.within == "not evaluated" else None
            rich.add_row(*[escape(str(c)) for c in row], style=style)
        console.print(rich)
        for k, text in enumerate(sources, start=1):
            console.print(f"  [{k}] {escape(text)}")
    total, within = int(summary["rows"].sum()), int(summary["within"].sum())
    console.print(f"within tolerance: {within} of {total}; outside: {int(summary['outside'].sum())}; "
                  f"not evaluated: {int(summary['not_evaluated'].sum())}")
    console.print("not calibrated:" if missing else "not calibrated: (the model lists nothing)")
    for what, why in missing:
        console.print(f"  - {escape(what)}: {escape(why)}")


def _compact(part: pd.DataFrame) -> pd.DataFrame:
    """Without the columns that say nothing here: an empty note, a single scenario (named in the header)."""
    drop = [c for c in ("note",) if not part[c].astype(bool).any()]
    if part["scenario"].nunique() == 1:
        drop.append("scenario")
    return part.drop(columns=drop)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(table: pd.DataFrame, missing: list[tuple[str, str]]) -> str:
    """The table (one section per kind, with its summary) and the not-calibrated list as Markdown."""
    shown = display_rows(table)
    lines: list[str] = []
    for kind in dict.fromkeys(shown["kind"]):
        part = shown[shown["kind"] == kind].drop(columns=["kind"])
        part = _compact(part)
        n_within = int((part["within"] == "yes").sum())
        lines += [f"**{kind}**: {n_within} of {len(part)} within tolerance", "",
                  "| " + " | ".join(part.columns) + " |", "|" + "---|" * len(part.columns)]
        lines += ["| " + " | ".join(_cell(str(c)) for c in row) + " |" for row in part.itertuples(index=False)]
        lines.append("")
    lines.append("**Not calibrated**" + ("" if missing else ": the model lists nothing"))
    if missing:
        lines.append("")
        lines += [f"- {_cell(what)}: {_cell(why)}" for what, why in missing]
    return "\n".join(lines) + "\n"


def _write(table: pd.DataFrame, path: Path, missing: list[tuple[str, str]]) -> None:
    suffix = path.suffix.lower()
    if suffix == ".md":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown(table, missing), encoding="utf-8")
        return
    from arna.engine import write_frame

    write_frame(table, path)
