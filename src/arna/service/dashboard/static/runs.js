// Runs: start a new one (model, scenarios), watch its progress, and the list of all runs.

import { api, followRun, isFinal, openReport, session } from "./api.js";
import { errorBox, h, loading, section, table } from "./dom.js";
import { currentLang, modelDescription, modelName, moment, num, scenarioDescription, scenarioName, setModelTexts, t }
  from "./i18n.js";

export function statusBadge(status) {
  return h("span", { class: `badge ${status}`, dataset: { testid: "run-status", status } }, t(`status_${status}`));
}

/** A progress bar of a run: timesteps done of the total, or its status when there is no count. */
export function progressBar(run) {
  const total = run.timesteps_total || 0;
  const done = run.status === "completed" ? total : run.timesteps_done || 0;
  const fraction = run.status === "completed" ? 1 : total ? done / total : 0;
  return h("div", { class: "progress-line" },
    h("div", { class: "bar", role: "progressbar", "aria-label": t("progress"), "aria-valuemin": "0",
      "aria-valuemax": "100", "aria-valuenow": String(Math.round(100 * fraction)),
      dataset: { testid: "progress-bar" } }, h("div", { class: `fill ${run.status}`, style: `width:${100 * fraction}%` })),
    h("span", { class: "steps" }, total ? t("progress_steps", { done: num(done), total: num(total) }) : ""),
    statusBadge(run.status));
}

export function reportButton(run) {
  return h("button", { type: "button", class: "secondary", dataset: { testid: "open-report" },
    onclick: async (event) => {
      const button = event.currentTarget;
      try { await openReport(run.id, currentLang()); } catch (err) { button.after(errorBox(err)); }
    } }, `${t("open_report")} (${currentLang().toUpperCase()})`);
}

function runOutcome(run) {
  if (run.status === "failed") {
    return h("div", { class: "error", role: "alert", dataset: { testid: "run-error" } },
      h("p", {}, t("run_failed", { error: (run.error || "—").replace(/[.\s]+$/, "") })));
  }
  if (run.status === "cancelled") return h("p", { class: "notice" }, t("run_cancelled"));
  if (run.status !== "completed") return null;
  return h("p", { class: "actions" }, h("span", { role: "status" }, t("run_done")), " ",
    h("a", { href: `#/run/${encodeURIComponent(run.id)}`, class: "button primary", dataset: { testid: "open-run" } },
      t("open_run")), " ", reportButton(run));
}

function uploadForm(onUploaded) {
  const file = h("input", { id: "model-file", type: "file", accept: ".yaml,.yml,.json", dataset: { testid: "model-file" } });
  const outcome = h("div", { "aria-live": "polite", dataset: { testid: "upload-outcome" } });
  const button = h("button", { type: "submit", class: "secondary", dataset: { testid: "upload-model" } }, t("upload_button"));
  const form = h("form", { class: "upload" }, h("p", { class: "muted small" }, t("upload_hint")),
    h("label", { for: "model-file" }, t("file")), file, button, outcome);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) { outcome.replaceChildren(h("p", { class: "error", role: "alert" }, t("need_file"))); return; }
    button.disabled = true;
    try {
      const json = /\.json$/i.test(chosen.name);
      const version = await api("/models", { method: "POST", body: await chosen.text(),
        contentType: json ? "application/json" : "application/yaml" });
      await onUploaded(version.name);
      outcome.replaceChildren(h("p", { role: "status" }, t("upload_done", { name: version.name, v: version.version })));
    } catch (err) {
      outcome.replaceChildren(err.problems?.length
        ? h("div", { class: "error", role: "alert", dataset: { testid: "error" } }, h("p", {}, t("upload_problems")),
          h("ul", {}, err.problems.map((p) => h("li", {}, h("code", {}, p.path || "—"), ` ${p.message}`))))
        : errorBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return h("details", { class: "upload-box" }, h("summary", {}, t("upload_model")), form);
}

function newRunForm(models, onStarted, signal, chosen = null) {
  const role = session.get()?.role;
  const mayStart = role === "analyst" || role === "admin";
  const select = h("select", { id: "model", dataset: { testid: "model-select" } },
    [["bundled", models.filter((m) => m.source === "bundled")], ["uploaded", models.filter((m) => m.source !== "bundled")]]
      .filter(([, list]) => list.length)
      .map(([group, list]) => h("optgroup", { label: t(group) }, list.map((m) => h("option", { value: m.name },
        m.latest_version ? `${modelName(m.name)} (${t("version_n", { v: m.latest_version })})` : modelName(m.name))))));
  const description = h("p", { class: "muted", dataset: { testid: "model-description" } });
  const boxes = h("div", { class: "checks", dataset: { testid: "scenario-checks" } });
  const progress = h("div", { "aria-live": "polite", dataset: { testid: "run-progress" } });
  const start = h("button", { type: "submit", class: "primary", disabled: !mayStart, dataset: { testid: "start-run" } },
    t("start_run"));
  const fillScenarios = () => {
    const model = models.find((m) => m.name === select.value);
    description.textContent = model ? modelDescription(model.name, model.description) : "";
    boxes.replaceChildren(...(model?.scenarios || []).map((name, i) => h("label", { class: "check",
      title: scenarioDescription(name, model.name) },
    h("input", { type: "checkbox", name: "scenario", value: name, checked: i < 2,
      dataset: { testid: `scenario-${name}` } }), ` ${scenarioName(name, model.name)}`)));
  };
  select.addEventListener("change", fillScenarios);
  const initial = [chosen, "syr-darya"].find((name) => models.some((m) => m.name === name));
  if (initial) select.value = initial;
  fillScenarios();
  const form = h("form", { class: "new-run", dataset: { testid: "new-run-form" } },
    h("label", { for: "model" }, t("model")), select, description,
    h("fieldset", {}, h("legend", {}, t("scenarios")), boxes),
    start, mayStart ? null : h("p", { class: "notice" }, t("viewer_cannot_start")), progress);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const scenarios = [...boxes.querySelectorAll("input:checked")].map((b) => b.value);
    if (!scenarios.length) { progress.replaceChildren(h("p", { class: "error", role: "alert" }, t("need_scenario"))); return; }
    start.disabled = true;
    try {
      let run = await api("/runs", { method: "POST", body: { model: select.value, scenarios } });
      progress.replaceChildren(progressBar(run));
      onStarted();
      run = await followRun(run.id, (r) => progress.replaceChildren(progressBar(r)), signal);
      progress.append(runOutcome(run));
      onStarted();
    } catch (err) {
      if (err.name !== "AbortError") progress.replaceChildren(errorBox(err));
    } finally {
      start.disabled = !mayStart;
    }
  });
  return form;
}

/** Cancel a queued or running run (analysts); the table refreshes to show it cancelled. */
function cancelButton(run, onCancelled) {
  return h("button", { type: "button", class: "secondary small", dataset: { testid: "cancel-run" },
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        await api(`/runs/${encodeURIComponent(run.id)}/cancel`, { method: "POST" });
        await onCancelled();
      } catch (err) {
        button.disabled = false;
        button.after(errorBox(err));
      }
    } }, t("cancel_run"));
}

function runsTable(runs, onCancelled) {
  if (!runs.length) return h("p", { class: "muted" }, t("no_runs"));
  const role = session.get()?.role;
  const mayCancel = role === "analyst" || role === "admin";
  const link = (id) => h("a", { href: `#/run/${encodeURIComponent(id)}` }, id.slice(0, 8));
  return table([
    ["id", t("summary"), (id) => link(id)],
    ["model_name", t("model"), (name) => modelName(name)],
    ["scenarios", t("scenarios"), (list, run) => list.map((sc) => scenarioName(sc, run.model_name)).join(", ")],
    ["created", t("created"), (iso) => moment(iso)],
    ["status", t("status"), (status, run) => (isFinal(status) ? statusBadge(status) : progressBar(run))],
    ["actions", t("actions"), (_, run) => (run.status === "completed"
      ? [h("a", { href: `#/run/${encodeURIComponent(run.id)}`, class: "button small" }, t("open_run")), " ",
        reportButton(run)]
      : run.status === "failed" ? h("span", { class: "error-text", title: run.error || "" }, run.error || "")
        : !isFinal(run.status) && mayCancel ? cancelButton(run, onCancelled) : "")],
  ], runs, "runs-table");  // newest first, as /runs lists them
}

export async function runsView(root, { signal }) {
  const listBox = h("div", { dataset: { testid: "runs-list" } }, loading());
  const formBox = h("div", {}, loading());
  root.append(h("div", { class: "grid two" },
    section(t("new_run"), "new-run", formBox),
    section(t("nav_runs"), "runs", listBox)));
  let timer = null;
  const refresh = async () => {
    clearTimeout(timer);
    try {
      const runs = await api("/runs", { signal });
      listBox.replaceChildren(runsTable(runs, refresh));
      if (runs.some((r) => !isFinal(r.status)) && !signal.aborted) timer = setTimeout(refresh, 1000);
    } catch (err) {
      if (err.name !== "AbortError") listBox.replaceChildren(errorBox(err, refresh));
    }
  };
  signal.addEventListener("abort", () => clearTimeout(timer));
  const role = session.get()?.role;
  const runBox = h("div", {});
  const showRunForm = async (chosen = null) => {
    const models = await api("/models", { signal });
    for (const m of models) setModelTexts(m.name, m);
    runBox.replaceChildren(newRunForm(models, refresh, signal, chosen));
  };
  const fail = (err) => { if (err.name !== "AbortError") runBox.replaceChildren(errorBox(err)); };
  await showRunForm();
  formBox.replaceChildren(runBox,
    role === "analyst" || role === "admin" ? uploadForm((name) => showRunForm(name).catch(fail)) : null);
  await refresh();
}
