"""Matplotlib figures rendered as inline SVG (no files, no network)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from arna.circular.api import WasteRun
from arna.circular.calibrate import ANCHOR_YEARS
from arna.circular.dataset import NATIONAL
from arna.circular.i18n import check_lang, fmt_pct, t

PALETTE = ("#264653", "#2a9d8f", "#e76f51", "#8338ec", "#f4a261", "#219ebc")


def to_svg(fig: Figure) -> str:
    """Serialise a figure to an ``<svg>`` element (text kept as text)."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "arna"}):
        fig.savefig(buf, format="svg", metadata={"Creator": None, "Date": None,
                                                 "Format": None, "Type": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _pct_axis(ax: Axes, lang: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_pct(v, lang, 0)))
    ax.grid(alpha=0.3)


def calibration_svg(run: WasteRun, lang: str) -> str:
    """Observed vs modelled national processing share, 2016-2025."""
    obs = run.built.dataset.observed
    sel = obs[(obs.indicator == "kz_processing_share") & (obs.region == NATIONAL)]
    model = run.series("kz_processing_share").loc[2016:2025]
    fig = Figure(figsize=(7.5, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(model.index, model.to_numpy(), color=PALETTE[0], label=t("modelled", lang))
    ax.errorbar(sel.year, sel.value, yerr=sel.uncertainty, fmt="o", color=PALETTE[2],
                capsize=3, label=t("observed", lang))
    anchors = [y for y in ANCHOR_YEARS if y in model.index]
    ax.plot(anchors, model.loc[anchors].to_numpy(), "s", mfc="none", color=PALETTE[0], ms=9)
    ax.set_xlabel(t("year", lang))
    _pct_axis(ax, lang)
    ax.legend(loc="upper left")
    return to_svg(fig)


def _plot_runs(ax: Axes, runs: Sequence[WasteRun], indicator: str, region: str) -> None:
    for i, run in enumerate(runs):
        s = run.series(indicator, region)
        ax.plot(s.index, s.to_numpy(), color=PALETTE[i % len(PALETTE)], lw=1.4, label=run.name)


def national_svg(runs: Sequence[WasteRun], lang: str) -> str:
    """National Kazakh share and EU rate by scenario, with the targets."""
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2, sharey=True)
    _plot_runs(ax1, runs, "kz_processing_share", NATIONAL)
    ax1.plot([2029, 2030, 2050], [0.38, 0.40, 0.50], "k^", label=t("kz_target", lang))
    ax1.set_title(t("kz_share", lang), fontsize=10)
    _plot_runs(ax2, runs, "eu_recycling_rate", NATIONAL)
    ax2.plot([2025, 2030, 2035], [0.55, 0.60, 0.65], "kv", label=t("eu_target", lang))
    ax2.set_title(t("eu_rate", lang), fontsize=10)
    for ax in (ax1, ax2):
        _pct_axis(ax, lang)
        ax.set_ylim(0, 1)
    ax1.legend(fontsize=8, loc="upper left")
    return to_svg(fig)


def regional_svg(runs: Sequence[WasteRun], lang: str) -> str:
    """Small multiples: EU rate (solid) and Kazakh share (dashed) by region and scenario."""
    idx = check_lang(lang)
    ds = runs[0].built.dataset
    names = {r.code: (r.name_en, r.name_ru, r.name_kk)[idx] for r in ds.regions}
    codes = [NATIONAL, *ds.region_codes]
    names[NATIONAL] = t("national", lang)
    ncols = 5
    nrows = -(-len(codes) // ncols)
    fig = Figure(figsize=(12, 2.1 * nrows))
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.04, top=0.96, wspace=0.08, hspace=0.3)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True).ravel()
    for ax, code in zip(axes, codes, strict=False):
        for i, run in enumerate(runs):
            colour = PALETTE[i % len(PALETTE)]
            eu = run.series("eu_recycling_rate", code)
            kz = run.series("kz_processing_share", code)
            ax.plot(eu.index, eu.to_numpy(), color=colour, lw=1.2, label=run.name)
            ax.plot(kz.index, kz.to_numpy(), color=colour, lw=0.9, ls="--")
        ax.axhline(0.60, color="k", lw=0.7, ls=":")
        ax.axhline(0.40, color="grey", lw=0.7, ls=":")
        ax.set_title(names[code], fontsize=8)
        ax.tick_params(labelsize=7)
        _pct_axis(ax, lang)
        ax.set_ylim(0, 1)
    for ax in axes[len(codes):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=6, loc="upper left")
    return to_svg(fig)
