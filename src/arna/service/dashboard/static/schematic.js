// The network schematic as SVG: nodes at the model's coordinates (or an automatic layout), demands coloured
// by their deficit share and reservoirs by their fill at one timestep.

import { h, s } from "./dom.js";
import { kindLabel, nodeName, pct, t } from "./i18n.js";

const KIND_COLOUR = { inflow: "#4a90c2", reach: "#9bb7cf", canal: "#c9a66b", diversion: "#c9a66b",
  hydropower: "#7a6bb3", border: "#5f6b76", terminal: "#2f8f83", environmental_flow: "#6ab187",
  groundwater: "#8c6d31" };

function mix(a, b, f) {
  const pa = a.match(/\w\w/g).map((x) => parseInt(x, 16));
  const pb = b.match(/\w\w/g).map((x) => parseInt(x, 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i] - v) * f).toString(16).padStart(2, "0")).join("")}`;
}

/** Colour of a deficit share (green, amber, red) or a fill (pale to deep blue); grey when unknown. */
export function stateColour(metric, value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "#c4c9cf";
  const f = Math.min(Math.max(value, 0), 1);
  if (metric === "fill") return mix("e3eef9", "08519c", f);
  return f < 0.5 ? mix("2e9e4f", "f2c14e", f / 0.5) : mix("f2c14e", "d7301f", (f - 0.5) / 0.5);
}

export const slug = (name) => name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** The schematic of `network` with the states of `state` for `scenario` at timestep `index`. */
export function schematic(network, state, { scenario, index, selected, onSelect }) {
  const W = 1300;
  const pad = { l: 40, r: 190, t: 130, b: 40 };
  const xs = network.nodes.map((n) => n.x);
  const ys = network.nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (W - pad.l - pad.r) / Math.max(x1 - x0, 1);
  const sy = Math.min(sx, 400 / Math.max(y1 - y0, 1));
  const H = pad.t + pad.b + (y1 - y0) * sy;
  const flip = network.positions === "document";  // document coordinates grow upwards
  const at = new Map(network.nodes.map((n) => [n.name,
    [pad.l + (n.x - x0) * sx, flip ? pad.t + (y1 - n.y) * sy : pad.t + (n.y - y0) * sy]]));
  const states = new Map((state?.nodes || []).map((n) => [n.name, n]));
  const radius = (n) => (states.has(n.name) ? 11 : 7);

  const svg = s("svg", { viewBox: `0 0 ${W} ${H.toFixed(0)}`, class: "schematic", role: "group",
    "aria-label": t("network"), "data-testid": "schematic" });
  svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7",
    markerHeight: "7", orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a96a3" }))));
  const byName = new Map(network.nodes.map((n) => [n.name, n]));
  for (const [a, b] of network.edges) {
    const [xa, ya] = at.get(a);
    const [xb, yb] = at.get(b);
    const d = Math.hypot(xb - xa, yb - ya) || 1;
    const ra = radius(byName.get(a)) + 2;
    const rb = radius(byName.get(b)) + 3;
    svg.append(s("line", { x1: (xa + (xb - xa) * ra / d).toFixed(1), y1: (ya + (yb - ya) * ra / d).toFixed(1),
      x2: (xb - (xb - xa) * rb / d).toFixed(1), y2: (yb - (yb - ya) * rb / d).toFixed(1), class: "edge",
      "marker-end": "url(#arrow)" }));
  }
  for (const n of network.nodes) {
    const [x, y] = at.get(n.name);
    const st = states.get(n.name);
    const value = st ? st.values[scenario]?.[index] : undefined;
    const fill = st ? stateColour(st.metric, value) : KIND_COLOUR[n.kind] || "#9aa5b1";
    const what = st ? `${t(st.metric)} ${pct(value, 0)}` : "";
    const label = `${nodeName(n.name)}, ${kindLabel(n.kind)}${what ? `: ${what}` : ""}`;
    const r = radius(n);
    const shape = n.kind === "reservoir"
      ? s("rect", { x: (x - r).toFixed(1), y: (y - r).toFixed(1), width: 2 * r, height: 2 * r, rx: 3, fill })
      : n.kind === "hydropower"
        ? s("path", { d: `M${x},${y - r - 1} L${x + r + 1},${y} L${x},${y + r + 1} L${x - r - 1},${y} z`, fill })
        : s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r, fill });
    const tx = x + 6;
    const ty = y - r - 4;
    const g = s("g", {
      class: `node${n.name === selected ? " selected" : ""}`, tabindex: "0", role: "button", "aria-label": label,
      "data-node": n.name, "data-kind": n.kind, "data-testid": `node-${slug(n.name)}`,
      "data-value": value === undefined || value === null ? "" : String(value),
      onclick: () => onSelect(n.name),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onSelect(n.name); } },
    }, s("title", {}, label), shape,
    s("text", { x: tx.toFixed(1), y: ty.toFixed(1), transform: `rotate(-30 ${tx.toFixed(1)} ${ty.toFixed(1)})` }, nodeName(n.name)));
    svg.append(g);
  }
  return svg;
}

export function legend() {
  const bar = (metric, testid) => h("span", { class: "ramp", dataset: { testid },
    style: `background: linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((f) => stateColour(metric, f)).join(", ")})` });
  const ticks = () => h("span", { class: "ticks" }, h("span", {}, pct(0, 0)), h("span", {}, pct(0.5, 0)),
    h("span", {}, pct(1, 0)));
  return h("div", { class: "legend", role: "group", "aria-label": t("legend"), dataset: { testid: "legend" } },
    h("div", { class: "legend-item" }, h("span", { class: "legend-title" }, t("legend_deficit")),
      h("span", { class: "ramp-box" }, bar("deficit_share", "legend-deficit"), ticks())),
    h("div", { class: "legend-item" }, h("span", { class: "legend-title" }, t("legend_fill")),
      h("span", { class: "ramp-box" }, bar("fill", "legend-fill"), ticks())),
    h("div", { class: "legend-item kinds" }, h("span", { class: "legend-title" }, t("legend_other")),
      ["inflow", "reach", "hydropower", "canal", "border", "environmental_flow", "terminal"].map((k) =>
        h("span", { class: "kind" }, h("span", { class: "dot", style: `background:${KIND_COLOUR[k]}` }), kindLabel(k)))));
}
