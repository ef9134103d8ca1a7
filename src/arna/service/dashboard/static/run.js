// One run: its schematic coloured by state at a chosen month (click a node for its time series), charts of
// storage, flows, deficits and energy over time, indicator tables and transboundary compliance.

import { api, cached, followRun, isFinal } from "./api.js";
import { plot, seriesTitle, traces } from "./charts.js";
import { errorBox, h, loading, section, table } from "./dom.js";
import {
  agreementNotes, attrLabel, countryName, kindLabel, modelDescription, modelName, moment, month, nodeName, scenarioName,
  setModelTexts, setNodeLabels, t,
} from "./i18n.js";
import { progressBar, reportButton, statusBadge } from "./runs.js";
import { legend, schematic } from "./schematic.js";
import { formatValue, indicatorTable } from "./tables.js";

const memory = new Map();  // per run: the chosen scenario, month, node, attribute and tab (kept across languages)

const q = encodeURIComponent;
export const results = (id, params) => cached(`/runs/${q(id)}/results?${new URLSearchParams(params)}`);

const MAIN_ATTRIBUTE = { reservoir: "volume", demand: "deficit", hydropower: "energy" };

/** The attribute to chart first for a node: volume, deficit or energy by its kind, else flow. */
export function mainAttribute(kind, attributes) {
  if (attributes.includes(MAIN_ATTRIBUTE[kind])) return MAIN_ATTRIBUTE[kind];
  return attributes.includes("flow") ? "flow" : attributes[0];
}
const TABS = [["storage", "tab_storage", "volume", "fig_volume"], ["flows", "tab_flows", "flow", "tab_flows"],
  ["deficits", "tab_deficits", "deficit", "fig_deficit"], ["energy", "tab_energy", "energy", "fig_energy"]];
const KEY_KINDS = new Set(["border", "terminal", "environmental_flow"]);

function header(run) {
  const compare = run.scenarios.length > 1
    ? `#/compare?left=${q(run.id)}:${q(run.scenarios[0])}&right=${q(run.id)}:${q(run.scenarios[1])}`
    : `#/compare?left=${q(run.id)}:${q(run.scenarios[0])}`;
  return h("div", { class: "run-head" },
    h("p", {}, h("a", { href: "#/runs" }, `← ${t("back_to_runs")}`)),
    h("h1", { dataset: { testid: "run-title" } }, `${modelName(run.model_name)} `,
      h("span", { class: "muted" }, run.id.slice(0, 8))),
    modelDescription(run.model_name) ? h("p", { class: "muted", dataset: { testid: "run-description" } },
      modelDescription(run.model_name)) : null,
    h("dl", { class: "meta" },
      h("dt", {}, t("status")), h("dd", {}, statusBadge(run.status)),
      h("dt", {}, t("scenarios")), h("dd", {}, run.scenarios.map((sc) => scenarioName(sc)).join(", ")),
      h("dt", {}, t("created")), h("dd", {}, moment(run.created))),
    run.status === "completed"
      ? h("p", { class: "actions" }, reportButton(run), " ",
        h("a", { href: compare, class: "button secondary", dataset: { testid: "compare-link" } }, t("comparison")))
      : null);
}

async function nodePanel(panel, run, network, st) {
  const node = network.nodes.find((n) => n.name === st.node);
  if (!node) { panel.replaceChildren(h("p", { class: "muted", dataset: { testid: "node-hint" } }, t("click_node"))); return; }
  panel.replaceChildren(h("h3", {}, nodeName(node.name)), loading());
  const rows = await results(run.id, { node: node.name });
  const attributes = [...new Set(rows.map((r) => r.attribute))];
  if (!attributes.includes(st.attribute)) st.attribute = mainAttribute(node.kind, attributes);
  const select = h("select", { id: "node-attribute", dataset: { testid: "node-attribute" } },
    attributes.map((a) => h("option", { value: a, selected: a === st.attribute }, attrLabel(a))));
  const chart = h("div", { class: "chart", dataset: { testid: "node-chart", node: node.name } });
  const draw = () => {
    const chosen = rows.filter((r) => r.attribute === st.attribute);
    plot(chart, traces(chosen, { scenarios: run.scenarios }),
      { title: seriesTitle(node.name, st.attribute), unit: chosen[0]?.unit });
  };
  select.addEventListener("change", () => { st.attribute = select.value; draw(); });
  panel.replaceChildren(
    h("h3", { dataset: { testid: "node-name" } }, nodeName(node.name), " ", h("span", { class: "muted" }, `(${kindLabel(node.kind)})`)),
    node.description ? h("p", { class: "muted small" }, node.description) : null,
    h("label", { for: "node-attribute" }, t("attribute")), select, chart);
  draw();
}

function schematicSection(run, network, state, st) {
  const scenario = h("select", { id: "map-scenario", dataset: { testid: "map-scenario" } },
    state.scenarios.map((sc) => h("option", { value: sc, selected: sc === st.scenario }, scenarioName(sc))));
  const slider = h("input", { id: "map-time", type: "range", min: "0", max: String(state.times.length - 1),
    value: String(st.index), dataset: { testid: "time-slider" } });
  const when = h("output", { for: "map-time", dataset: { testid: "time-label" } });
  const drawing = h("div", { class: "schematic-box" });
  const panel = h("div", { class: "node-panel", dataset: { testid: "node-panel" } });
  const draw = () => {
    when.textContent = month(state.times[st.index]);
    slider.setAttribute("aria-valuetext", when.textContent);
    drawing.replaceChildren(schematic(network, state, { scenario: st.scenario, index: st.index, selected: st.node, view: st.view,
      onSelect: (name) => { st.node = name; draw(); nodePanel(panel, run, network, st).catch(fail); } }));
  };
  const fail = (err) => panel.replaceChildren(errorBox(err));
  scenario.addEventListener("change", () => { st.scenario = scenario.value; draw(); });
  slider.addEventListener("input", () => { st.index = Number(slider.value); draw(); });
  draw();
  nodePanel(panel, run, network, st).catch(fail);
  return section(t("network"), "schematic-section",
    h("div", { class: "controls" },
      h("label", { for: "map-scenario" }, t("scenario")), scenario,
      h("label", { for: "map-time" }, t("month")), slider, when),
    network.positions === "automatic" ? h("p", { class: "muted small" }, t("positions_auto")) : null,
    drawing, legend(network), panel);
}

function seriesSection(run, network, st) {
  const chart = h("div", { class: "chart wide", id: "series-panel", role: "tabpanel", dataset: { testid: "series-chart" } });
  const pick = h("select", { id: "series-node", dataset: { testid: "series-node" } });
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": t("figures") });
  const show = async () => {
    const [, , attribute, titleKey] = TABS.find(([name]) => name === st.tab);
    for (const b of tabs.children) b.setAttribute("aria-selected", String(b.dataset.tab === st.tab));
    chart.replaceChildren(loading());
    const rows = await results(run.id, { attribute });
    const nodes = [...new Set(rows.map((r) => r.node))];
    const key = attribute === "flow" ? network.nodes.filter((n) => KEY_KINDS.has(n.kind) && nodes.includes(n.name)) : [];
    const options = [...(key.length ? [["key", t("key_nodes")]] : []), ["all", t("all_nodes")], ...nodes.map((n) => [n, nodeName(n)])];
    if (!options.some(([v]) => v === st.seriesNode)) st.seriesNode = options[0][0];
    pick.replaceChildren(...options.map(([v, label]) => h("option", { value: v, selected: v === st.seriesNode }, label)));
    const chosen = st.seriesNode === "all" ? rows
      : st.seriesNode === "key" ? rows.filter((r) => key.some((n) => n.name === r.node))
        : rows.filter((r) => r.node === st.seriesNode);
    chart.replaceChildren();
    plot(chart, traces(chosen, { scenarios: run.scenarios }), { title: t(titleKey), unit: chosen[0]?.unit });
  };
  const fail = (err) => chart.replaceChildren(errorBox(err));
  for (const [name, label] of TABS) {
    tabs.append(h("button", { type: "button", role: "tab", "aria-controls": "series-panel", dataset: { tab: name, testid: `tab-${name}` },
      onclick: () => { st.tab = name; show().catch(fail); } }, t(label)));
  }
  pick.addEventListener("change", () => { st.seriesNode = pick.value; show().catch(fail); });
  show().catch(fail);
  return section(t("figures"), "series-section", tabs,
    h("div", { class: "controls" }, h("label", { for: "series-node" }, t("node")), pick), chart);
}

// the year-by-year tables of /runs/{id}/indicators: each calendar year's total, one column per scenario
const YEARLY = [["year_deficit", "table-year-deficit"], ["year_terminal", "table-year-terminal"],
  ["year_energy", "table-year-energy"]];

function indicatorsSection(indicators, scenarios) {
  const yearly = YEARLY.filter(([key]) => indicators[key]?.length)
    .flatMap(([key, testid]) => [h("h4", {}, t(key)), indicatorTable(indicators[key], testid, scenarios)]);
  return section(t("indicators"), "indicators-section",
    h("h3", {}, t("tbl_demands")), indicatorTable(indicators.demands, "table-demands"),
    h("h3", {}, t("tbl_hydropower")), indicatorTable(indicators.hydropower, "table-hydropower"),
    h("h3", {}, t("tbl_targets")), indicatorTable(indicators.targets, "table-targets"),
    yearly.length ? h("h3", {}, t("per_year")) : null, yearly.length ? h("p", { class: "muted small" }, t("per_year_note")) : null,
    ...yearly);
}

/** Flows across borders by year, the scenarios side by side (volume, km³, and mean flow, m³/s). */
function borderFlowTable(rows, scenarios) {
  if (!rows.length) return h("p", { class: "muted", dataset: { testid: "table-border-flows" } }, t("none"));
  const byKey = new Map();
  for (const r of rows) {
    const key = `${r.border}\u0000${r.year}`;
    if (!byKey.has(key)) {
      byKey.set(key, { border: r.border, upstream_country: r.upstream_country,
        downstream_country: r.downstream_country, year: r.year, complete: r.complete });
    }
    byKey.get(key)[`volume:${r.scenario}`] = r.volume_km3;
    byKey.get(key)[`flow:${r.scenario}`] = r.mean_flow_m3s;
  }
  const columns = [["border", t("border"), nodeName], ["upstream_country", t("upstream_country"), countryName],
    ["downstream_country", t("downstream_country"), countryName], ["year", t("year")],
    ...scenarios.map((sc) => [`volume:${sc}`, `${t("volume_km3")} · ${scenarioName(sc)}`,
      (v) => formatValue("volume_km3", v), true]),
    ...scenarios.map((sc) => [`flow:${sc}`, `${t("mean_flow_m3s")} · ${scenarioName(sc)}`,
      (v) => formatValue("mean_flow_m3s", v), true]),
    ["complete", t("complete"), (v) => formatValue("complete", v)]];
  return table(columns, [...byKey.values()], "table-border-flows");
}

/** The agreements' descriptions and sources in the current language, under the compliance table. */
function agreementList() {
  const notes = agreementNotes().filter((a) => a.text || a.source);
  if (!notes.length) return null;
  return h("ul", { class: "muted small", dataset: { testid: "agreement-notes" } },
    notes.map((a) => h("li", {}, `${a.name}: ${[a.text, a.source].filter(Boolean).join("; ")}`)));
}

function transboundarySection(tb, scenarios) {
  return section(t("transboundary"), "transboundary-section",
    h("h3", {}, t("agreements")), indicatorTable(tb.compliance, "table-compliance"), agreementList(),
    h("h3", {}, t("border_flows")), borderFlowTable(tb.border_flows, scenarios));
}

export async function runView(root, id, { signal }) {
  let run = await api(`/runs/${q(id)}`, { signal });
  // the document's names in the reader's language (the model, its scenarios and agreements), for the header too
  const named = await cached(`/runs/${q(id)}/network`).catch(() => null);
  if (named) setModelTexts(run.model_name, named);
  root.append(header(run));
  if (!isFinal(run.status)) {
    const progress = h("div", { dataset: { testid: "run-progress" } }, progressBar(run));
    root.append(section(t("progress"), "progress-section", h("p", {}, t("run_waiting")), progress));
    run = await followRun(id, (r) => progress.replaceChildren(progressBar(r)), signal);
    root.replaceChildren(header(run));
  }
  if (run.status === "failed") {
    root.append(h("div", { class: "error", role: "alert", dataset: { testid: "run-error" } },
      h("p", {}, t("run_failed", { error: (run.error || "—").replace(/[.\s]+$/, "") }))));
    return;
  }
  if (run.status === "cancelled") { root.append(h("p", { class: "notice" }, t("run_cancelled"))); return; }
  const body = h("div", {}, loading());
  root.append(body);
  const [network, state, indicators, tb] = await Promise.all([cached(`/runs/${q(id)}/network`),
    cached(`/runs/${q(id)}/state`), cached(`/runs/${q(id)}/indicators`), cached(`/runs/${q(id)}/transboundary`)]);
  setNodeLabels(network.nodes);
  setModelTexts(run.model_name, network);
  if (!memory.has(id)) {
    memory.set(id, { scenario: state.scenarios[0], index: Math.min(6, state.times.length - 1), node: null,
      attribute: null, tab: "storage", seriesNode: null, view: {} });
  }
  const st = memory.get(id);
  body.replaceChildren(schematicSection(run, network, state, st), seriesSection(run, network, st),
    indicatorsSection(indicators, run.scenarios), transboundarySection(tb, run.scenarios));
}
