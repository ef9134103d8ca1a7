// Labels in en / ru / kk (one vocabulary with the HTML report, served as /ui/static/i18n.json) and
// numbers and dates formatted by Intl in the language's locale.

export const LANGS = ["kk", "ru", "en"];
const LOCALE = { en: "en-GB", ru: "ru-RU", kk: "kk-KZ" };
const STORE = "arna.lang";
let texts = {};
let lang = initialLang();

function initialLang() {
  const saved = localStorage.getItem(STORE);
  if (LANGS.includes(saved)) return saved;
  const nav = (navigator.language || "en").slice(0, 2);
  return LANGS.includes(nav) ? nav : "en";
}

export async function loadTexts() {
  const response = await fetch("/ui/static/i18n.json");
  texts = await response.json();
}

export function currentLang() { return lang; }
export function locale() { return LOCALE[lang]; }

export function setLang(next) {
  lang = LANGS.includes(next) ? next : "en";
  localStorage.setItem(STORE, lang);
  document.documentElement.lang = lang;
}

export function has(key) { return key in (texts[lang] || {}); }

/** The text of `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const s = (texts[lang] || {})[key] ?? (texts.en || {})[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Fill `data-i18n` (text), `data-i18n-aria` (aria-label) and `data-i18n-title` under `root`. */
export function applyTexts(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}

export function kindLabel(kind) {
  if (has(`kind_${kind}`)) return t(`kind_${kind}`);
  return has(kind) ? t(kind) : kind;
}

export function attrLabel(attribute) {
  if (has(`attr_${attribute}`)) return t(`attr_${attribute}`);
  return has(attribute) ? t(attribute) : attribute;
}

const nodeLabels = new Map();

/** Remember the display names by language of a network's nodes (the document's `labels`). */
export function setNodeLabels(nodes) {
  for (const n of nodes) if (n.labels && Object.keys(n.labels).length) nodeLabels.set(n.name, n.labels);
}

/** A node's display name in the current language; its name where the document gives none. */
export function nodeName(name) { return nodeLabels.get(name)?.[lang] || name; }

// The model's, its scenarios' and agreements' translations (the document's `labels` and `description_labels`),
// by model name: from the model list (/models) or a run's network (/runs/{id}/network).
const models = new Map();
let currentModel = null;

const inLang = (labels, fallback) => labels?.[lang] || fallback;

/** Remember the translations of model `name` (a ModelInfo or a Network); it becomes the current model. */
export function setModelTexts(name, info) {
  const scenarios = new Map((info.scenario_details || info.scenarios || [])
    .filter((sc) => typeof sc === "object").map((sc) => [sc.name, sc]));
  const agreements = new Map((info.agreements || []).map((a) => [a.key, a]));
  const periods = new Map((info.agreements || []).flatMap((a) => a.periods || []).map((p) => [p.key, p]));
  models.set(name, { labels: info.labels, description: info.description, description_labels: info.description_labels,
    scenarios, agreements, periods });
  currentModel = name;
}

/** A model's display name in the current language; its name where the document gives none. */
export function modelName(name) { return inLang(models.get(name)?.labels, name); }

/** A model's description in the current language (as written where the document gives no translation). */
export function modelDescription(name, fallback = "") {
  const m = models.get(name);
  return inLang(m?.description_labels, m?.description || fallback);
}

/** A scenario's display name in the current language, of model `model` (default: the current model). */
export function scenarioName(name, model = currentModel) {
  return inLang(models.get(model)?.scenarios.get(name)?.labels, name);
}

/** A scenario's description in the current language. */
export function scenarioDescription(name, model = currentModel) {
  const sc = models.get(model)?.scenarios.get(name);
  return inLang(sc?.description_labels, sc?.description || "");
}

/** An agreement's display name (its key in the compliance tables is its name, else "agreement <n>"). */
export function agreementName(key, model = currentModel) {
  const a = models.get(model)?.agreements.get(key);
  if (a) return inLang(a.labels, a.name || t("agreement_n", { n: a.number }));
  return has(key) ? t(key) : key;  // a border's own agreement series: "agreement"
}

/** The agreements of a model with their names and descriptions in the current language. */
export function agreementNotes(model = currentModel) {
  return [...(models.get(model)?.agreements.values() || [])].map((a) => ({
    name: agreementName(a.key, model), text: inLang(a.description_labels, a.description || ""), source: a.source || "",
  }));
}

/** An agreement period's display name. */
export function periodName(key, model = currentModel) { return inLang(models.get(model)?.periods.get(key)?.labels, key); }

/** A country's name in the current language (the documents name countries in English). */
export function countryName(country) {
  return country && has(`country_${country}`) ? t(`country_${country}`) : country;
}

const UNITS = { "m3/s": "unit_m3s", hm3: "unit_hm3", GWh: "unit_gwh", m: "unit_m", km3: "unit_km3", "km3/yr": "unit_km3_yr",
  "hm3/yr": "unit_hm3_yr", "GWh/yr": "unit_gwh_yr", MW: "unit_mw" };
export function unitLabel(unit) { return UNITS[unit] ? t(UNITS[unit]) : unit || ""; }

/** Whether the browser's Intl has this locale's data (Chromium lists kk-KZ but formats it like the root
 * locale: "2015 M07", "12.00"). */
function intlKnows(loc) {
  const name = new Intl.DateTimeFormat(loc, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2001, 0, 15)));
  return !/^M?\d+$/.test(name);
}
const known = {};
function intl() { return (known[lang] ??= intlKnows(locale())); }
// Russian and Kazakh write numbers alike (no-break space for thousands, decimal comma; see arna.i18n)
function numberLocale() { return intl() ? locale() : lang === "kk" ? "ru-RU" : locale(); }

// Russian and Kazakh texts write a true minus sign, as the reports do (arna.i18n.fmt_number)
const minus = (text) => (lang === "en" ? text : text.replace(/^-/, "\u2212"));

export function num(x, decimals = 0) {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  if (Math.abs(x) < 0.5 * 10 ** -decimals) x = 0;
  return minus(new Intl.NumberFormat(numberLocale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    .format(x));
}

/** As many decimals as the size needs (as the report does): 0 from 100, 2 from 1, else 3. */
export function auto(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  return num(x, a >= 100 ? 0 : a >= 1 ? 2 : 3);
}

export function pct(x, decimals = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  return minus(new Intl.NumberFormat(numberLocale(), {
    style: "percent", minimumFractionDigits: decimals, maximumFractionDigits: decimals,
  }).format(x));
}

function asDate(iso) { return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`); }

/** A month of the model's time axis: "Jul 2015", "июль 2015 г.", "2015 ж. шілде" (as the report writes
 * it when the browser has no Kazakh dates). */
export function month(iso) {
  if (!iso) return "—";
  const d = asDate(iso);
  if (intl()) return new Intl.DateTimeFormat(locale(), { month: "short", year: "numeric", timeZone: "UTC" }).format(d);
  return `${d.getUTCFullYear()} ж. ${t(`month_${d.getUTCMonth() + 1}`)}`;
}

/** A moment in local time, e.g. when a run was created. */
export function moment(iso) {
  if (!iso) return "—";
  const d = asDate(iso);
  if (intl()) return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(d);
  const hm = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  return `${d.getFullYear()} ж. ${d.getDate()} ${t(`month_${d.getMonth() + 1}`)}, ${hm}`;
}

// plotly.js's own texts (its mode bar) by the dashboard's keys
const CHART_TEXTS = [["chart_download", "Download plot"], ["chart_download_png", "Download plot as a PNG"],
  ["chart_zoom", "Zoom"], ["chart_pan", "Pan"], ["chart_zoom_in", "Zoom in"], ["chart_zoom_out", "Zoom out"],
  ["chart_reset", "Reset axes"], ["chart_spikes", "Toggle Spike Lines"], ["chart_closest", "Show closest data on hover"],
  ["chart_compare", "Compare data on hover"], ["chart_double_click", "Double-click to zoom back out"]];

/** Month names, separators and mode-bar texts of the current language, for plotly. */
export function plotlyLocale() {
  const at = (m, opts) => new Intl.DateTimeFormat(locale(), { ...opts, timeZone: "UTC" })
    .format(new Date(Date.UTC(2001, m, 1)));
  const day = (d, opts) => new Intl.DateTimeFormat(locale(), { ...opts, timeZone: "UTC" })
    .format(new Date(Date.UTC(2001, 0, 7 + d)));  // 7 January 2001 was a Sunday
  const months = [...Array(12).keys()];
  const parts = new Intl.NumberFormat(numberLocale()).formatToParts(12345.6);
  const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const group = parts.find((p) => p.type === "group")?.value ?? ",";
  return {
    moduleType: "locale", name: lang, dictionary: Object.fromEntries(CHART_TEXTS.map(([key, en]) => [en, t(key)])),
    format: {
      months: months.map((m) => (intl() ? at(m, { month: "long" }) : t(`month_${m + 1}`))),
      shortMonths: months.map((m) => (intl() ? at(m, { month: "short" }) : t(`month_short_${m + 1}`))),
      days: [...Array(7).keys()].map((d) => day(d, { weekday: "long" })),
      shortDays: [...Array(7).keys()].map((d) => day(d, { weekday: "short" })),
      periods: ["AM", "PM"], dateTime: "%x, %X", date: "%d.%m.%Y", time: "%H:%M:%S",
      decimal, thousands: group, grouping: [3], currency: ["", ""],
      year: "%Y", month: "%b %Y", dayMonth: "%-d %b", dayMonthYear: "%-d %b %Y",
    },
    separators: decimal + group,
  };
}
