"""Cost curve of water saving: bars ordered by cost per m³, width = volume saved.

Uses matplotlib's object API (no pyplot state, no display needed).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from arna.economics.appraisal import Appraisal
from arna.economics.i18n import at, localise
from arna.errors import DataFileError, InputError

M3_PER_HM3 = 1e6


def default_label(a: Appraisal) -> str:
    """A bar's label: the catalogue measure and, in brackets, the plan's name of its application."""
    return a.measure_id + (f" ({a.target})" if a.target else "")


def cost_curve_points(
    appraisals: Sequence[Appraisal], basis: str = "net", label: Callable[[Appraisal], str] = default_label,
) -> list[tuple[str, float, float, float]]:
    """Bars of the cost curve: ``(label, left_hm3, width_hm3, cost_per_m3)``, cheapest first.

    Measures that save nothing on the chosen ``basis`` (``"net"`` or ``"gross"``)
    are left out; ``label`` names each bar.
    """
    if basis not in ("net", "gross"):
        raise InputError(f"cost-curve basis {basis!r} must be 'net' or 'gross'")
    rows = []
    for a in appraisals:
        saving = a.net_saving_m3_per_year if basis == "net" else a.gross_saving_m3_per_year
        cost = a.cost_per_m3_net if basis == "net" else a.cost_per_m3_gross
        if saving > 0 and math.isfinite(cost):
            rows.append((label(a), saving / M3_PER_HM3, cost))
    rows.sort(key=lambda r: (r[2], r[0]))
    out = []
    left = 0.0
    for name, width, cost in rows:
        out.append((name, left, width, cost))
        left += width
    return out


def cost_curve_figure(
    appraisals: Sequence[Appraisal],
    *,
    basis: str = "net",
    currency: str = "USD",
    reference_price_per_m3: float | None = None,
    title: str | None = None,
    references: Sequence[tuple[str, float]] = (),
    lang: str = "en",
    label: Callable[[Appraisal], str] = default_label,
) -> Any:
    """A matplotlib ``Figure`` with the cost curve (x: hm³/yr saved, y: currency/m³).

    ``references`` are labelled horizontal lines (e.g. a tariff and the economic value of water);
    ``lang`` is the language of the axes and legend (``currency`` is shown as given), ``label``
    names each bar.
    """
    from matplotlib.figure import Figure

    points = cost_curve_points(appraisals, basis, label)
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.add_subplot()
    colours = [f"C{i % 10}" for i in range(len(points))]
    for (name, left, width, cost), colour in zip(points, colours, strict=True):
        text = at("curve_bar", lang).format(label=name, width=localise(f"{width:,.1f}", lang),
                                            cost=localise(f"{cost:.3f}", lang))
        ax.bar(left, cost, width=width, align="edge", color=colour, edgecolor="black", linewidth=0.6, label=text)
    if reference_price_per_m3 is not None:
        ax.axhline(reference_price_per_m3, color="grey", linestyle="--", linewidth=1,
                   label=at("curve_reference", lang).format(price=localise(f"{reference_price_per_m3:g}", lang),
                                                            cur=currency))
    for i, (name, price) in enumerate(references):
        ax.axhline(price, color="black" if i == 0 else "grey", linestyle=("--", ":", "-.")[i % 3], linewidth=1,
                   label=f"{name}: {localise(f'{price:,.3g}', lang)} {currency}/{'m³' if lang == 'en' else 'м³'}")
    ax.set_xlabel(at(f"curve_x_{basis}", lang))
    ax.set_ylabel(at("curve_y", lang).format(cur=currency))
    ax.set_title(title or at(f"curve_default_{basis}", lang))
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    localise_ticks(ax, lang)
    if points:
        ax.legend(fontsize="small", loc="upper left")
    else:
        ax.text(0.5, 0.5, at("curve_empty", lang), ha="center", transform=ax.transAxes)
    return fig


def localise_ticks(ax: Any, lang: str) -> None:
    """Tick labels of both axes written as ``lang`` writes numbers (``0,5`` in ru, kk)."""
    if lang == "en":
        return
    from matplotlib.ticker import FuncFormatter

    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda x, _pos: localise(f"{x:g}", lang)))


def save_cost_curve(appraisals: Sequence[Appraisal], path: str | Path, **kwargs: Any) -> Path:
    """Draw the cost curve and write it to ``path`` atomically (format from the suffix)."""
    p = Path(path)
    if not p.parent.is_dir():
        raise DataFileError(f"{p}: the output directory {p.parent} does not exist")
    fig = cost_curve_figure(appraisals, **kwargs)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=p.suffix or ".png", dir=p.parent)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=120)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
