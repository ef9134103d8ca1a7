"""The page of an optimisation front (``arna optimise run -o front.csv`` writes it) in a real headless Chromium:
the objectives chart draws for two objectives and for more, and its legend leaves the colour bar's title
readable. Each case leaves a screenshot in ``test-artifacts/e2e/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from arna.optimise.html import front_page
from arna.optimise.problem import Problem
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

Box = tuple[float, float, float, float]


def _page(n: int) -> str:
    """The page of a made-up front of 12 solutions over ``n`` objectives, with the model as it is."""
    objectives = [{"name": f"objective_{i}", "indicator": "deficit", "nodes": ["town"], "sense": "min"}
                  for i in range(n)]
    problem = Problem.model_validate({"name": "made-up", "objectives": objectives,
                                      "variables": [{"name": "x", "path": "nodes[dam].capacity"}]})
    rng = np.random.default_rng(1)
    front = pd.DataFrame({"solution": range(12), "generation": rng.integers(1, 5, 12), "x": rng.random(12),
                          **{o["name"]: rng.random(12) for o in objectives}})
    history = pd.DataFrame({"generation": [1, 2, 3, 4], "hypervolume": [0.1, 0.2, 0.3, 0.35]})
    return front_page(front, history, problem, "a made-up front", {o["name"]: 0.5 for o in objectives})


def _open(browser: Any, tmp_path: Path, n: int) -> tuple[Any, Any, list[str]]:
    path = tmp_path / f"front-{n}.html"
    path.write_text(_page(n), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(path.as_uri())
    tab.locator("#hv .main-svg").first.wait_for()  # the last chart: the page has drawn all it can
    return context, tab, errors


def _box(tab: Any, selector: str) -> Box:
    b = tab.locator(selector).first.bounding_box()
    assert b is not None, selector
    return b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("n", [2, 4])
def test_the_legend_leaves_the_colour_bar_title_clear(browser: Any, tmp_path: Path, n: int) -> None:
    context, tab, errors = _open(browser, tmp_path, n)
    try:
        assert errors == []  # Plotly 4 cannot draw a scatter matrix of two: two objectives get a scatter plot
        legend, title = _box(tab, "#splom .legend"), _box(tab, "#splom .colorbar .cbtitle")
        assert "Pareto set" in tab.locator("#splom .legend").text_content()
        assert "generation" in tab.locator("#splom .colorbar .cbtitle").text_content()
        assert not _overlap(legend, title), (legend, title)
        assert title[1] > legend[3]  # the bar's title below the legend
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.locator("#splom").screenshot(path=str(ARTIFACTS / f"optimise-objectives-{n}.png"))
    finally:
        context.close()


def test_one_objective_has_no_chart_of_objectives_against_each_other(browser: Any, tmp_path: Path) -> None:
    context, tab, errors = _open(browser, tmp_path, 1)
    try:
        assert errors == [] and tab.locator("#splom").count() == 0 and tab.locator("#parcoords .main-svg").count()
    finally:
        context.close()
