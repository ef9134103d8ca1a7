"""A self-contained HTML page of a front: parallel coordinates, a scatter matrix (a scatter plot for two
objectives), hypervolume by generation.

plotly.js is embedded from the installed ``plotly`` package (as the dashboard serves it), so the page
needs no internet.
"""

from __future__ import annotations

import html
import importlib.util
import json
from pathlib import Path
from typing import Any

import pandas as pd

from arna.optimise.front import GENERATION, SOLUTION
from arna.optimise.problem import Problem

__all__ = ["REFERENCE", "front_page", "plotly_js"]

REFERENCE = "the model as it is"


def plotly_js() -> str:
    """plotly.js as shipped inside the installed ``plotly`` Python package."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the 'plotly' package is not installed; the front page's charts need it")
    return (Path(spec.origin).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")


def _label(problem: Problem, name: str) -> str:
    for o in problem.objectives:
        if o.name == name:
            return f"{name} ({o.sense})"
    return name


def _parcoords(front: pd.DataFrame, problem: Problem) -> dict[str, Any]:
    names = [v.name for v in problem.variables] + [o.name for o in problem.objectives]
    first = problem.objectives[0].name
    dims = [{"label": _label(problem, n), "values": front[n].astype(float).tolist()} for n in names]
    return {
        "data": [{"type": "parcoords", "dimensions": dims, "labelangle": -25,
                  "line": {"color": front[first].astype(float).tolist(), "colorscale": "Viridis",
                           "showscale": True, "colorbar": {"title": {"text": first}}}}],
        "layout": {"title": {"text": "Decisions and objectives of the Pareto set (drag along an axis to filter)"},
                   "margin": {"l": 80, "r": 80, "t": 160}, "height": 560},
    }


#: The legend (the Pareto set and the star of the model as it is) at the top right, and the colour bar of the
#: generation below it: both sit right of the plot, so the bar stops short of the top (Plotly puts both at the
#: top by default, and the legend covered the bar's title).
LEGEND = {"x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"}
GENERATION_BAR = {"title": {"text": "generation"}, "len": 0.7, "y": 0.0, "yanchor": "bottom"}


def _objectives(front: pd.DataFrame, problem: Problem,
                reference: dict[str, float] | None) -> dict[str, Any] | None:
    """The objectives against each other: a scatter plot for two, a scatter matrix for more, none for one."""
    names = [o.name for o in problem.objectives]
    if len(names) < 2:
        return None
    figure = _scatter(front, problem, reference) if len(names) == 2 else _splom(front, problem, reference)
    figure["layout"] |= {"legend": LEGEND, "dragmode": "select",
                         "title": {"text": "Objectives against each other (hover for the solution number; "
                                           "the star is the model as it is)"}}
    return figure


def _marker(front: pd.DataFrame) -> dict[str, Any]:
    return {"size": 7, "color": front[GENERATION].astype(float).tolist(), "colorscale": "Cividis",
            "showscale": True, "colorbar": GENERATION_BAR}


STAR = {"size": 14, "symbol": "star", "color": "#d62728"}


def _scatter(front: pd.DataFrame, problem: Problem, reference: dict[str, float] | None) -> dict[str, Any]:
    """Two objectives: one scatter plot (a scatter matrix of two has a single panel, and Plotly 4 cannot draw it)."""
    x, y = (o.name for o in problem.objectives)
    text = [f"solution {int(s)}" for s in front[SOLUTION]]
    data: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "markers", "name": "Pareto set", "text": text,
        "x": front[x].astype(float).tolist(), "y": front[y].astype(float).tolist(), "marker": _marker(front)}]
    if reference is not None:
        data.append({"type": "scatter", "mode": "markers", "name": REFERENCE, "text": [REFERENCE],
                     "x": [reference[x]], "y": [reference[y]], "marker": STAR})
    return {"data": data, "layout": {"height": 480, "xaxis": {"title": {"text": _label(problem, x)}},
                                     "yaxis": {"title": {"text": _label(problem, y)}}}}


def _splom(front: pd.DataFrame, problem: Problem, reference: dict[str, float] | None) -> dict[str, Any]:
    names = [o.name for o in problem.objectives]
    dims = [{"label": n, "values": front[n].astype(float).tolist()} for n in names]
    text = [f"solution {int(s)}" for s in front[SOLUTION]]
    data: list[dict[str, Any]] = [{
        "type": "splom", "dimensions": dims, "text": text, "showupperhalf": False, "name": "Pareto set",
        "diagonal": {"visible": False}, "marker": _marker(front)}]
    if reference is not None:
        data.append({"type": "splom", "name": REFERENCE, "text": [REFERENCE], "showupperhalf": False,
                     "diagonal": {"visible": False},
                     "dimensions": [{"label": n, "values": [reference[n]]} for n in names], "marker": STAR})
    return {"data": data, "layout": {"height": 240 * len(names)}}


def _hypervolume(history: pd.DataFrame) -> dict[str, Any]:
    return {
        "data": [{"type": "scatter", "mode": "lines+markers", "x": history[GENERATION].tolist(),
                  "y": history["hypervolume"].tolist()}],
        "layout": {"title": {"text": "Hypervolume by generation (objectives scaled by the first generation)"},
                   "xaxis": {"title": {"text": "generation"}, "dtick": 1},
                   "yaxis": {"title": {"text": "hypervolume"}}},
    }


def front_page(front: pd.DataFrame, history: pd.DataFrame, problem: Problem, summary: str,
               reference: dict[str, float] | None = None) -> str:
    """The HTML text of the page; ``reference`` (objective → value) is the model as it is, shown as a star."""
    figures = {"parcoords": _parcoords(front, problem), "splom": _objectives(front, problem, reference),
               "hv": _hypervolume(history)}
    figures = {k: f for k, f in figures.items() if f is not None}
    table = front.to_html(index=False, float_format=lambda v: f"{v:.6g}", border=0, classes="front")
    payload = json.dumps(figures).replace("</", "<\\/")
    divs = "\n".join(f'<div id="{k}" class="chart"></div>' for k in figures)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(problem.name)}: Pareto front</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}}.chart{{margin:1em 0}}
table.front{{border-collapse:collapse;font-size:0.85em}}table.front td,table.front th{{padding:2px 8px;
text-align:right;border-bottom:1px solid #ddd}}</style>
<script>{plotly_js()}</script></head><body>
<h1>{html.escape(problem.name)}: Pareto front</h1>
<p>{html.escape(problem.description or "")}</p>
<p>{html.escape(summary)}</p>
{divs}
<h2>The Pareto set</h2>
<p>Write solution K back as a model document with <code>arna optimise apply PROBLEM FRONT --solution K -o
model.yaml</code>.</p>
{table}
<script>const FIGS={payload};
for (const [id, fig] of Object.entries(FIGS)) Plotly.newPlot(id, fig.data, fig.layout, {{responsive: true}});
</script></body></html>
"""
