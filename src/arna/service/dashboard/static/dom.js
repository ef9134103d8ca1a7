// Small helpers to build the page from data without innerHTML (names in models are data, never markup).

import { ApiError } from "./api.js";
import { t } from "./i18n.js";

/** An element: `h("button", {class: "primary", onclick: f, dataset: {testid: "x"}}, "text", child)`. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const SVG = "http://www.w3.org/2000/svg";  // the SVG namespace name (an identifier, never fetched)

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

/** What went wrong, in the user's language, with what to do, and the service's own words below. */
export function errorMessage(err) {
  if (err instanceof ApiError) {
    const key = { 0: "err_network", 401: "err_session", 403: "err_forbidden", 404: "err_not_found",
      409: "err_conflict", 400: "err_invalid", 422: "err_invalid" }[err.status] || "err_server";
    return { text: t(key), detail: err.status === 0 ? "" : err.detail };
  }
  return { text: t("err_server"), detail: String(err && err.message ? err.message : err) };
}

export function errorBox(err, retry) {
  const { text, detail } = errorMessage(err);
  return h("div", { class: "error", role: "alert", dataset: { testid: "error" } },
    h("p", {}, text),
    detail ? h("p", { class: "detail" }, `${t("detail")}: ${detail}`) : null,
    retry ? h("button", { type: "button", onclick: retry }, t("retry")) : null);
}

export function loading() {
  return h("p", { class: "loading", role: "status" }, t("loading"));
}

export function section(title, testid, ...children) {
  return h("section", { class: "card", dataset: { testid }, "aria-label": title }, h("h2", {}, title), ...children);
}

/** A table of rows: `columns` are [key, label, format]; `format(value, row)` gives the cell text. */
export function table(columns, rows, testid) {
  return h("div", { class: "table-wrap" }, h("table", { dataset: { testid } },
    h("thead", {}, h("tr", {}, columns.map(([key, label, , numeric]) =>
      h("th", { scope: "col", class: numeric ? "num" : null, dataset: { col: key } }, label)))),
    h("tbody", {}, rows.map((row) => h("tr", {}, columns.map(([key, , format, numeric]) =>
      h("td", { class: numeric ? "num" : null, dataset: { col: key } },
        format ? format(row[key], row) : row[key] ?? "—")))))));
}
