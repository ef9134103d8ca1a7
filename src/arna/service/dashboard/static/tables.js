// Indicator tables: column labels from the shared vocabulary, values formatted for the language.

import { h, table } from "./dom.js";
import { agreementName, auto, countryName, month, nodeName, num, pct, periodName, scenarioName, t } from "./i18n.js";

export const PERCENT = new Set(["coverage", "reliability", "months_target_met", "share", "winter_share"]);
const MONTHS = new Set(["worst_month", "worst_time", "time", "start"]);
const TEXT_COLUMNS = new Set(["year", "scenario"]);
const NODES = new Set(["demand", "plant", "node", "border", "entity"]);
const COUNTRIES = new Set(["upstream_country", "downstream_country", "country"]);
const COUNTS = new Set(["periods", "periods_met", "failure_events", "steps_active", "steps_met", "years", "years_met"]);

export function formatValue(key, value) {
  if (value === null || value === undefined) return "—";
  if (NODES.has(key)) return nodeName(value);
  if (key === "scenario") return scenarioName(value);
  if (key === "agreement") return agreementName(value);
  if (key === "period") return periodName(value);
  if (COUNTRIES.has(key)) return countryName(value);
  if (PERCENT.has(key)) return pct(value);
  if (MONTHS.has(key)) return month(value);
  if (typeof value === "boolean") return t(value ? "yes" : "no");
  if (typeof value === "number" && COUNTS.has(key)) return num(value);
  if (typeof value === "number" && !TEXT_COLUMNS.has(key)) return auto(value);
  return String(value);
}

/** A table of indicator rows (as the API returns them), every column labelled and formatted; a column named
 * after one of `scenarios` (the year-by-year tables) is headed by the scenario's display name. */
export function indicatorTable(rows, testid, scenarios = []) {
  if (!rows || !rows.length) return h("p", { class: "muted", dataset: { testid } }, t("none"));
  const keys = Object.keys(rows[0]);
  const numeric = (key) => typeof rows[0][key] === "number" && !TEXT_COLUMNS.has(key);
  const label = (key) => (scenarios.includes(key) ? scenarioName(key) : t(key));
  return table(keys.map((key) => [key, label(key), (v) => formatValue(key, v), numeric(key)]), rows, testid);
}
