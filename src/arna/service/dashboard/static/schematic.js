// The network schematic as SVG: nodes at the model's coordinates (or an automatic layout), one symbol per kind,
// demands coloured by their deficit share and reservoirs by their fill at one timestep; edges as arrows in the
// direction of flow (canals and diversions in their own colour), return flows dashed from a demand to where
// they return; labels placed so that none overlaps another or a symbol (labels.js), long names wrapped or
// shortened with the full name on hover; zoom (wheel, buttons) and pan (drag).

import { h, s } from "./dom.js";
import { kindLabel, nodeName, pct, t } from "./i18n.js";
import { placeLabels } from "./labels.js";

const KIND_COLOUR = { inflow: "#4a90c2", reach: "#9bb7cf", canal: "#c9a66b", diversion: "#c9a66b",
  hydropower: "#7a6bb3", border: "#5f6b76", terminal: "#2f8f83", lake: "#2f8f83", environmental_flow: "#6ab187",
  groundwater: "#8c6d31", reservoir: "#2b6cb0", demand: "#e07b39", gauge: "#6baed6" };
const KIND_ORDER = ["inflow", "reservoir", "hydropower", "demand", "canal", "diversion", "border", "terminal", "lake",
  "environmental_flow", "groundwater", "gauge", "reach"];
const STATE_KINDS = new Set(["demand", "reservoir"]);  // filled by their state (the colour scales above)
const EDGE = { flow: "#6f8fb5", canal: "#a6761d", return: "#1b9e77" };
const W = 1300;
const FONT = 11;
const LINE = 1.25;

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

const poly = (x, y, r, n, turn) => Array.from({ length: n }, (_, i) => {
  const a = turn + (2 * Math.PI * i) / n;
  return `${(x + r * Math.cos(a)).toFixed(1)},${(y + r * Math.sin(a)).toFixed(1)}`;
}).join(" ");

/** The symbol of a node kind at (x, y), radius r. */
export function symbol(kind, x, y, r, fill) {
  const p = (points) => s("polygon", { points, fill });
  switch (kind) {
    case "reservoir": return s("rect", { x: (x - r).toFixed(1), y: (y - r).toFixed(1), width: 2 * r, height: 2 * r, rx: 2, fill });
    case "hydropower": return p(poly(x, y, r + 1, 4, 0));
    case "inflow": return p(poly(x, y + r * 0.2, r + 2, 3, -Math.PI / 2));
    case "environmental_flow": return p(poly(x, y - r * 0.2, r + 2, 3, Math.PI / 2));
    case "canal": case "diversion": return p(poly(x, y, r + 1, 6, 0));
    case "groundwater": return p(poly(x, y, r + 1, 5, -Math.PI / 2));
    case "border": {
      const a = r * 0.38;
      return p([[-a, -r], [a, -r], [a, -a], [r, -a], [r, a], [a, a], [a, r], [-a, r], [-a, a], [-r, a], [-r, -a], [-a, -a]]
        .map(([dx, dy]) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`).join(" "));
    }
    default: return s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r, fill });
  }
}

function radius(n, states) {
  if (n.kind === "terminal" || n.kind === "lake") return 11;
  if (states.has(n.name)) return 10;
  return n.kind === "reach" ? 5 : 8;
}

/** A name on at most two lines of about `width` characters; longer names end in "…" (the full name is in the
 * node's tooltip). */
export function wrapLabel(name, width = 22) {
  const cut = (line) => (line.length > width + 4 ? `${line.slice(0, width + 3).trimEnd()}…` : line);
  if (name.length <= width || !name.includes(" ")) return [cut(name)];
  const mid = name.length / 2;
  let at = -1;
  for (let i = 0; i < name.length; i += 1) if (name[i] === " " && (at < 0 || Math.abs(i - mid) < Math.abs(at - mid))) at = i;
  return [cut(name.slice(0, at)), cut(name.slice(at + 1))];
}

let measureCtx = null;
function textWidth(line, size) {
  measureCtx ||= document.createElement("canvas").getContext("2d");
  const family = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
  measureCtx.font = `${size}px ${family}`;
  return measureCtx.measureText(line).width;
}

function arc(xa, ya, xb, yb, bend) {
  return [(xa + xb) / 2 + bend * (yb - ya), (ya + yb) / 2 - bend * (xb - xa)];
}

function layout(network) {
  const pad = { l: 40, r: 40, t: 30, b: 30 };
  const xs = network.nodes.map((n) => n.x);
  const ys = network.nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (W - pad.l - pad.r) / Math.max(x1 - x0, 1);
  const sy = Math.min(sx, 420 / Math.max(y1 - y0, 1));
  const flip = network.positions === "document";  // document coordinates grow upwards
  return new Map(network.nodes.map((n) => [n.name,
    [pad.l + (n.x - x0) * sx, flip ? pad.t + (y1 - n.y) * sy : pad.t + (n.y - y0) * sy]]));
}

function defs() {
  const marker = (id, colour) => s("marker", { id, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7",
    markerHeight: "7", orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
  return s("defs", {}, marker("arrow-flow", EDGE.flow), marker("arrow-canal", EDGE.canal),
    marker("arrow-return", EDGE.return));
}

function edges(network, at, r, kinds) {
  const out = [];
  const segments = [];
  const canal = (k) => k === "canal" || k === "diversion";
  for (const [a, b] of network.edges) {
    const [xa, ya] = at.get(a);
    const [xb, yb] = at.get(b);
    const d = Math.hypot(xb - xa, yb - ya) || 1;
    const ra = r.get(a) + 2;
    const rb = r.get(b) + 3;
    const kind = canal(kinds.get(a)) || canal(kinds.get(b)) ? "canal" : "flow";
    out.push(s("line", { x1: (xa + (xb - xa) * ra / d).toFixed(1), y1: (ya + (yb - ya) * ra / d).toFixed(1),
      x2: (xb - (xb - xa) * rb / d).toFixed(1), y2: (yb - (yb - ya) * rb / d).toFixed(1), class: `edge ${kind}`,
      "data-from": a, "data-to": b, "marker-end": `url(#arrow-${kind})` }));
    segments.push([xa, ya, xb, yb]);
  }
  for (const [a, b] of network.returns || []) {
    if (!at.has(a) || !at.has(b)) continue;
    const [xa, ya] = at.get(a);
    const [xb, yb] = at.get(b);
    const [cx, cy] = arc(xa, ya, xb, yb, 0.25);
    const from = (x, y, rr) => { const d = Math.hypot(cx - x, cy - y) || 1; return [x + (cx - x) * rr / d, y + (cy - y) * rr / d]; };
    const [sx, sy] = from(xa, ya, r.get(a) + 2);
    const [ex, ey] = from(xb, yb, r.get(b) + 3);
    out.push(s("path", { d: `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`,
      class: "edge return", "data-from": a, "data-to": b, "marker-end": "url(#arrow-return)" }));
    for (let i = 0; i < 6; i += 1) {
      const q = (u) => [(1 - u) ** 2 * xa + 2 * u * (1 - u) * cx + u * u * xb, (1 - u) ** 2 * ya + 2 * u * (1 - u) * cy + u * u * yb];
      segments.push([...q(i / 6), ...q((i + 1) / 6)]);
    }
  }
  return { lines: out, segments };
}

function labelText(lines, box, size) {
  return s("text", { x: box.x0.toFixed(1), y: box.y0.toFixed(1), class: "label" }, ...lines.map((line, i) =>
    s("tspan", { x: box.x0.toFixed(1), dy: (i === 0 ? 0.97 * size : LINE * size).toFixed(1) }, line)));
}

/** The schematic of `network` with the states of `state` for `scenario` at timestep `index`; `view` keeps the
 * zoom between redraws. Returns the box holding the zoom buttons and the SVG. */
export function schematic(network, state, { scenario, index, selected, onSelect, view = {} }) {
  const at = layout(network);
  const states = new Map((state?.nodes || []).map((n) => [n.name, n]));
  const r = new Map(network.nodes.map((n) => [n.name, radius(n, states)]));
  const kinds = new Map(network.nodes.map((n) => [n.name, n.kind]));
  const { lines, segments } = edges(network, at, r, kinds);
  const texts = network.nodes.map((n) => {
    const size = n.kind === "reach" ? 9.5 : FONT;
    const shown = wrapLabel(nodeName(n.name));
    return { lines: shown, size, w: Math.max(...shown.map((l) => textWidth(l, size))) + 2, h: shown.length * LINE * size };
  });
  const ys = [...at.values()].map(([, y]) => y);
  const frame = { x0: 2, x1: W - 2, y0: Math.min(...ys) - 420, y1: Math.max(...ys) + 420 };
  const places = placeLabels(network.nodes.map((n, i) => ({ x: at.get(n.name)[0], y: at.get(n.name)[1],
    r: r.get(n.name) + 1, w: texts[i].w, h: texts[i].h })), frame, segments);

  const svg = s("svg", { class: "schematic", role: "group", "aria-label": t("network"), "data-testid": "schematic" });
  svg.append(defs(), ...lines);
  let top = Math.min(...ys) - 20;
  let bottom = Math.max(...ys) + 20;
  network.nodes.forEach((n, i) => {
    const p = places[i];
    const [x, y] = at.get(n.name);
    const b = p ? p.box : { x0: x + r.get(n.name) + 3, y0: y - texts[i].h / 2 };  // no free place: beside it
    texts[i].box = b;
    top = Math.min(top, b.y0 - 6);
    bottom = Math.max(bottom, b.y0 + texts[i].h + 6);
    if (p?.leader) {
      const [a, c, d, e] = p.leader;
      svg.append(s("line", { x1: a.toFixed(1), y1: c.toFixed(1), x2: d.toFixed(1), y2: e.toFixed(1), class: "leader" }));
    }
  });
  network.nodes.forEach((n, i) => {
    const [x, y] = at.get(n.name);
    const st = states.get(n.name);
    const value = st ? st.values[scenario]?.[index] : undefined;
    const fill = st ? stateColour(st.metric, value) : KIND_COLOUR[n.kind] || "#9aa5b1";
    const what = st ? `${t(st.metric)} ${pct(value, 0)}` : "";
    const label = `${nodeName(n.name)}, ${kindLabel(n.kind)}${what ? `: ${what}` : ""}`;
    svg.append(s("g", {
      class: `node${n.name === selected ? " selected" : ""}`, tabindex: "0", role: "button", "aria-label": label,
      "data-node": n.name, "data-kind": n.kind, "data-testid": `node-${slug(n.name)}`,
      "data-value": value === undefined || value === null ? "" : String(value),
      onclick: () => onSelect(n.name),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onSelect(n.name); } },
    }, s("title", {}, label), symbol(n.kind, x, y, r.get(n.name), fill),
    labelText(texts[i].lines, texts[i].box, texts[i].size)));
  });
  const base = [0, top, W, bottom - top];
  svg.setAttribute("viewBox", base.map((v) => v.toFixed(0)).join(" "));
  return zoomable(svg, base, view);
}

/** Zoom (wheel, buttons) and pan (drag) by changing the viewBox; `view` ({z, cx, cy}) survives redraws. */
function zoomable(svg, base, view) {
  const [bx, by, bw, bh] = base;
  if (!view.z) Object.assign(view, { z: 1, cx: bx + bw / 2, cy: by + bh / 2 });
  const apply = () => {
    view.z = Math.min(Math.max(view.z, 1), 8);
    const w = bw / view.z;
    const hh = bh / view.z;
    view.cx = Math.min(Math.max(view.cx, bx + w / 2), bx + bw - w / 2);
    view.cy = Math.min(Math.max(view.cy, by + hh / 2), by + bh - hh / 2);
    svg.setAttribute("viewBox", `${(view.cx - w / 2).toFixed(1)} ${(view.cy - hh / 2).toFixed(1)} ${w.toFixed(1)} ${hh.toFixed(1)}`);
    svg.dataset.zoom = view.z.toFixed(2);
  };
  const toUser = (e) => {
    const rect = svg.getBoundingClientRect();
    const w = bw / view.z;
    const hh = bh / view.z;
    return [view.cx - w / 2 + (e.clientX - rect.left) / rect.width * w, view.cy - hh / 2 + (e.clientY - rect.top) / rect.height * hh];
  };
  const zoomAt = (factor, ux = view.cx, uy = view.cy) => {
    const z = Math.min(Math.max(view.z * factor, 1), 8);
    const k = view.z / z;
    view.cx = ux + (view.cx - ux) * k;
    view.cy = uy + (view.cy - uy) * k;
    view.z = z;
    apply();
  };
  svg.addEventListener("wheel", (e) => {
    if (!e.ctrlKey && !e.metaKey && view.z === 1) return;  // the page scrolls; Ctrl + wheel (or the buttons) zooms
    e.preventDefault();
    zoomAt(e.deltaY < 0 ? 1.25 : 0.8, ...toUser(e));
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || e.target.closest("g.node")) return;
    drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy };
    svg.setPointerCapture(e.pointerId);
    svg.classList.add("panning");
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    view.cx = drag.cx - (e.clientX - drag.x) / rect.width * (bw / view.z);
    view.cy = drag.cy - (e.clientY - drag.y) / rect.height * (bh / view.z);
    apply();
  });
  const stop = () => { drag = null; svg.classList.remove("panning"); };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);
  apply();
  const button = (text, key, testid, action) => h("button", { type: "button", class: "zoom", title: t(key),
    "aria-label": t(key), dataset: { testid }, onclick: action }, text);
  return h("div", { class: "schematic-wrap" },
    h("div", { class: "zoom-bar", role: "toolbar", "aria-label": t("schematic_zoom") },
      button("+", "chart_zoom_in", "zoom-in", () => zoomAt(1.5)),
      button("−", "chart_zoom_out", "zoom-out", () => zoomAt(1 / 1.5)),
      button("⟲", "schematic_reset", "zoom-reset", () => { Object.assign(view, { z: 1, cx: bx + bw / 2, cy: by + bh / 2 }); apply(); })),
    svg,
    h("p", { class: "muted small hint" }, t("schematic_hint")));
}

function swatch(kind) {
  return s("svg", { viewBox: "0 0 20 20", width: "18", height: "18", "aria-hidden": "true" },
    symbol(kind, 10, 10, kind === "terminal" || kind === "lake" ? 7 : 6, STATE_KINDS.has(kind) ? "#eef1f4" : KIND_COLOUR[kind] || "#9aa5b1"));
}

function edgeSwatch(kind) {
  const dashed = kind === "return";
  return s("svg", { viewBox: "0 0 34 10", width: "34", height: "10", "aria-hidden": "true" },
    s("line", { x1: "1", y1: "5", x2: "27", y2: "5", stroke: EDGE[kind], "stroke-width": kind === "canal" ? 2.6 : 1.8,
      "stroke-dasharray": dashed ? "5 3" : null }),
    s("path", { d: "M26,1 L34,5 L26,9 z", fill: EDGE[kind] }));
}

/** The legend: colour scales of demands and reservoirs, the symbol of each node kind in `network`, the edges. */
export function legend(network) {
  const bar = (metric, testid) => h("span", { class: "ramp", dataset: { testid },
    style: `background: linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((f) => stateColour(metric, f)).join(", ")})` });
  const ticks = () => h("span", { class: "ticks" }, h("span", {}, pct(0, 0)), h("span", {}, pct(0.5, 0)),
    h("span", {}, pct(1, 0)));
  const present = [...new Set((network?.nodes || []).map((n) => n.kind))]
    .sort((a, b) => (KIND_ORDER.indexOf(a) + 1 || 99) - (KIND_ORDER.indexOf(b) + 1 || 99));
  const hasCanal = present.includes("canal") || present.includes("diversion");
  const edgeKinds = [["flow", "legend_flow"], ...(hasCanal ? [["canal", "legend_canal"]] : []),
    ...((network?.returns || []).length ? [["return", "legend_return"]] : [])];
  return h("div", { class: "legend", role: "group", "aria-label": t("legend"), dataset: { testid: "legend" } },
    h("div", { class: "legend-item" }, h("span", { class: "legend-title" }, t("legend_deficit")),
      h("span", { class: "ramp-box" }, bar("deficit_share", "legend-deficit"), ticks())),
    h("div", { class: "legend-item" }, h("span", { class: "legend-title" }, t("legend_fill")),
      h("span", { class: "ramp-box" }, bar("fill", "legend-fill"), ticks())),
    h("div", { class: "legend-item kinds", dataset: { testid: "legend-kinds" } },
      h("span", { class: "legend-title" }, t("legend_kinds")),
      present.map((k) => h("span", { class: "kind", dataset: { kind: k } }, swatch(k), kindLabel(k)))),
    h("div", { class: "legend-item kinds", dataset: { testid: "legend-edges" } },
      h("span", { class: "legend-title" }, t("legend_edges")),
      edgeKinds.map(([k, key]) => h("span", { class: "kind", dataset: { edge: k } }, edgeSwatch(k), t(key)))));
}
