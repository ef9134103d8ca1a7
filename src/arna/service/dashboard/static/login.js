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
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const issued = await api("/auth/login", { method: "POST", body: { username: user.value, password: password.value } });
      session.set({ token: issued.token, user: issued.user, role: issued.role });
      go("#/runs");
    } catch (err) {
      message.replaceChildren(err instanceof ApiError && err.status === 401
        ? h("div", { class: "error", role: "alert", dataset: { testid: "error" } }, h("p", {}, t("err_login")))
        : errorBox(err));
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form);
  user.focus();
}
