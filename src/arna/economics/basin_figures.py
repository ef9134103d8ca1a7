"""Figures of the appraisal report as inline SVG: the outlets' inflow without and with the measures."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from arna.economics.basin import BasinAppraisal
from arna.economics.basin_texts import Voice
from arna.economics.i18n import localise
from arna.report.i18n import unit_text

M3_PER_KM3 = 1e9


def svg_of(fig: Any) -> str:
    """A matplotlib figure as inline SVG (text as paths, no date: reproducible)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.find("<svg"):]


def outlet_figure(result: BasinAppraisal, lang: str = "en") -> Any:
    """Bars: mean annual inflow (km³/yr) of each outlet without measures, with each, and all together."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    v = Voice(result, lang)
    flows = result.outlets / M3_PER_KM3
    fig = Figure(figsize=(9, 0.9 + 0.45 * len(flows) * max(len(flows.columns), 1)), layout="constrained")
    ax = fig.add_subplot()
    labels = [textwrap.fill(v.run(str(r)), 32) for r in flows.index]  # long names on two lines
    height = 0.8 / max(len(flows.columns), 1)
    for j, outlet in enumerate(flows.columns):
        ys = [i + j * height for i in range(len(labels))]
        bars = ax.barh(ys, flows[outlet].to_numpy(), height=height, label=v.node(str(outlet)), color=f"C{j % 10}")
        ax.bar_label(bars, labels=[v.num(float(x), 3) for x in flows[outlet]], fontsize="small", padding=2)
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(labels))], labels)
    ax.invert_yaxis()
    if lang != "en":
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: localise(f"{x:g}", lang)))
    ax.set_xlabel(f"{v.t('fig_outlets_x')} ({unit_text('km3/yr', lang)})")
    ax.set_title(v.t("fig_outlets_title", model=v.model(), scenario=v.scenario()))
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def outlet_figure_svg(result: BasinAppraisal, lang: str = "en") -> str:
    """The outlet figure as inline SVG; nothing when the model has no outlet."""
    if result.outlets.empty or len(result.outlets.columns) == 0:
        return ""
    return svg_of(outlet_figure(result, lang))
