"""A hand-written inline-SVG Sankey diagram of the national MSW flows of one year."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from arna.circular.i18n import NODE, fmt_number, t
from arna.circular.model import Flows

COLUMNS: dict[str, int] = {
    "generated": 0, "collected": 1, "uncollected": 1, "separate": 2, "bio": 2, "mixed": 2,
    "sorting": 3, "composting": 3, "recycler": 4, "residual": 5, "recycled": 6, "compost": 6,
    "wte": 6, "sanitary": 6, "noncompliant": 6, "air": 7, "ash": 7, "metals": 7,
}
"""Node -> column, in vertical order within a column."""

COLOURS: dict[str, str] = {
    "recycled": "#2a9d8f", "compost": "#2a9d8f", "metals": "#2a9d8f", "recycler": "#2a9d8f",
    "uncollected": "#b5179e", "noncompliant": "#e63946", "sanitary": "#f4a261",
    "wte": "#e9c46a", "air": "#adb5bd", "ash": "#f4a261",
}

WIDTH, HEIGHT, NODE_W, GAP, MARGIN = 1100.0, 520.0, 14.0, 14.0, 24.0


@dataclass(frozen=True)
class Link:
    """A flow between two nodes (tonnes)."""

    source: str
    target: str
    value: float


def links_of(flows: Flows, year_index: int) -> list[Link]:
    """National links of one year (flows summed over regions and materials)."""
    def v(name: str) -> float:
        return float(getattr(flows, name)[:, year_index, :].sum())

    spec = [
        ("generated", "collected", "collected"), ("generated", "uncollected", "uncollected"),
        ("collected", "separate", "separate_dry"), ("collected", "bio", "separate_bio"),
        ("collected", "mixed", "mixed"), ("separate", "sorting", "separate_dry"),
        ("mixed", "sorting", "mixed_sorted"), ("mixed", "residual", "mixed_unsorted"),
        ("bio", "composting", "separate_bio"), ("composting", "compost", "bio_recycled"),
        ("composting", "residual", "bio_impurities"), ("sorting", "recycler", "sorted_output"),
        ("sorting", "residual", "sorting_residue"), ("recycler", "recycled", "recycled"),
        ("recycler", "residual", "recycler_rejects"), ("residual", "wte", "wte_input"),
        ("residual", "sanitary", "landfill_sanitary"),
        ("residual", "noncompliant", "landfill_noncompliant"),
        ("wte", "air", "wte_air"), ("wte", "ash", "wte_ash"), ("wte", "metals", "wte_metals"),
    ]
    return [Link(s, d, v(f)) for s, d, f in spec if v(f) > 0]


def _node_values(links: list[Link]) -> dict[str, float]:
    inflow: dict[str, float] = {}
    outflow: dict[str, float] = {}
    for lk in links:
        outflow[lk.source] = outflow.get(lk.source, 0.0) + lk.value
        inflow[lk.target] = inflow.get(lk.target, 0.0) + lk.value
    return {n: max(inflow.get(n, 0.0), outflow.get(n, 0.0)) for n in {*inflow, *outflow}}


def _layout(values: dict[str, float]) -> tuple[dict[str, tuple[float, float, float]], float]:
    """Node -> (x, y, height) and the tonnes-to-pixels scale."""
    ncol = max(COLUMNS.values()) + 1
    cols: list[list[str]] = [[n for n in COLUMNS if COLUMNS[n] == c and n in values]
                             for c in range(ncol)]
    usable = HEIGHT - 2 * MARGIN
    scale = min((usable - GAP * max(len(c) - 1, 0)) / max(sum(values[n] for n in c), 1e-9)
                for c in cols if c)
    pos: dict[str, tuple[float, float, float]] = {}
    step = (WIDTH - 2 * MARGIN - 150.0 - NODE_W) / (ncol - 1)
    for c, names in enumerate(cols):
        y = MARGIN
        for n in names:
            h = max(values[n] * scale, 1.0)
            pos[n] = (MARGIN + c * step, y, h)
            y += h + GAP
    return pos, scale


def _band(x0: float, y0: float, x1: float, y1: float, h: float) -> str:
    xm = (x0 + x1) / 2
    return (f"M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
            f"L{x1:.1f},{y1 + h:.1f} C{xm:.1f},{y1 + h:.1f} {xm:.1f},{y0 + h:.1f} "
            f"{x0:.1f},{y0 + h:.1f} Z")


def sankey_svg(flows: Flows, year_index: int, lang: str) -> str:
    """The Sankey diagram as an inline ``<svg>`` element (values in kt)."""
    links = links_of(flows, year_index)
    values = _node_values(links)
    pos, scale = _layout(values)
    out_off = dict.fromkeys(pos, 0.0)
    in_off = dict.fromkeys(pos, 0.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
             f'class="sankey" role="img" aria-label="Sankey">']
    for lk in links:
        (xs, ys, _), (xt, yt, _) = pos[lk.source], pos[lk.target]
        h = lk.value * scale
        path = _band(xs + NODE_W, ys + out_off[lk.source], xt, yt + in_off[lk.target], h)
        out_off[lk.source] += h
        in_off[lk.target] += h
        colour = COLOURS.get(lk.target, "#8ecae6")
        title = (f"{t(lk.source, lang, NODE)} → {t(lk.target, lang, NODE)}: "
                 f"{fmt_number(lk.value / 1e3, lang)} kt")
        parts.append(f'<path d="{path}" fill="{colour}" fill-opacity="0.45">'
                     f"<title>{escape(title)}</title></path>")
    for n, (x, y, h) in pos.items():
        label = f"{t(n, lang, NODE)} {fmt_number(values[n] / 1e3, lang)}"
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W:.0f}" height="{h:.1f}" '
                     f'fill="{COLOURS.get(n, "#219ebc")}"/>')
        parts.append(f'<text x="{x + NODE_W + 3:.1f}" y="{y + h / 2 + 4:.1f}" '
                     f'font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
