"""Figures as inline SVG (matplotlib, Agg backend: no display, no network)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from arna.engine.results import Results
from arna.report.i18n import MONTHS
from arna.report.schematic import network_svg

__all__ = ["auto_positions", "network_svg", "series_figure"]


def _svg(fig: object) -> str:
    buf = io.StringIO()
    # text drawn as paths (no fonts to fetch); no creation date, so reports are reproducible
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    text = buf.getvalue()
    return text[text.find("<svg"):]


def series_figure(res: Results, attribute: str, title: str, ylabel: str, nodes: list[str] | None = None,
                  number_format: Callable[[float], str] | None = None, lang: str = "en",
                  names: Mapping[str, str] | None = None,
                  scenario_names: Mapping[str, str] | None = None) -> str | None:
    """One line per node and scenario of ``attribute`` over time; ``None`` if nothing to draw.

    ``number_format`` formats the values on the y axis; month names on the time axis are in ``lang``;
    ``names`` and ``scenario_names`` give nodes' and scenarios' display names for the legend (default: the
    names).
    """
    chosen = [n for n, a, _ in res.series if a == attribute and (nodes is None or n in nodes)]
    if not chosen:
        return None
    n_lines = len(chosen) * len(res.scenarios)
    ncol = 1 if n_lines == 1 else 2 if n_lines <= 12 else 3
    legend_h = 0.14 * math.ceil(n_lines / ncol) + 0.12  # inches
    height = 3.0 + legend_h
    # fixed margins: one draw (bbox_inches="tight" or a constrained layout would draw twice or more)
    fig, ax = plt.subplots(figsize=(9, height))
    fig.subplots_adjust(left=0.09, right=0.98, top=1 - 0.35 / height, bottom=(legend_h + 0.4) / height)
    styles = ["-", "--", ":", "-."]
    for i, node in enumerate(chosen):
        values = res.get(node, attribute)
        shown = (names or {}).get(node, node)
        for k, scen in enumerate(res.scenarios):
            ax.plot(res.timesteps, values[:, k], styles[k % len(styles)], color=f"C{i % 10}",
                    label=f"{shown} — {(scenario_names or {}).get(scen, scen)}" if len(res.scenarios) > 1 else shown,
                    linewidth=1.4)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if number_format is not None:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number_format(float(v))))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _date_label(float(v), lang)))
    ax.grid(alpha=0.3)
    fig.legend(fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=ncol, frameon=False)
    return _svg(fig)


def _date_label(value: float, lang: str) -> str:
    """A tick on the time axis: the year in January, else the month's short name in ``lang``."""
    d = mdates.num2date(value)  # type: ignore[no-untyped-call]
    if d.month == 1:
        return str(d.year)
    return MONTHS.get(lang, MONTHS["en"])[d.month - 1][:3]


def auto_positions(names: list[str], edges: list[tuple[str, str]]) -> list[tuple[float, float]]:
    """Layered layout: x = longest path from a source, y = order within the layer."""
    depth = dict.fromkeys(names, 0)
    for _ in range(len(names)):
        changed = False
        for a, b in edges:
            if depth[b] < depth[a] + 1 and depth[a] + 1 <= len(names):
                depth[b] = depth[a] + 1
                changed = True
        if not changed:
            break
    seen: dict[int, int] = {}
    out = []
    for n in names:
        d = depth[n]
        out.append((float(d), float(seen.get(d, 0))))
        seen[d] = seen.get(d, 0) + 1
    return out
