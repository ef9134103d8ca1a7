"""The run report: one HTML file with the schematic, summary tables and figures inline."""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
from pathlib import Path

import pandas as pd

from arna import __version__
from arna.engine.results import Results
from arna.indicators.summary import summary_tables
from arna.report.figures import auto_positions, network_svg, series_figure
from arna.schema.document import ModelDocument

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}th{background:#f3f6f9}
td:first-child,td:nth-child(2),th{text-align:left}.meta{color:#555;font-size:.9rem}
svg{max-width:100%;height:auto}.network{border:1px solid #eee;background:#fcfdfe}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;font-size:.9rem}
"""

_TITLES = {
    "demands": "Demands: mean annual volumes, coverage and time reliability",
    "hydropower": "Hydropower: mean annual energy",
    "targets": "Environmental flows and terminal lakes: inflow against target",
}


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<p>None in this model.</p>"
    fmt = {c: (lambda v: f"{v:.1%}") for c in frame.columns if c in {"coverage", "reliability", "months_target_met"}}
    return frame.to_html(index=False, float_format=lambda v: f"{v:,.3f}", formatters=fmt, border=0)


def render_report(res: Results, doc: ModelDocument | None = None) -> str:
    """The report as an HTML string."""
    parts = [f"<h1>{html.escape(res.name)}</h1>"]
    if doc is not None and doc.description:
        parts.append(f"<p>{html.escape(doc.description)}</p>")
    parts.append(
        f'<p class="meta">{len(res.timesteps)} timesteps from {res.timesteps[0].date()} to '
        f"{res.timesteps[-1].date()}; scenarios: {html.escape(', '.join(res.scenarios))}; "
        f"largest water-balance error {res.balance_error:.1e} (relative); Arna {__version__}; "
        f"written {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.</p>"
    )
    if doc is not None:
        parts.append("<h2>Network</h2>" + _schematic(doc))
        est = doc.metadata.get("estimates")
        if est:
            parts.append(f'<p class="note">{html.escape(str(est))}</p>')
    for key, frame in summary_tables(res).items():
        parts.append(f"<h2>{_TITLES[key]}</h2>{_table(frame)}")
    figures = [
        ("volume", "Storage volume", "hm³"),
        ("deficit", "Deficits", "m³/s"),
        ("flow", "Flows at outlets and environmental-flow points", "m³/s"),
        ("energy", "Hydropower energy per timestep", "GWh"),
    ]
    outlets = [n for n, a, _ in res.series if a in {"target_inflow", "requirement", "agreement"}]
    parts.append("<h2>Time series</h2>")
    for attr, title, unit in figures:
        svg = series_figure(res, attr, title, unit, nodes=outlets if attr == "flow" else None)
        if svg:
            parts.append(svg)
    body = "\n".join(parts)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(res.name)}'
            f"</title><style>{_CSS}</style></head><body>{body}</body></html>")


def _schematic(doc: ModelDocument) -> str:
    names = [n.name for n in doc.nodes]
    if all(n.position is not None for n in doc.nodes):
        pos = [n.position for n in doc.nodes if n.position is not None]
    else:
        pos = auto_positions(names, list(doc.edges))
    return network_svg(names, [n.type for n in doc.nodes], pos, list(doc.edges))


def write_report(res: Results, path: str | Path, doc: ModelDocument | None = None) -> Path:
    """Write the report atomically."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(render_report(res, doc))
    os.replace(tmp, p)
    return p
