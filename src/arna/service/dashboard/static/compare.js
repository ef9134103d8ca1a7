// Two scenarios side by side (of one run or of two runs): the same node and attribute charted next to each
// other on one scale, and the indicators of both with their difference.

import { api, cached } from "./api.js";
import { plot, seriesTitle, sharedRange, traces } from "./charts.js";
import { errorBox, h, loading, section, table } from "./dom.js";
import { attrLabel, modelName, moment, nodeName, num, scenarioName, setModelTexts, setNodeLabels, t } from "./i18n.js";
import { mainAttribute, results } from "./run.js";
import { formatValue, PERCENT } from "./tables.js";

const q = encodeURIComponent;
const ENTITY = { demands: "demand", hydropower: "plant", targets: "node" };
const TABLE_TITLE = { demands: "tbl_demands", hydropower: "tbl_hydropower", targets: "tbl_targets" };

function parseSide(value, runs) {
  const [id, scenario] = (value || "").split(":");
  const run = runs.find((r) => r.id === id);
  return run ? { run, scenario: run.scenarios.includes(scenario) ? scenario : run.scenarios[0] } : null;
}

function defaults(latest) {  // /runs lists the newest first
  const two = latest.find((r) => r.scenarios.includes("baseline") && r.scenarios.length > 1)
    || latest.find((r) => r.scenarios.length > 1);
  if (two) return [{ run: two, scenario: two.scenarios[0] }, { run: two, scenario: two.scenarios.find((s) => s !== two.scenarios[0]) }];
  return [{ run: latest[0], scenario: latest[0].scenarios[0] },
    { run: latest[1] || latest[0], scenario: (latest[1] || latest[0]).scenarios[0] }];
}

const runLabel = (r) => `${modelName(r.model_name)} · ${r.id.slice(0, 8)} · ${moment(r.created)}`;
const sideName = (side) => scenarioName(side.scenario, side.run.model_name);

function sidePicker(name, side, runs, onChange) {
  const runSelect = h("select", { id: `${name}-run`, dataset: { testid: `${name}-run` } },
    runs.map((r) => h("option", { value: r.id, selected: r.id === side.run.id }, runLabel(r))));
  const scenarioSelect = h("select", { id: `${name}-scenario`, dataset: { testid: `${name}-scenario` } });
  const fill = () => scenarioSelect.replaceChildren(...side.run.scenarios.map((sc) =>
    h("option", { value: sc, selected: sc === side.scenario }, scenarioName(sc, side.run.model_name))));
  fill();
  runSelect.addEventListener("change", () => {
    side.run = runs.find((r) => r.id === runSelect.value);
    if (!side.run.scenarios.includes(side.scenario)) side.scenario = side.run.scenarios[0];
    fill();
    onChange();
  });
  scenarioSelect.addEventListener("change", () => { side.scenario = scenarioSelect.value; onChange(); });
  return h("fieldset", { class: "side" }, h("legend", {}, t(name)),
    h("label", { for: `${name}-run` }, t("summary")), runSelect,
    h("label", { for: `${name}-scenario` }, t("scenario")), scenarioSelect);
}

/** Rows (group, entity, metric, left, right) of every numeric indicator of the two sides. */
function indicatorRows(left, right, li, ri, lt, rt) {
  const out = [];
  const add = (group, entityKey, rowsL, rowsR, metrics) => {
    const pickL = rowsL.filter((r) => r.scenario === left.scenario);
    const pickR = rowsR.filter((r) => r.scenario === right.scenario);
    const keys = Array.isArray(entityKey) ? entityKey : [entityKey];
    const keyOf = (r) => keys.map((k) => r[k]).join(" — ");
    const labelOf = (r) => keys.map((k, i) => (i === 0 ? nodeName(r[k]) : r[k])).join(" — ");  // node first
    const entities = [...new Set([...pickL, ...pickR].map(keyOf))];
    for (const entity of entities) {
      const a = pickL.find((r) => keyOf(r) === entity);
      const b = pickR.find((r) => keyOf(r) === entity);
      for (const metric of metrics(a || b)) {
        out.push({ group, entity: labelOf(a || b), metric, left: a ? a[metric] : null, right: b ? b[metric] : null });
      }
    }
  };
  const numeric = (row) => Object.keys(row).filter((k) => typeof row[k] === "number" && k !== "year");
  for (const name of ["demands", "hydropower", "targets"]) {
    add(t(TABLE_TITLE[name]), ENTITY[name], li[name] || [], ri[name] || [], numeric);
  }
  add(t("agreements"), ["border", "agreement"], lt.compliance || [], rt.compliance || [],
    () => ["periods_met", "volume_short_hm3_per_year"]);
  return out;
}

function difference(row) {
  if (!Number.isFinite(row.left) || !Number.isFinite(row.right)) return "—";
  const d = row.right - row.left;
  const text = PERCENT.has(row.metric) ? `${num(100 * d, 1)} ${t("unit_pp")}` : formatValue(row.metric, d);
  const changed = text.replace(/[^1-9]/g, "") !== "";  // not zero once rounded
  return h("span", { class: changed ? "changed" : "same" }, changed && d > 0 ? `+${text}` : text);
}

async function drawComparison(box, left, right, st, signal) {
  box.replaceChildren(loading());
  const [networkL, li, ri, lt, rt] = await Promise.all([cached(`/runs/${q(left.run.id)}/network`),
    cached(`/runs/${q(left.run.id)}/indicators`), cached(`/runs/${q(right.run.id)}/indicators`),
    cached(`/runs/${q(left.run.id)}/transboundary`), cached(`/runs/${q(right.run.id)}/transboundary`)]);
  if (signal.aborted) return;
  setNodeLabels(networkL.nodes);
  setModelTexts(left.run.model_name, networkL);
  const names = networkL.nodes.map((n) => n.name);
  if (!names.includes(st.node)) st.node = (networkL.nodes.find((n) => n.kind === "border") || networkL.nodes[0]).name;
  const [rowsL, rowsR] = await Promise.all([results(left.run.id, { node: st.node, scenario: left.scenario }),
    results(right.run.id, { node: st.node, scenario: right.scenario })]);
  const attributes = [...new Set(rowsL.map((r) => r.attribute))];
  const kind = networkL.nodes.find((n) => n.name === st.node).kind;
  if (!attributes.includes(st.attribute)) st.attribute = mainAttribute(kind, attributes);
  const here = new URLSearchParams({ left: `${left.run.id}:${left.scenario}`, right: `${right.run.id}:${right.scenario}`,
    node: st.node, attribute: st.attribute });
  history.replaceState(null, "", `#/compare?${here}`);  // a link to this comparison, without a re-render
  const nodeSelect = h("select", { id: "compare-node", dataset: { testid: "compare-node" } },
    names.map((n) => h("option", { value: n, selected: n === st.node }, nodeName(n))));
  const attrSelect = h("select", { id: "compare-attribute", dataset: { testid: "compare-attribute" } },
    attributes.map((a) => h("option", { value: a, selected: a === st.attribute }, attrLabel(a))));
  const redraw = () => drawComparison(box, left, right, st, signal).catch((err) => box.replaceChildren(errorBox(err)));
  nodeSelect.addEventListener("change", () => { st.node = nodeSelect.value; st.attribute = null; redraw(); });
  attrSelect.addEventListener("change", () => { st.attribute = attrSelect.value; redraw(); });
  const a = rowsL.filter((r) => r.attribute === st.attribute);
  const b = rowsR.filter((r) => r.attribute === st.attribute);
  const range = sharedRange(a, b);
  const chartL = h("div", { class: "chart", dataset: { testid: "compare-left-chart", scenario: left.scenario } });
  const chartR = h("div", { class: "chart", dataset: { testid: "compare-right-chart", scenario: right.scenario } });
  const rows = indicatorRows(left, right, li, ri, lt, rt);
  const fmt = (v, row) => formatValue(row.metric, v);
  box.replaceChildren(
    h("div", { class: "controls" }, h("label", { for: "compare-node" }, t("node")), nodeSelect,
      h("label", { for: "compare-attribute" }, t("attribute")), attrSelect),
    h("div", { class: "grid two side-by-side" },
      h("figure", {}, h("figcaption", { dataset: { testid: "compare-left-caption" } }, `${t("left")}: ${sideName(left)}`), chartL),
      h("figure", {}, h("figcaption", { dataset: { testid: "compare-right-caption" } }, `${t("right")}: ${sideName(right)}`), chartR)),
    h("h3", {}, t("indicators")),
    table([
      ["group", t("term")],
      ["entity", t("node")],
      ["metric", t("indicator"), (m) => t(m)],
      ["left", `${t("left")}: ${sideName(left)}`, fmt, true],
      ["right", `${t("right")}: ${sideName(right)}`, fmt, true],
      ["diff", t("difference"), (_, row) => difference(row), true],
    ], rows, "compare-table"));
  const title = (side) => `${seriesTitle(st.node, st.attribute)} · ${sideName(side)}`;
  plot(chartL, traces(a, { label: () => sideName(left) }), { title: title(left), unit: a[0]?.unit, yRange: range });
  plot(chartR, traces(b, { label: () => sideName(right) }), { title: title(right), unit: b[0]?.unit, yRange: range });
}

export async function compareView(root, params, { signal }) {
  const runs = await api("/runs?status=completed", { signal });
  if (!runs.length) {
    root.append(section(t("comparison"), "compare-section", h("p", { class: "muted", dataset: { testid: "no-runs" } },
      t("no_completed_runs")), h("a", { href: "#/runs", class: "button primary" }, t("new_run"))));
    return;
  }
  for (const m of await api("/models", { signal })) setModelTexts(m.name, m);  // names in the reader's language
  const [dl, dr] = defaults(runs);
  const left = parseSide(params.get("left"), runs) || dl;
  const right = parseSide(params.get("right"), runs) || dr;
  const st = { node: params.get("node"), attribute: params.get("attribute") };
  const box = h("div", { dataset: { testid: "compare-body" } });
  const update = () => drawComparison(box, left, right, st, signal).catch((err) => box.replaceChildren(errorBox(err)));
  root.append(section(t("comparison"), "compare-section", h("p", { class: "muted" }, t("compare_intro")),
    h("div", { class: "grid two" }, sidePicker("left", left, runs, update), sidePicker("right", right, runs, update)),
    box));
  update();
}
