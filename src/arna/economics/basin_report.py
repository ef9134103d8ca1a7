"""Self-contained HTML report of a basin appraisal: tables and inline SVG figures (no CDN, no scripts)."""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from arna import __version__
from arna.economics.basin import ALL, BASELINE, BasinAppraisal
from arna.economics.costcurve import cost_curve_figure
from arna.economics.portfolio import Portfolio
from arna.errors import DataFileError

M3_PER_HM3 = 1e6
M3_PER_KM3 = 1e9
MILLION = 1e6

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2rem auto;
color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}th{background:#f3f6f9;text-align:left}
td.text{text-align:left}.meta{color:#555;font-size:.9rem}svg{max-width:100%;height:auto}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;font-size:.9rem}
"""


def svg_of(fig: Any) -> str:
    """A matplotlib figure as inline SVG (text as paths, no date: reproducible)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.find("<svg"):]


def outlet_figure(result: BasinAppraisal) -> Any:
    """Bars: mean annual inflow (km³/yr) of each outlet without measures, with each, and all together."""
    from matplotlib.figure import Figure

    flows = result.outlets / M3_PER_KM3
    fig = Figure(figsize=(9, 0.9 + 0.45 * len(flows) * max(len(flows.columns), 1)), layout="constrained")
    ax = fig.add_subplot()
    labels = list(flows.index)
    height = 0.8 / max(len(flows.columns), 1)
    for j, outlet in enumerate(flows.columns):
        ys = [i + j * height for i in range(len(labels))]
        bars = ax.barh(ys, flows[outlet].to_numpy(), height=height, label=outlet, color=f"C{j % 10}")
        ax.bar_label(bars, fmt="%.3f", fontsize="small", padding=2)
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(labels))], labels)
    ax.invert_yaxis()
    ax.set_xlabel("mean annual inflow (km³/yr)")
    ax.set_title(f"Outlet inflows, {result.model} ({result.scenario})")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig


def _fmt(v: object, digits: int = 2) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        if math.isinf(v):
            return "∞"
        return f"{v:,.{digits}f}"
    return html.escape(str(v))


def measures_table(result: BasinAppraisal) -> str:
    """The appraisal table in hm³/yr and the catalogue currency."""
    cur = html.escape(result.currency)
    head = ["measure", "demand", "area (ha)", f"investment ({cur})", f"EAC ({cur}/yr)", "gross saving (hm³/yr)",
            "net saving (hm³/yr)", "to outlets (hm³/yr)", "to other demands (hm³/yr)", "elsewhere (hm³/yr)",
            f"{cur}/m³ gross", f"{cur}/m³ net", f"levelised {cur}/m³ net", f"economic NPV ({cur})"]
    rows = []
    for r in result.table.to_dict("records"):
        cells = [
            f'<td class="text">{html.escape(str(r["name"]))}<br><small>{html.escape(str(r["measure"]))}</small></td>',
            f'<td class="text">{html.escape(str(r["demand"]))}</td>',
            f"<td>{_fmt(float(r['area_ha']), 0)}</td>", f"<td>{_fmt(float(r['investment']), 0)}</td>",
            f"<td>{_fmt(float(r['equivalent_annual_cost']), 0)}</td>",
        ]
        for k in ("gross_saving_m3_per_year", "net_saving_m3_per_year", "to_outlets_m3_per_year",
                  "to_other_demands_m3_per_year", "elsewhere_m3_per_year"):
            cells.append(f"<td>{_fmt(float(r[k]) / M3_PER_HM3, 1)}</td>")
        for k in ("cost_per_m3_gross", "cost_per_m3_net", "levelised_cost_per_m3_net"):
            cells.append(f"<td>{_fmt(float(r[k]), 3)}</td>")
        cells.append(f"<td>{_fmt(float(r['npv']), 0)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>")


def outlets_table(result: BasinAppraisal) -> str:
    """Mean annual inflow of each outlet per run, and the change from the run without measures."""
    flows = result.outlets
    head = ["run"] + [f"{html.escape(c)} (km³/yr)" for c in flows.columns] + [
        f"change at {html.escape(c)} (hm³/yr)" for c in flows.columns]
    rows = []
    values = flows.to_numpy(dtype=float)
    base = values[list(flows.index).index(BASELINE)]
    for label, r in zip(flows.index, values, strict=True):
        cells = [f'<td class="text">{html.escape(str(label))}</td>']
        cells += [f"<td>{_fmt(float(v) / M3_PER_KM3, 3)}</td>" for v in r]
        cells += [f"<td>{_fmt(float(v - b) / M3_PER_HM3, 1)}</td>" for v, b in zip(r, base, strict=True)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"


def money_basis_lines(result: BasinAppraisal) -> list[str]:
    """Plain-text statement of the money: currency, price year, exchange rate, tariffs and crop values."""
    plan = result.plan
    cur = result.currency
    lines = [f"Money in {cur} at {result.price_year} prices (the catalogue's)."]
    if plan.exchange_rate is not None:
        x = plan.exchange_rate
        lines.append(f"Exchange rate: {x.per_usd:,.1f} {cur}/USD ({x.year}) [{x.source}].")
    if plan.financial is not None:
        for key, t in plan.financial.tariffs.items():
            prop = f", proposed {t.proposed.value:g} [{t.proposed.source}]" if t.proposed is not None else ""
            lines.append(f"Financial view: tariff '{key}' {t.current.value:g} {t.unit} now [{t.current.source}]"
                         f"{prop}; applied to the gross saving (water no longer bought at the canal head).")
    else:
        lines.append("Financial view: the plan gives no tariffs.")
    if result.economic_basis == "override":
        value = float(result.table["economic_value_per_m3"].iloc[0])
        ov = plan.water_value_override
        why = f": {ov.note}" if ov is not None and ov.value_per_m3 == value else " (given with --water-value)"
        lines.append(f"Economic view: OVERRIDE, every m3 of net saving valued at {value:g} {cur}/m3{why}.")
    elif plan.economic is not None:
        for name, c in plan.economic.crops.items():
            lines.append(f"Economic view: {name} {c.value_per_m3():,.1f} {cur}/m3 of crop water requirement "
                         f"({c.yield_t_per_ha.value:g} t/ha × {c.price_per_t.value:,.0f} {cur}/t"
                         + (f" − {c.other_costs_per_ha.value:,.0f} {cur}/ha" if c.other_costs_per_ha else "")
                         + f" ÷ {c.water_m3_per_ha.value:,.0f} m3/ha), in the months the crop needs water; applied "
                         "to the net saving month by month.")
    else:
        lines.append("Economic view: the plan gives no crop values (economic NPV not computed).")
    return lines


def reference_lines(result: BasinAppraisal) -> list[tuple[str, float]]:
    """Horizontal lines for the cost curve: the economic value of the whole plan, then the tariffs paid."""
    out: list[tuple[str, float]] = []
    names = list(result.table["name"])
    value = float(result.table["economic_value_per_m3"].to_numpy(dtype=float)[names.index(ALL)])
    if not math.isnan(value):
        label = "economic value (override)" if result.economic_basis == "override" else "economic value, plan mean"
        out.append((label, value))
    used = {round(float(v), 9) for v, n in zip(result.table["tariff_per_m3"], names, strict=True) if n != ALL}
    if result.plan.financial is not None:
        for key, t in result.plan.financial.tariffs.items():
            if round(t.current.value, 9) not in used:
                continue  # a published tariff no treated demand pays
            out.append((f"{key} tariff, current", t.current.value))
            if t.proposed is not None:
                out.append((f"{key} tariff, proposed", t.proposed.value))
    return out


def views_table(result: BasinAppraisal) -> str:
    """The financial and the economic view of each measure, side by side."""
    cur = html.escape(result.currency)
    head = ["measure", "gross saving (hm³/yr)", f"tariff now / proposed ({cur}/m³)",
            f"water bill saved now (M {cur}/yr)", f"financial NPV now (M {cur})", f"financial NPV proposed (M {cur})",
            "net saving growing / non-growing (hm³/yr)", f"value growing / non-growing ({cur}/m³)",
            f"economic benefit (M {cur}/yr)", f"economic NPV (M {cur})"]
    rows = []
    for r in result.table.to_dict("records"):
        cells = [f'<td class="text">{html.escape(str(r["name"]))}</td>',
                 f"<td>{_fmt(float(r['gross_saving_m3_per_year']) / M3_PER_HM3, 1)}</td>",
                 f"<td>{_fmt(float(r['tariff_per_m3']), 3)} / {_fmt(float(r['tariff_proposed_per_m3']), 3)}</td>",
                 f"<td>{_fmt(float(r['financial_benefit_per_year']) / MILLION, 1)}</td>",
                 f"<td>{_fmt(float(r['financial_npv']) / MILLION, 0)}</td>",
                 f"<td>{_fmt(float(r['financial_npv_proposed']) / MILLION, 0)}</td>",
                 f"<td>{_fmt(float(r['net_saving_growing_m3_per_year']) / M3_PER_HM3, 1)} / "
                 f"{_fmt(float(r['net_saving_non_growing_m3_per_year']) / M3_PER_HM3, 1)}</td>",
                 f"<td>{_fmt(float(r['economic_value_growing_per_m3']), 2)} / "
                 f"{_fmt(float(r['economic_value_non_growing_per_m3']), 2)}</td>",
                 f"<td>{_fmt(float(r['economic_benefit_per_year']) / MILLION, 1)}</td>",
                 f"<td>{_fmt(float(r['npv']) / MILLION, 0)}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"


def values_section(result: BasinAppraisal) -> str:
    """Where the values of water come from: tariffs and crop values with their sources."""
    plan = result.plan
    cur = html.escape(result.currency)
    parts = ["<h2>Financial and economic views</h2>",
             "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in money_basis_lines(result)) + "</ul>"]
    if plan.economic is not None and result.economic_basis != "override":
        head = ["crop", "yield (t/ha)", f"price ({cur}/t)", f"other costs ({cur}/ha)", "water need (m³/ha)",
                f"value ({cur}/m³)", "share of need Apr–Sep", "sources"]
        rows = []
        for name, c in plan.economic.crops.items():
            figs = [c.yield_t_per_ha, c.price_per_t, c.water_m3_per_ha] + (
                [c.other_costs_per_ha] if c.other_costs_per_ha is not None else [])
            srcs = ", ".join(dict.fromkeys(f.source + (" [E]" if f.estimate else "") for f in figs))
            rows.append(f'<tr><td class="text">{html.escape(name)}</td><td>{_fmt(c.yield_t_per_ha.value, 2)}</td>'
                        f"<td>{_fmt(c.price_per_t.value, 0)}</td>"
                        f"<td>{_fmt(c.other_costs_per_ha.value, 0) if c.other_costs_per_ha else '–'}</td>"
                        f"<td>{_fmt(c.water_m3_per_ha.value, 0)}</td><td>{_fmt(c.value_per_m3(), 2)}</td>"
                        f"<td>{c.season_share('growing'):.0%}</td><td class=\"text\">{html.escape(srcs)}</td></tr>")
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>")
    parts += [views_table(result), (
        '<p class="note">Financial view: what the water user pays and Kazvodkhoz collects — the gross saving '
        "(water no longer bought at the canal head) times the published tariff, current and proposed. Economic "
        "view: what the water is worth to the economy — the net saving (water no longer depleted) in each month "
        "times the shadow value of the treated demand's water in that month: the output value of the crops that "
        "need water then per m³ of their requirement, weighted by that requirement; water saved in a month when "
        "none of its crops needs any is worth the off-season value (0 unless the plan gives one). The values per "
        "m³ shown for the ICWC seasons (growing April–September, non-growing October–March) are each season's "
        "benefit over its net saving. Crop values without deducted input costs are upper bounds. NPVs are over "
        "each measure's lifetime with the whole area equipped; '" + ALL + "' sums them.</p>")]
    return "\n".join(parts)


def salinity_table(result: BasinAppraisal) -> str:
    """Mean salinity (g/L, over the timesteps with water) at each node per run, for a model with ``quality``."""
    sal = result.salinity
    head = ["node"] + [html.escape(str(r)) for r in sal.index]
    rows = []
    for node in sal.columns:
        cells = [f'<td class="text">{html.escape(str(node))}</td>']
        cells += [f"<td>{_fmt(float(v), 3)}</td>" for v in sal[node]]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"


def render_appraisal_report(result: BasinAppraisal, portfolios: list[Portfolio] | None = None,
                            budget: float | None = None) -> str:
    """The whole report as one HTML string."""
    plan = result.plan
    title = f"Water-saving measures: {plan.name} on {result.model}"
    cur = result.currency
    curve = svg_of(cost_curve_figure(result.appraisals, currency=cur, title=f"Cost curve (net savings): {plan.name}",
                                     references=reference_lines(result)))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">Scenario <b>{html.escape(result.scenario)}</b>; discount rate '
        f"{float(result.table['discount_rate'].iloc[0]):.1%}; {html.escape(cur)} at {result.price_year} prices; "
        f"Arna {html.escape(__version__)}, {dt.date.today().isoformat()}.</p>",
    ]
    if plan.description:
        parts.append(f"<p>{html.escape(plan.description)}</p>")
    parts += ["<h2>Outlet inflows with and without the measures</h2>", outlets_table(result),
              outlet_figure_svg(result)]
    if not result.salinity.empty:
        parts += ["<h2>Salinity with and without the measures (g/L)</h2>", salinity_table(result),
                  '<p class="note">Mean total dissolved solids over the timesteps with water (docs/water-quality.md). '
                  "Measures change it through the water they move: less withdrawn, less drainage returned, "
                  "drainage reused on the fields.</p>"]
    parts += [
        "<h2>Savings and costs per measure</h2>", measures_table(result),
        '<p class="note">Gross saving: the fall in water taken from the river by the treated demand (at its '
        "canal head). Net saving: the fall in its depletion (intake − return flow); water that used to return to "
        "the river for someone downstream is not a net saving. The net saving goes to outlets, to other demands "
        "(extra consumption) or elsewhere (river and reservoir losses, storage). Each measure is run alone against "
        f"the run without measures; '{ALL}' runs them at once, so its savings need not be the sum. EAC = investment "
        "× capital recovery factor + O&amp;M; levelised cost = present value of the adoption schedule's costs ÷ "
        "discounted net saving.</p>",
        values_section(result),
        "<h2>Cost curve</h2>", curve,
    ]
    if portfolios:
        parts.append(f"<h2>Choice under a budget of {budget:,.0f} {html.escape(cur)}</h2><ul>")
        for p in portfolios:
            parts.append(f"<li><b>{html.escape(p.method)}</b>: {html.escape(', '.join(p.chosen) or 'nothing')} — "
                         f"cost {p.cost:,.0f}, net saving {p.saving_m3_per_year / M3_PER_HM3:,.1f} hm³/yr</li>")
        parts.append("</ul>")
    if result.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in result.notes) + "</ul>")
    parts.append(_sources(result))
    parts.append("</body></html>")
    return "\n".join(parts)


def outlet_figure_svg(result: BasinAppraisal) -> str:
    if result.outlets.empty or len(result.outlets.columns) == 0:
        return ""
    return svg_of(outlet_figure(result))


def _sources(result: BasinAppraisal) -> str:
    plan = result.plan
    items = []
    for m in plan.measures:
        src = f" [{html.escape(m.source)}]" if m.source else ""
        est = " <b>[estimate]</b>" if m.estimate else ""
        note = f": {html.escape(m.note)}" if m.note else ""
        items.append(f"<li><b>{html.escape(m.name)}</b>{src}{est}{note}</li>")
    keys = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in plan.sources.items())
    return f"<h2>Measures and sources</h2><ul>{''.join(items)}</ul>" + (f"<ul>{keys}</ul>" if keys else "")


def write_text_atomically(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`."""
    p = Path(path)
    directory = p.parent if str(p.parent) else Path(".")
    if not directory.is_dir():
        raise DataFileError(f"{p}: the output directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def table_csv(result: BasinAppraisal) -> str:
    """The appraisal table as CSV text."""
    frame: pd.DataFrame = result.table
    return str(frame.to_csv(index=False))
