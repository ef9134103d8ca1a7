"""The real service (uvicorn, in a thread) on a free port over a temporary data folder, and Debian's
Chromium driven by Playwright. Screenshots of each step go to ``test-artifacts/e2e/``."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from arna.service import Settings, create_app
from arna.service.database import ServiceDB

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
PASSWORD = "analyst-password"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

playwright_sync = pytest.importorskip("playwright.sync_api", reason="the e2e tests need the 'playwright' package")


@dataclass
class Server:
    url: str
    token: str
    syr_run: str
    settings: Settings

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read())

    def start(self, model: str, scenarios: list[str]) -> str:
        """Start a run through the API (it runs in the background)."""
        run_id: str = self.api("POST", "/runs", {"model": model, "scenarios": scenarios})["id"]
        return run_id

    def wait(self, run_id: str, timeout: float = 60.0) -> str:
        """Wait until a run has completed."""
        deadline = time.monotonic() + timeout
        while (status := self.api("GET", f"/runs/{run_id}")["status"]) not in {"completed", "failed", "cancelled"}:
            assert time.monotonic() < deadline, f"run {run_id} did not end"
            time.sleep(0.2)
        assert status == "completed"
        return run_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Chromium is not installed: `make test` installs Debian's `chromium` with apt-get "
                    "(.ci/system-packages); or run `apt-get install chromium`")
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import uvicorn

    data = tmp_path_factory.mktemp("e2e-service")
    db = ServiceDB(data)
    db.create_user("analyst", "analyst", password=PASSWORD)
    db.create_user("viewer", "viewer", password=PASSWORD)
    token = db.issue_token("analyst")[1]
    port = _free_port()
    settings = Settings(data_dir=data, workers=2)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    server = Server(f"http://127.0.0.1:{port}", token, "", settings)
    # a run for the tests that need results, started now so that it runs while the first tests log in
    server.syr_run = server.start("syr-darya", ["baseline", "dry"])
    yield server
    uv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh browser tab (its own session storage) in English, 1400×900; the console's errors fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB", base_url=server.url)
    context.add_init_script("if (!localStorage.getItem('arna.lang')) localStorage.setItem('arna.lang', 'en')")
    tab = context.new_page()
    errors: list[str] = []
    # "Failed to load resource" is reported below with its address; refusals the tests provoke are expected
    expected = {(401, "/auth/login"), (401, "/auth/me"), (422, "/models")}
    tab.on("console", lambda m: errors.append(m.text)
           if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", lambda r: errors.append(f"{r.status} {r.url}")
           if r.status >= 400 and (r.status, urlsplit(r.url).path) not in expected else None)
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not errors, f"browser console errors: {errors}"


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artifact."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Any, user: str = "analyst", password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_test_id("login-username").fill(user)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("new-run-form").wait_for()
