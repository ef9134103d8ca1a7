// The dashboard shell: header (navigation, language switch, user), hash routing and views.

import { api, session, whenUnauthorized } from "./api.js";
import { compareView } from "./compare.js";
import { errorBox, h } from "./dom.js";
import { applyTexts, currentLang, LANGS, loadTexts, plotlyLocale, setLang, t } from "./i18n.js";
import { loginView } from "./login.js";
import { runView } from "./run.js";
import { runsView } from "./runs.js";

const view = document.getElementById("view");
let controller = null;

function route() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

function registerPlotlyLocale() {
  if (window.Plotly) window.Plotly.register(plotlyLocale());
}

function header() {
  const user = session.get();
  document.getElementById("user").textContent = user
    ? t("signed_in_as", { user: user.user, role: t(`role_${user.role}`) }) : "";
  document.getElementById("logout").hidden = !user;
  document.getElementById("nav").hidden = !user;
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === currentLang()));
  }
  const { parts } = route();
  for (const link of document.querySelectorAll("#nav a")) {
    link.toggleAttribute("aria-current", link.dataset.route === (parts[0] || "runs"));
  }
  applyTexts(document.querySelector("header"));
  document.title = t("app_title");
}

async function render() {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const { parts, params } = route();
  header();
  if (!session.get() && parts[0] !== "login") { location.hash = "#/login"; return; }
  view.replaceChildren();
  try {
    if (parts[0] === "login") await loginView(view, { signal, go });
    else if (parts[0] === "run" && parts[1]) await runView(view, parts[1], { signal, go });
    else if (parts[0] === "compare") await compareView(view, params, { signal, go });
    else await runsView(view, { signal, go });
  } catch (err) {
    if (err.name === "AbortError") return;
    view.replaceChildren(errorBox(err, render));
  }
}

function languageSwitch() {
  const group = document.getElementById("langs");
  const names = { kk: "Қазақша", ru: "Русский", en: "English" };
  for (const code of LANGS) {
    group.append(h("button", {
      type: "button", lang: code, dataset: { lang: code, testid: `lang-${code}` },
      onclick: () => { setLang(code); registerPlotlyLocale(); render(); },
    }, names[code]));
  }
}

async function main() {
  await loadTexts();
  setLang(currentLang());
  languageSwitch();
  registerPlotlyLocale();
  document.getElementById("logout").addEventListener("click", () => {
    api("/auth/logout", { method: "POST", raw: true }).catch(() => {});  // revoke the token (sent before it is cleared)
    session.clear();
    go("#/login");
  });
  whenUnauthorized(() => { session.clear(); sessionStorage.setItem("arna.expired", "1"); go("#/login"); });
  window.addEventListener("hashchange", render);
  await render();
}

main();
