// The token-protected REST API. The token lives in sessionStorage (gone when the tab closes).

const KEY = "arna.session";

export const session = {
  get() { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; } },
  set(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); cache.clear(); },
};

/** An API failure: `status` (0 when the service cannot be reached), the service's `detail` and, for an
 * invalid model document, its `problems` ([{path, message}]). */
export class ApiError extends Error {
  constructor(status, detail, problems = []) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail || "";
    this.problems = problems;
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(callback) { onUnauthorized = callback; }

function headers(extra = {}, token = session.get()?.token) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function failure(response) {
  let detail = response.statusText;
  let problems = [];
  try {
    const body = await response.json();
    detail = body.detail ?? detail;
    problems = Array.isArray(body.problems) ? body.problems : [];
  } catch { /* not JSON */ }
  if (typeof detail !== "string") detail = JSON.stringify(detail);
  return new ApiError(response.status, detail, problems);
}

/** A request to the API; JSON in and out unless `raw`, or the text `body` as `contentType`. Throws ApiError.
 * `token` tries a token other than the session's (signing in with one): its 401 does not end the session. */
export async function api(path, { method = "GET", body, contentType, raw = false, signal, token } = {}) {
  const type = contentType || (body === undefined ? null : "application/json");
  const init = { method, signal, headers: headers(type ? { "Content-Type": type } : {}, token) };
  if (body !== undefined) init.body = contentType ? body : JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, String(err.message || err));
  }
  if (!response.ok) {
    const err = await failure(response);
    if (response.status === 401 && path !== "/auth/login" && !token) onUnauthorized();
    throw err;
  }
  return raw ? response : response.json();
}

const cache = new Map();

/** A GET whose answer does not change (the data of a completed run), fetched once per session. */
export function cached(path) {
  if (!cache.has(path)) cache.set(path, api(path).catch((err) => { cache.delete(path); throw err; }));
  return cache.get(path);
}

const FINAL = new Set(["completed", "failed", "cancelled"]);
export const isFinal = (status) => FINAL.has(status);

/** Follow a run until it ends: server-sent events read from a fetch stream (EventSource cannot send the
 * token), falling back to polling. `onRun` gets the run each time it changes; returns the final run. */
export async function followRun(id, onRun, signal) {
  try {
    const response = await api(`/runs/${encodeURIComponent(id)}/events?interval=0.25`, { raw: true, signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let last = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
        if (data) { last = JSON.parse(data); onRun(last); }
      }
    }
    if (last && isFinal(last.status)) return last;
  } catch (err) {
    if (err.name === "AbortError" || (err instanceof ApiError && err.status !== 0)) throw err;
  }
  for (;;) {  // the stream broke off: poll
    const run = await api(`/runs/${encodeURIComponent(id)}`, { signal });
    onRun(run);
    if (isFinal(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Fetch a run's HTML report with the token and open it in a new tab as a blob URL. */
export async function openReport(id, lang) {
  const tab = window.open("", "_blank");  // opened now, while the click still counts as the user's
  try {
    const response = await api(`/runs/${encodeURIComponent(id)}/report?lang=${lang}`, { raw: true });
    const blob = new Blob([await response.text()], { type: "text/html" });
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url; else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    if (tab) tab.close();
    throw err;
  }
}
