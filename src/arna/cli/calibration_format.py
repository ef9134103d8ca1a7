"""Formatting of ``arna calibration``'s table: terminal, Markdown and files (imported when the command runs)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from arna.indicators.calibration import row_decimals

# Wide when the output goes to a file or a pipe, so the table stays readable there.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)

_MIN_WIDTH = {"what": 16, "period": 12, "note": 16}


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


def print_table(header: str, table: pd.DataFrame, summary: pd.DataFrame, missing: list[tuple[str, str]]) -> None:
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


def write_table(table: pd.DataFrame, path: Path, missing: list[tuple[str, str]]) -> None:
    suffix = path.suffix.lower()
    if suffix == ".md":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown(table, missing), encoding="utf-8")
        return
    from arna.engine import write_frame

    write_frame(table, path)
