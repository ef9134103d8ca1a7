// Time-series charts with plotly.js (served from the installed plotly package, no CDN).

import { h } from "./dom.js";
import { attrLabel, currentLang, nodeName, plotlyLocale, scenarioName, t, unitLabel } from "./i18n.js";

const COLOURS = ["#1f6fb4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#e6ab02",
  "#17becf", "#666666"];
const DASHES = ["solid", "dash", "dot", "dashdot", "longdash"];

/** Rows {time, scenario, node, attribute, value, unit} grouped into one line per node and scenario. */
export function traces(rows, { label = null, scenarios = null } = {}) {
  const groups = new Map();
  for (const row of rows) {
    const key = `${row.node}\u0000${row.scenario}`;
    if (!groups.has(key)) groups.set(key, { node: row.node, scenario: row.scenario, x: [], y: [] });
    const g = groups.get(key);
    g.x.push(row.time);
    g.y.push(row.value);
  }
  const nodes = [...new Set(rows.map((r) => r.node))];
  const scens = scenarios || [...new Set(rows.map((r) => r.scenario))];
  const unit = unitLabel(rows[0]?.unit);
  return [...groups.values()].map((g) => ({
    type: "scatter", mode: "lines", x: g.x, y: g.y,
    name: label ? label(g) : nodes.length > 1 && scens.length > 1 ? `${nodeName(g.node)} — ${scenarioName(g.scenario)}`
      : nodes.length > 1 ? nodeName(g.node) : scenarioName(g.scenario),
    line: { color: COLOURS[nodes.indexOf(g.node) % COLOURS.length], dash: DASHES[Math.max(scens.indexOf(g.scenario), 0) % DASHES.length],
      width: 1.8 },
    hovertemplate: `%{x|%b %Y}: %{y:,.2f} ${unit}<extra>%{fullData.name}</extra>`,
  }));
}

let loading = null;

/** Free a replaced plot later: purging it at once breaks a redraw plotly may still have queued. */
function retire(gd) {
  setTimeout(() => { try { window.Plotly.purge(gd); } catch { /* already gone */ } }, 3000);
}

/** plotly.js (4.8 MB) is loaded with the first chart, not with the page. */
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = h("script", { src: "/ui/static/plotly.min.js" });
    script.addEventListener("load", () => { window.Plotly.register(plotlyLocale()); resolve(window.Plotly); });
    script.addEventListener("error", () => { loading = null; script.remove(); reject(new Error("plotly.js")); });
    document.head.append(script);
  });
  return loading;
}

/** Draw lines into `el` (once plotly.js is loaded); `yRange` fixes the axis (to compare two charts fairly). */
export async function plot(el, lines, options = {}) {
  try {
    await loadPlotly();
  } catch {
    el.replaceChildren(h("p", { class: "error", role: "alert" }, t("err_charts")));
    return;
  }
  draw(el, lines, options);
}

function draw(el, lines, { title = "", unit = "", yRange = null }) {
  if (!lines.length || lines.every((l) => !l.x.length)) {
    el.replaceChildren(h("p", { class: "muted" }, t("no_series")));
    el.dataset.points = "0";
    return;
  }
  const layout = {
    title: { text: title, font: { size: 15 }, x: 0.01, xanchor: "left" },
    margin: { l: 64, r: 16, t: title ? 40 : 12, b: 40 },
    height: 340,
    separators: plotlyLocale().separators,
    font: { family: "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif", size: 12, color: "#1f2933" },
    xaxis: { type: "date", gridcolor: "#e5e9f0", hoverformat: "%b %Y" },
    yaxis: { title: { text: unitLabel(unit) }, gridcolor: "#e5e9f0", zerolinecolor: "#c8d0da", rangemode: "tozero",
      ...(yRange ? { range: yRange, autorange: false } : {}) },
    legend: { orientation: "h", y: -0.16, font: { size: 11 } },
    paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff",
  };
  el.dataset.points = String(lines.reduce((n, l) => n + l.x.length, 0));
  el.dataset.traces = String(lines.length);
  const old = el.querySelector(".js-plotly-plot");
  if (old) retire(old);
  const target = h("div", { class: "plot" });
  el.replaceChildren(target);
  window.Plotly.newPlot(target, lines, layout, {
    displaylogo: false, responsive: true, locale: currentLang(),
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"],  // nothing leaves the page
  });
}

/** The range of all values in `rowsList`, padded, for charts drawn side by side. */
export function sharedRange(...rowsList) {
  const values = rowsList.flat().map((r) => r.value).filter((v) => Number.isFinite(v));
  if (!values.length) return null;
  const lo = Math.min(0, ...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.05 || 1;
  return [lo < 0 ? lo - pad : 0, hi + pad];
}

export function seriesTitle(node, attribute) {
  return `${nodeName(node)} — ${attrLabel(attribute)}`;
}
