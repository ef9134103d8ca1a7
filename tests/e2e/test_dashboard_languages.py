"""The dashboard in the reader's language: the model's, its scenarios' names and descriptions from the
document's labels, the year-by-year tables, in Kazakh and Russian (a run of the lower Syr Darya model)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, login, shot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lower_run(server: Server) -> str:
    return server.wait(server.start("lower-syr-darya", ["baseline", "dry"]))


def test_a_run_in_kazakh_and_russian(page: Any, lower_run: str) -> None:
    login(page)
    page.get_by_test_id("lang-kk").click()
    page.get_by_test_id("model-select").select_option("lower-syr-darya")
    assert "Төменгі Сырдария" in page.get_by_test_id("model-select").inner_text()
    assert page.get_by_test_id("model-description").inner_text().startswith("Сырдарияның")
    checks = page.get_by_test_id("scenario-checks").inner_text()
    assert "Базалық" in checks and "Аз сулы" in checks and "baseline" not in checks
    runs = page.get_by_test_id("runs-table").inner_text()
    assert "Төменгі Сырдария" in runs and "Базалық, Аз сулы" in runs
    page.goto(f"/ui/#/run/{lower_run}")
    page.get_by_test_id("schematic").wait_for()
    assert page.get_by_test_id("run-title").inner_text().startswith("Төменгі Сырдария")
    assert page.get_by_test_id("run-description").inner_text().startswith("Сырдарияның")
    assert [o.strip() for o in page.get_by_test_id("map-scenario").locator("option").all_inner_texts()] == \
        ["Базалық", "Аз сулы"]
    deficits = page.get_by_test_id("table-year-deficit")
    assert deficits.locator("th").all_inner_texts() == ["Жыл", "Толық жыл", "Базалық", "Аз сулы"]
    assert deficits.locator("tbody tr").count() == 5  # 2019–2023
    assert "Базалық" in page.get_by_test_id("table-demands").inner_text()
    shot(page, "07-kazakh-labels")
    page.get_by_test_id("lang-ru").click()
    page.get_by_test_id("schematic").wait_for()
    assert page.get_by_test_id("run-title").inner_text().startswith("Нижняя Сырдарья")
    energy = page.get_by_test_id("table-year-energy").locator("th").all_inner_texts()
    assert energy == ["Год", "Полный год", "Базовый", "Маловодный"]
    page.goto(f"/ui/#/compare?left={lower_run}:baseline&right={lower_run}:dry")
    page.get_by_test_id("compare-table").wait_for()
    headers = page.get_by_test_id("compare-table").locator("th").all_inner_texts()
    assert headers[3:5] == ["Слева: Базовый", "Справа: Маловодный"]
    shot(page, "08-russian-compare")
