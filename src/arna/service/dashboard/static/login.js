// Sign in with a user name and password: POST /auth/login gives a token, kept in sessionStorage.

import { api, ApiError, session } from "./api.js";
import { errorBox, h } from "./dom.js";
import { t } from "./i18n.js";

export async function loginView(root, { go }) {
  const expired = sessionStorage.getItem("arna.expired");
  sessionStorage.removeItem("arna.expired");
  const message = h("div", { "aria-live": "assertive" },
    expired ? h("p", { class: "notice" }, t("err_session")) : null);
  const user = h("input", { id: "username", name: "username", autocomplete: "username", required: true,
    dataset: { testid: "login-username" } });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password",
    required: true, dataset: { testid: "login-password" } });
  const submit = h("button", { type: "submit", class: "primary", dataset: { testid: "login-submit" } },
    t("login_button"));
  const form = h("form", { class: "card login", "aria-labelledby": "login-title", dataset: { testid: "login-form" } },
    h("h1", { id: "login-title" }, t("login_title")),
    h("p", {}, t("login_intro")),
    h("label", { for: "username" }, t("username")), user,
    h("label", { for: "password" }, t("password")), password,
    submit, message);
  onSignIn(form, { submit, message, retry: password, refused: "err_login", go }, async () => {
    const issued = await api("/auth/login", { method: "POST", body: { username: user.value, password: password.value } });
    return { token: issued.token, user: issued.user, role: issued.role };
  });
  root.append(form, tokenForm(go));
  user.focus();
}

/** Sign in with an API token instead (e.g. the administrator's, printed once by `arna serve`). */
function tokenForm(go) {
  const token = h("input", { id: "token", name: "token", type: "password", autocomplete: "off", required: true,
    dataset: { testid: "login-token" } });
  const submit = h("button", { type: "submit", class: "secondary", dataset: { testid: "login-token-submit" } },
    t("login_button"));
  const message = h("div", { "aria-live": "assertive" });
  const form = h("form", {}, h("p", { class: "muted small" }, t("login_token_intro")),
    h("label", { for: "token" }, t("api_token")), token, submit, message);
  onSignIn(form, { submit, message, retry: token, refused: "err_token", go }, async () => {
    const value = token.value.trim();
    const me = await api("/auth/me", { token: value });
    return { token: value, user: me.name, role: me.role };
  });
  return h("details", { class: "card login token-login", dataset: { testid: "token-login" } },
    h("summary", {}, t("login_with_token")), form);
}

/** On submit, `attempt()` gives the session to keep; a 401 shows the `refused` text and selects `retry`. */
function onSignIn(form, { submit, message, retry, refused, go }, attempt) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      session.set(await attempt());
      go("#/runs");
    } catch (err) {
      message.replaceChildren(err instanceof ApiError && err.status === 401
        ? h("div", { class: "error", role: "alert", dataset: { testid: "error" } }, h("p", {}, t(refused)))
        : errorBox(err));
      retry.select();
    } finally {
      submit.disabled = false;
    }
  });
}
