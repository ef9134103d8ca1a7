"""The network schematic of the report, drawn with matplotlib as inline SVG.

Nodes at their document coordinates (or an automatic layout), one symbol and colour per kind; edges as
arrows in the direction of flow, canal and diversion edges in their own colour, return flows dashed from
each demand to where they return; labels placed by :func:`arna.report.labels.place_labels` on the
sizes matplotlib's renderer measures (so no label overlaps another, a symbol or the drawing's edge, and
the drawing grows taller until they all fit); a legend of the kinds and edges shown, in the report's
language. Hovering a symbol in the SVG shows the node's full name and kind.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from arna.report.i18n import TEXT, t
from arna.report.labels import Placement, Segment, Spacing, place_labels


@dataclass(frozen=True)
class Style:
    """How a node kind is drawn: matplotlib marker, fill colour, size in points."""

    marker: str
    colour: str
    size: float


STYLES: dict[str, Style] = {
    "inflow": Style("^", "#2b8cbe", 9.0),
    "reservoir": Style("s", "#045a8d", 9.0),
    "hydropower": Style("D", "#756bb1", 7.5),
    "demand": Style("o", "#e6550d", 8.5),
    "canal": Style("h", "#a6761d", 9.0),
    "diversion": Style("h", "#a6761d", 9.0),
    "border": Style("P", "#525252", 9.5),
    "terminal": Style("o", "#31a354", 12.0),
    "lake": Style("o", "#31a354", 12.0),
    "environmental_flow": Style("v", "#74c476", 9.0),
    "groundwater": Style("p", "#8c6d31", 9.0),
    "gauge": Style("d", "#6baed6", 7.0),
    "reach": Style("o", "#9ecae1", 5.0),
}
OTHER = Style("o", "#969696", 7.0)
FLOW, CANAL, RETURN = "#4a6fa5", "#a6761d", "#1b9e77"
FONT_PT = 7.5
RETURN_BEND = -0.25
WIDTH_IN = 10.0


@dataclass(frozen=True)
class Schematic:
    """A drawn schematic and the artists the tests measure."""

    fig: Figure
    ax: Axes
    labels: list[Text]
    arrows: list[FancyArrowPatch]
    returns: list[FancyArrowPatch]
    legend: Legend


def kind_label(kind: str, lang: str) -> str:
    """A node kind in ``lang`` (the shared vocabulary's ``kind_<kind>``, else the kind itself)."""
    return t(f"kind_{kind}", lang) if f"kind_{kind}" in TEXT else t(kind, lang)


def wrap(label: str, width: int = 20) -> str:
    """A long label on two lines, split at the space nearest its middle."""
    if len(label) <= width or " " not in label:
        return label
    mid = len(label) / 2
    cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - mid))
    return label[:cut] + "\n" + label[cut + 1:]


def _normalised(positions: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    xs, ys = [p[0] for p in positions], [p[1] for p in positions]
    sx, sy = max(xs) - min(xs), max(ys) - min(ys)
    return [((x - min(xs)) / sx if sx else 0.5, (y - min(ys)) / sy if sy else 0.5) for x, y in positions]


def _legend_handles(kinds: Sequence[str], lang: str, has_canal: bool, has_return: bool
                    ) -> tuple[list[Line2D], list[str]]:
    order = list(STYLES)
    shown = sorted(dict.fromkeys(kinds), key=lambda k: (order.index(k) if k in order else len(order), k))
    handles = [Line2D([], [], linestyle="None", marker=STYLES.get(k, OTHER).marker,
                      markerfacecolor=STYLES.get(k, OTHER).colour, markeredgecolor="#333333",
                      markersize=min(STYLES.get(k, OTHER).size, 9.0)) for k in shown]
    names = [kind_label(k, lang) for k in shown]
    handles.append(Line2D([], [], color=FLOW, lw=1.3, marker=">", markersize=5))
    names.append(t("legend_flow", lang))
    if has_canal:
        handles.append(Line2D([], [], color=CANAL, lw=2.2, marker=">", markersize=5))
        names.append(t("legend_canal", lang))
    if has_return:
        handles.append(Line2D([], [], color=RETURN, lw=1.2, linestyle=(0, (4, 2)), marker=">", markersize=5))
        names.append(t("legend_return", lang))
    return handles, names


def _arrow(a: tuple[float, float], b: tuple[float, float], sa: Style, sb: Style, colour: str, width: float,
           dashed: bool = False, bend: float = 0.0) -> FancyArrowPatch:
    return FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=9, color=colour, lw=width,
                           linestyle=(0, (4, 2)) if dashed else "-", shrinkA=sa.size / 2 + 1.5,
                           shrinkB=sb.size / 2 + 2.0, connectionstyle=f"arc3,rad={bend}", zorder=1)


def _draw_edges(ax: Axes, xy: dict[str, tuple[float, float]], style: dict[str, Style], kind: dict[str, str],
                edges: Sequence[tuple[str, str]], returns: Sequence[tuple[str, str]]
                ) -> tuple[list[FancyArrowPatch], list[FancyArrowPatch]]:
    canal = {"canal", "diversion"}
    arrows = []
    for a, b in edges:
        is_canal = kind[a] in canal or kind[b] in canal
        arrows.append(_arrow(xy[a], xy[b], style[a], style[b], CANAL if is_canal else FLOW, 2.0 if is_canal else 1.3))
    back = [_arrow(xy[a], xy[b], style[a], style[b], RETURN, 1.1, dashed=True, bend=RETURN_BEND) for a, b in returns]
    for patch in arrows + back:
        ax.add_patch(patch)
    return arrows, back


def _layout(fig: Figure, ax_h: float, legend_h: float) -> Axes:
    height = ax_h + legend_h
    ax = fig.add_axes((0.005, legend_h / height, 0.99, ax_h / height - 0.005))
    ax.set_axis_off()
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-0.12, 1.12)
    return ax


def _draw(names: Sequence[str], kinds: Sequence[str], positions: Sequence[tuple[float, float]],
          edges: Sequence[tuple[str, str]], shown: Sequence[str], returns: Sequence[tuple[str, str]],
          lang: str, ax_h: float) -> tuple[Schematic, list[Placement | None]]:
    has_canal = any(k in {"canal", "diversion"} for k in kinds)
    handles, legend_names = _legend_handles(kinds, lang, has_canal, bool(returns))
    ncol = 4
    legend_h = 0.2 * -(-len(handles) // ncol) + 0.15
    fig = plt.figure(figsize=(WIDTH_IN, ax_h + legend_h))
    ax = _layout(fig, ax_h, legend_h)
    xy = dict(zip(names, _normalised(positions), strict=True))
    kind = dict(zip(names, kinds, strict=True))
    style = {n: STYLES.get(k, OTHER) for n, k in kind.items()}
    arrows, back = _draw_edges(ax, xy, style, kind, edges, returns)
    for i, n in enumerate(names):
        st = style[n]
        ax.plot(*xy[n], marker=st.marker, markersize=st.size, markerfacecolor=st.colour, markeredgecolor="#333333",
                markeredgewidth=0.6, linestyle="None", zorder=3, gid=f"arna-node-{i}")
    legend = fig.legend(handles, legend_names, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=ncol,
                        frameon=False, fontsize=FONT_PT, handlelength=2.4, columnspacing=1.6)
    texts = [ax.text(0.0, 0.0, wrap(s), fontsize=FONT_PT, ha="left", va="bottom", zorder=4, linespacing=1.05,
                     parse_math=False,  # a name is text: "$" is a dollar, not mathematics
                     gid=f"arna-label-{i}", bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                                                  "edgecolor": "none", "alpha": 0.8}) for i, s in enumerate(shown)]
    placements = _place(fig, ax, texts, [xy[n] for n in names], [style[n].size for n in names], edges, returns, xy)
    return Schematic(fig, ax, texts, arrows, back, legend), placements


def _arc_segments(a: tuple[float, float], b: tuple[float, float], bend: float, parts: int = 6) -> list[Segment]:
    """matplotlib's ``arc3`` curve from ``a`` to ``b`` (a quadratic Bézier) as straight pieces."""
    (x0, y0), (x1, y1) = a, b
    cx, cy = (x0 + x1) / 2 + bend * (y1 - y0), (y0 + y1) / 2 - bend * (x1 - x0)

    def at(u: float) -> tuple[float, float]:
        return ((1 - u) ** 2 * x0 + 2 * u * (1 - u) * cx + u * u * x1,
                (1 - u) ** 2 * y0 + 2 * u * (1 - u) * cy + u * u * y1)

    pts = [at(i / parts) for i in range(parts + 1)]
    return [(float(p[0]), float(p[1]), float(q[0]), float(q[1])) for p, q in itertools.pairwise(pts)]


def _place(fig: Figure, ax: Axes, texts: list[Text], anchors: list[tuple[float, float]], sizes: list[float],
           edges: Sequence[tuple[str, str]], returns: Sequence[tuple[str, str]], xy: dict[str, tuple[float, float]]
           ) -> list[Placement | None]:
    """Measure the labels with the renderer, place them, move the texts there and draw leader lines."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_px = ax.transData.transform
    boxes = [tx.get_window_extent(renderer) for tx in texts]
    px = [tuple(float(v) for v in to_px(p)) for p in anchors]
    radii = [s / 2 * fig.dpi / 72 + 1.0 for s in sizes]
    segs: list[Segment] = []
    for a, b in edges:
        (x0, y0), (x1, y1) = to_px(xy[a]), to_px(xy[b])
        segs.append((float(x0), float(y0), float(x1), float(y1)))
    for a, b in returns:
        segs += _arc_segments(tuple(to_px(xy[a])), tuple(to_px(xy[b])), RETURN_BEND)
    frame = ax.bbox
    placements = place_labels([(p[0], p[1]) for p in px], radii, [(b.width, b.height) for b in boxes],
                              (frame.x0, frame.y0, frame.x1, frame.y1), segs,
                              Spacing(rings=max(9, int(frame.height / 2 / Spacing.step))))
    back = ax.transData.inverted().transform
    for tx, pl in zip(texts, placements, strict=True):
        if pl is None:
            continue
        tx.set_position(tuple(back((pl.box[0], pl.box[1]))))
        if pl.leader is not None:
            (ax0, ay0), (ax1, ay1) = back((pl.leader[0], pl.leader[1])), back((pl.leader[2], pl.leader[3]))
            ax.plot([ax0, ax1], [ay0, ay1], color="#9a9a9a", lw=0.6, zorder=2)
    return placements


def network_figure(names: Sequence[str], kinds: Sequence[str], positions: Sequence[tuple[float, float]],
                   edges: Sequence[tuple[str, str]], labels: Sequence[str] | None = None,
                   returns: Sequence[tuple[str, str]] = (), lang: str = "en") -> Schematic:
    """Draw the schematic, taller (up to 12 inches of drawing) until every label has a free place.

    Close ``result.fig`` when done (``network_svg`` does).
    """
    shown = list(labels or names)
    rows = len({round(y, 6) for _, y in positions})
    ax_h = min(max(2.2, 0.55 * rows + 1.0), 6.0)
    while True:
        drawn, placements = _draw(names, kinds, positions, edges, shown, returns, lang, ax_h)
        if all(p is not None for p in placements) or ax_h >= 12.0:
            return drawn
        plt.close(drawn.fig)
        ax_h += 1.0


def network_svg(names: list[str], kinds: list[str], positions: list[tuple[float, float]],
                edges: list[tuple[str, str]], labels: list[str] | None = None,
                returns: Sequence[tuple[str, str]] = (), lang: str = "en") -> str:
    """The schematic as inline SVG: nodes at ``positions``, ``edges`` as arrows in the direction of flow,
    ``returns`` (demand, receiving node) dashed; ``labels`` (one per node, default the names) shown, and
    in the tooltip of each symbol with the node's kind in ``lang``."""
    drawn = network_figure(names, kinds, positions, edges, labels, returns, lang)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "arna-schematic"}):
        drawn.fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(drawn.fig)
    text = buf.getvalue()
    text = text[text.find("<svg"):]
    shown = list(labels or names)
    tips = [html.escape(f"{s} ({kind_label(k, lang)})") for s, k in zip(shown, kinds, strict=True)]
    text = re.sub(r'<g id="arna-node-(\d+)">', lambda m: f'{m.group(0)}<title>{tips[int(m.group(1))]}</title>', text)
    return text.replace("<svg ", '<svg class="network" role="img" ', 1)
