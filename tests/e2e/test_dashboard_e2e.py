"""The dashboard in a real headless Chromium: log in, run the bundled Syr Darya model, open a node's chart,
switch to Kazakh, compare two scenarios. Each step leaves a screenshot in ``test-artifacts/e2e/``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, login, playwright_sync, shot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def syr_run(server: Server) -> str:
    """A completed run of the bundled Syr Darya model, scenarios baseline and dry (started with the server)."""
    return server.wait(server.syr_run)


def test_login_refuses_a_wrong_password_then_signs_in(page: Any) -> None:
    page.goto("/")
    page.get_by_test_id("login-form").wait_for()
    assert not page.get_by_test_id("nav-runs").is_visible() and not page.get_by_test_id("logout").is_visible()
    shot(page, "01-login")
    page.get_by_test_id("login-username").fill("analyst")
    page.get_by_test_id("login-password").fill("not-the-password")
    page.get_by_test_id("login-submit").click()
    error = page.get_by_test_id("error")
    error.wait_for()
    assert "wrong password" in error.inner_text()
    login(page)
    assert "analyst" in page.get_by_test_id("user").inner_text()
    assert page.get_by_test_id("nav-runs").is_visible() and page.get_by_test_id("logout").is_visible()
    shot(page, "02-runs")


def test_sign_in_with_an_api_token(page: Any, server: Server) -> None:
    page.goto("/")
    page.get_by_test_id("token-login").locator("summary").click()
    page.get_by_test_id("login-token").fill("arna_nosuchid_nosecret")
    page.get_by_test_id("login-token-submit").click()
    error = page.get_by_test_id("token-login").get_by_test_id("error")
    error.wait_for()
    assert "not valid" in error.inner_text()
    assert page.get_by_test_id("login-form").is_visible()  # a wrong token does not end anything
    page.get_by_test_id("login-token").fill(server.token)
    page.get_by_test_id("login-token-submit").click()
    page.get_by_test_id("new-run-form").wait_for()
    assert "analyst (analyst)" in page.get_by_test_id("user").inner_text()


def test_a_viewer_sees_runs_but_cannot_start_or_upload(page: Any) -> None:
    login(page, user="viewer")
    assert page.get_by_test_id("start-run").is_disabled()
    assert "needs the analyst role" in page.get_by_test_id("new-run-form").inner_text()
    assert page.locator("details.upload-box").count() == 0
    assert "viewer (viewer)" in page.get_by_test_id("user").inner_text()


def test_start_a_run_of_the_bundled_syr_darya_model_and_see_it_finish(page: Any) -> None:
    login(page)
    assert page.get_by_test_id("model-select").input_value() == "syr-darya"
    for name in ("baseline", "historical", "dry", "climate-2050", "upstream-development", "energy-mode",
                 "irrigation-mode", "kambarata-1"):
        page.get_by_test_id(f"scenario-{name}").set_checked(name in {"baseline", "dry"})
    page.get_by_test_id("start-run").click()
    progress = page.get_by_test_id("run-progress")
    progress.get_by_test_id("progress-bar").wait_for()
    shot(page, "03-run-started")
    page.get_by_test_id("open-run").wait_for(timeout=60_000)
    assert progress.get_by_test_id("progress-bar").get_attribute("aria-valuenow") == "100"
    assert progress.get_by_test_id("run-status").get_attribute("data-status") == "completed"
    assert "312 of 312 timesteps" in progress.inner_text()
    shot(page, "04-run-completed")
    page.get_by_test_id("open-run").click()
    page.get_by_test_id("schematic").wait_for()
    assert page.get_by_test_id("run-title").inner_text().startswith("syr-darya")


def test_click_a_node_on_the_schematic_to_see_its_chart(page: Any, syr_run: str) -> None:
    login(page)
    page.goto(f"/ui/#/run/{syr_run}")
    schematic = page.get_by_test_id("schematic")
    schematic.wait_for()
    assert schematic.locator("g.node").count() == 44
    assert page.get_by_test_id("node-hint").is_visible()
    # demands are coloured by their deficit share at the chosen month, reservoirs by their fill
    demand = page.get_by_test_id("node-maktaaral-and-zhetysai-irrigation")
    assert demand.get_attribute("data-value") != ""
    page.get_by_test_id("time-slider").fill("7")
    assert page.get_by_test_id("time-label").inner_text() == "Aug 1999"
    page.get_by_test_id("node-shardara").locator("rect").click()  # the reservoir's square
    chart = page.get_by_test_id("node-chart")
    chart.locator(".main-svg").first.wait_for()
    assert chart.get_attribute("data-node") == "Shardara"
    assert chart.get_attribute("data-traces") == "2"  # baseline and dry
    assert int(chart.get_attribute("data-points") or 0) == 624
    lines = chart.locator(".scatterlayer path.js-line")
    assert lines.count() == 2
    assert all(len(lines.nth(i).get_attribute("d") or "") > 500 for i in range(2))  # 312 points each
    assert page.get_by_test_id("node-attribute").input_value() == "volume"
    assert "Shardara" in page.get_by_test_id("node-name").inner_text()
    shot(page, "05-node-chart")
    # transboundary compliance with the agreement in the model's metadata, per scenario
    compliance = page.get_by_test_id("table-compliance")
    assert "Periods met" in compliance.locator("thead").inner_text()
    assert compliance.locator("tbody tr").count() == 2
    flows = page.get_by_test_id("table-border-flows")
    assert flows.locator("tbody tr").count() == 26  # 1999–2024, baseline and dry side by side


def test_switch_to_kazakh(page: Any, syr_run: str) -> None:
    login(page)
    page.goto(f"/ui/#/run/{syr_run}")
    page.get_by_test_id("schematic").wait_for()
    page.get_by_test_id("lang-kk").click()
    page.get_by_test_id("schematic").wait_for()
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.get_by_test_id("schematic-section").locator("h2").inner_text() == "Су шаруашылығы желісінің сызбасы"
    assert page.get_by_test_id("nav-runs").inner_text() == "Есептеулер"
    assert page.get_by_test_id("logout").inner_text() == "Шығу"
    assert "Су тұтынушылар: тапшылық үлесі" in page.get_by_test_id("legend").inner_text()
    when = page.get_by_test_id("time-label").inner_text()  # July 1999, by Intl or (no Kazakh data) as the report
    assert "1999" in when and "шіл" in when, when
    headers = page.get_by_test_id("table-demands").locator("th").all_inner_texts()
    assert "Қамтамасыз етілу" in headers and "Сенімділік" in headers
    # node and country names from the document's Kazakh labels, on the schematic and in the tables
    assert "Кіші Арал теңізі" in (page.get_by_test_id("node-small-aral-sea").text_content() or "")
    assert "Шардара ауданын суару (Қызылқұм)" in page.get_by_test_id("table-demands").inner_text()
    flows = page.get_by_test_id("table-border-flows").inner_text()
    assert "Өзбекстан — Қазақстан шекарасы" in flows and "Өзбекстан" in flows and "Uzbekistan" not in flows
    page.get_by_test_id("tab-energy").click()
    page.get_by_test_id("series-chart").locator(".main-svg").first.wait_for()
    shot(page, "06-kazakh")
    with page.expect_popup() as popup:  # the report in the chosen language, fetched with the token
        page.get_by_test_id("open-report").click()
    report = popup.value
    report.locator("h1").first.wait_for()
    assert report.locator("h1").first.inner_text().startswith("Суды бөлу есебі")
    report.close()
    page.reload()  # the choice is kept
    page.get_by_test_id("schematic").wait_for()
    assert page.get_by_test_id("nav-runs").inner_text() == "Есептеулер"


def test_compare_baseline_and_dry_side_by_side(page: Any, syr_run: str) -> None:
    login(page)
    page.goto(f"/ui/#/compare?left={syr_run}:baseline&right={syr_run}:dry")
    left = page.get_by_test_id("compare-left-chart")
    right = page.get_by_test_id("compare-right-chart")
    left.locator(".main-svg").first.wait_for()
    right.locator(".main-svg").first.wait_for()
    assert left.get_attribute("data-scenario") == "baseline" and right.get_attribute("data-scenario") == "dry"
    assert page.get_by_test_id("compare-node").input_value() == "Uzbekistan–Kazakhstan border"
    assert int(left.get_attribute("data-points") or 0) == 312 == int(right.get_attribute("data-points") or 0)
    table = page.get_by_test_id("compare-table")
    headers = table.locator("th").all_inner_texts()
    assert headers[3:] == ["Left: baseline", "Right: dry", "Difference (right − left)"]
    rows = table.locator("tbody tr")
    assert rows.count() > 10
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    differing = [c for c in cells if c[3] != c[4]]
    assert differing, "baseline and dry should differ somewhere"
    coverage = next(c for c in cells if c[1] == "Maktaaral and Zhetysai irrigation" and c[2] == "Coverage")
    assert coverage[3] != coverage[4] and coverage[5].startswith(("-", "−"))  # less water in the dry scenario
    shot(page, "07-compare")
    page.get_by_test_id("compare-node").select_option("Shardara")
    playwright_sync.expect(page.get_by_test_id("compare-left-chart")).to_contain_text("Shardara — Volume")
    playwright_sync.expect(page.get_by_test_id("compare-right-chart")).to_contain_text("Shardara — Volume")
    shot(page, "08-compare-shardara")


SMALL = b"""name: small-river
timestepper: {start: 2021-01-01, end: 2021-03-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "10 m3/s"}
  - {name: city, type: demand, demand: "5 m3/s", priority: 1}
  - {name: sea, type: terminal}
edges: [[river, city], [river, sea]]
"""


def test_upload_a_model_and_see_its_problems_or_pick_it(page: Any) -> None:
    login(page)
    page.locator("details.upload-box summary").click()
    broken = SMALL.replace(b'flow: "10 m3/s"', b'flow: "10 parsecs"')
    page.get_by_test_id("model-file").set_input_files(
        files=[{"name": "small.yaml", "mimeType": "application/yaml", "buffer": broken}])
    page.get_by_test_id("upload-model").click()
    error = page.get_by_test_id("upload-outcome").get_by_test_id("error")
    error.wait_for()
    assert "nodes[0].flow" in error.inner_text() and "fix them" in error.inner_text()
    shot(page, "09-upload-problems")
    page.get_by_test_id("model-file").set_input_files(
        files=[{"name": "small.yaml", "mimeType": "application/yaml", "buffer": SMALL}])
    page.get_by_test_id("upload-model").click()
    page.get_by_text("Uploaded small-river, version 1").wait_for()
    assert page.get_by_test_id("model-select").input_value() == "small-river"
    assert page.get_by_test_id("scenario-baseline").is_checked()


INFEASIBLE = b"""name: failing-river
timestepper: {start: 2021-01-01, end: 2021-03-01, step: month}
nodes:
  - {name: river, type: inflow, flow: "1 m3/s"}
  - {name: lake, type: reservoir, capacity: "10 hm3", initial_volume: "0 hm3", min_release: "100 m3/s"}
  - {name: sea, type: terminal}
edges: [[river, lake], [lake, sea]]
"""


def test_a_failed_run_shows_its_error_and_what_to_do(page: Any) -> None:
    """An uploaded model whose minimum release cannot be met: the run fails, and says why."""
    login(page)
    page.locator("details.upload-box summary").click()
    page.get_by_test_id("model-file").set_input_files(
        files=[{"name": "failing.yaml", "mimeType": "application/yaml", "buffer": INFEASIBLE}])
    page.get_by_test_id("upload-model").click()
    playwright_sync.expect(page.get_by_test_id("model-select")).to_have_value("failing-river")
    page.get_by_test_id("start-run").click()
    error = page.get_by_test_id("run-progress").get_by_test_id("run-error")
    error.wait_for(timeout=60_000)
    text = error.inner_text()
    assert text.startswith("The run failed: ") and "has no solution" in text
    assert text.endswith("reach an outlet. Check the model and start it again.")  # one full stop
    shot(page, "10-run-failed")


#: Two centuries of days: a run that is still going when the test cancels it.
LONG = {"name": "long-river",
        "timestepper": {"start": "1800-01-01", "end": "1999-12-31", "step": "day"},
        "nodes": [{"name": "river", "type": "inflow", "flow": "10 m3/s"},
                  {"name": "lake", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "50 hm3"},
                  {"name": "farm", "type": "demand", "demand": "5 m3/s"},
                  {"name": "sea", "type": "terminal"}],
        "edges": [["river", "lake"], ["lake", "farm"], ["lake", "sea"]]}


def test_cancel_a_running_run_from_the_runs_table(page: Any, server: Server) -> None:
    server.api("POST", "/models", LONG)
    run_id = server.start("long-river", [])
    login(page)
    row = page.get_by_test_id("runs-table").locator("tr", has_text="long-river")
    row.get_by_test_id("cancel-run").click()
    playwright_sync.expect(row.get_by_test_id("run-status")).to_have_attribute("data-status", "cancelled")
    assert server.api("GET", f"/runs/{run_id}")["status"] == "cancelled"
    assert row.get_by_test_id("cancel-run").count() == 0
    shot(page, "11-run-cancelled")


def test_the_runs_table_lists_the_newest_run_first(page: Any, server: Server, syr_run: str) -> None:
    """Even when the runs fill more than one page of /runs, the table shows the latest ones, newest first."""
    server.api("POST", "/models", LONG | {"name": "ordered-river", "timestepper": {
        "start": "2000-01-01", "end": "2000-12-31", "step": "month"}})
    server.wait(server.start("ordered-river", []))
    latest = server.wait(server.start("ordered-river", []))
    oldest_first = [r["id"] for r in server.api("GET", "/runs?order=oldest")]
    assert len(oldest_first) > 2 and oldest_first.index(syr_run) < oldest_first.index(latest) == len(oldest_first) - 1
    page_size, server.settings.max_page = server.settings.max_page, 2
    try:
        login(page)
        table = page.get_by_test_id("runs-table")
        playwright_sync.expect(table.locator("tbody tr").first).to_contain_text("ordered-river")
        shown = [link[:8] for link in table.locator("tbody tr td:first-child").all_inner_texts()]
        assert shown == [run_id[:8] for run_id in reversed(oldest_first[-2:])]
        shot(page, "12-runs-newest-first")
    finally:
        server.settings.max_page = page_size
