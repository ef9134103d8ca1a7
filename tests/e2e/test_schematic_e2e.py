"""The dashboard's schematic in a real headless Chromium: labels measured in the page overlap neither each
other nor a node symbol and stay inside the drawing (English and Kazakh), arrows on every edge, return flows
dashed, a legend of what is drawn, full names on hover, zoom and pan. Screenshots go to ``test-artifacts/e2e/``."""

from __future__ import annotations

from typing import Any

import pytest

from arna.data.registry import bundled_names
from tests.e2e.conftest import ARTIFACTS, Server, login

pytestmark = pytest.mark.e2e

# label boxes, symbol boxes and the drawing's box, in page pixels, as the browser laid them out
MEASURE = """(svg) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    frame: box(svg),
    labels: [...svg.querySelectorAll("g.node")].map((g) => {
      const text = g.querySelector("text");
      return { node: g.dataset.node, text: text.textContent, box: box(text), symbol: box(text.previousElementSibling) };
    }),
  };
}"""


@pytest.fixture(scope="module")
def syr_run(server: Server) -> str:
    """A completed run of the bundled Syr Darya model (started with the server)."""
    return server.wait(server.syr_run)


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_labels(schematic: Any) -> int:
    got = schematic.evaluate(MEASURE)
    frame, labels = got["frame"], got["labels"]
    for lab in labels:
        x0, y0, x1, y1 = lab["box"]
        assert x1 > x0 and y1 > y0, f"label of {lab['node']} is not drawn"
        assert frame[0] <= x0 and x1 <= frame[2] and frame[1] <= y0 and y1 <= frame[3], \
            f"label {lab['text']!r} is clipped: {lab['box']} outside {frame}"
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a["box"], b["box"]), f"labels {a['text']!r} and {b['text']!r} overlap"
        for b in labels:
            assert not _overlap(a["box"], b["symbol"]), f"label {a['text']!r} covers the symbol of {b['node']}"
    return len(labels)


def test_schematic_labels_arrows_returns_legend(page: Any, server: Server, syr_run: str) -> None:
    network = server.api("GET", f"/runs/{syr_run}/network")
    login(page)
    page.goto(f"/ui/#/run/{syr_run}")
    schematic = page.get_by_test_id("schematic")
    schematic.wait_for()
    assert _check_labels(schematic) == len(network["nodes"])
    bar = page.get_by_test_id("zoom-in").locator("..").bounding_box()
    assert bar["y"] + bar["height"] <= schematic.bounding_box()["y"]  # the zoom buttons cover no label
    # an arrow (marker) on every edge, in the direction of the edge; canals apart; return flows dashed
    edges = schematic.locator("line.edge")
    assert edges.count() == len(network["edges"])
    assert all((edges.nth(i).get_attribute("marker-end") or "").startswith("url(#arrow-") for i in range(edges.count()))
    canal_edges = [(a, b) for a, b in network["edges"] if {"canal"} & {
        n["kind"] for n in network["nodes"] if n["name"] in (a, b)}]
    assert schematic.locator("line.edge.canal").count() == len(canal_edges) > 0
    returns = schematic.locator("path.edge.return")
    assert returns.count() == len(network["returns"]) > 0
    assert returns.first.evaluate("(p) => getComputedStyle(p).strokeDasharray") not in ("none", "")
    assert returns.first.get_attribute("marker-end") == "url(#arrow-return)"
    # the legend: every kind drawn, the edges, the colour scales
    legend = page.get_by_test_id("legend")
    kinds = {n["kind"] for n in network["nodes"]}
    assert legend.get_by_test_id("legend-kinds").locator(".kind").count() == len(kinds)
    edge_legend = legend.get_by_test_id("legend-edges").inner_text()
    assert "River flow" in edge_legend and "Canal or diversion" in edge_legend and "Return flow" in edge_legend
    # the full name on hover, even where the label is wrapped
    node = page.get_by_test_id("node-syr-darya-through-the-fergana-valley")
    assert node.locator("title").text_content().startswith("Syr Darya through the Fergana valley")
    schematic.screenshot(path=str(ARTIFACTS / "20-schematic-en.png"))
    legend.screenshot(path=str(ARTIFACTS / "21-schematic-legend-en.png"))


def test_schematic_zoom_and_pan(page: Any, syr_run: str) -> None:
    login(page)
    page.goto(f"/ui/#/run/{syr_run}")
    schematic = page.get_by_test_id("schematic")
    schematic.wait_for()
    whole = [float(v) for v in (schematic.get_attribute("viewBox") or "").split()]
    page.get_by_test_id("zoom-in").click()
    page.get_by_test_id("zoom-in").click()
    assert schematic.get_attribute("data-zoom") == "2.25"
    zoomed = [float(v) for v in (schematic.get_attribute("viewBox") or "").split()]
    assert abs(zoomed[2] - whole[2] / 2.25) < 1
    box = schematic.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 5)  # the background near the top edge
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 200, box["y"] + 5, steps=4)
    page.mouse.up()
    moved = [float(v) for v in (schematic.get_attribute("viewBox") or "").split()]
    assert moved[0] < zoomed[0]  # dragged right: the view moves left
    page.get_by_test_id("time-slider").fill("3")  # a redraw keeps the zoom
    assert page.get_by_test_id("schematic").get_attribute("data-zoom") == "2.25"
    page.get_by_test_id("schematic").screenshot(path=str(ARTIFACTS / "22-schematic-zoomed.png"))
    page.get_by_test_id("zoom-reset").click()
    assert [float(v) for v in (page.get_by_test_id("schematic").get_attribute("viewBox") or "").split()] == whole


def test_schematic_labels_in_kazakh(page: Any, syr_run: str) -> None:
    login(page)
    page.goto(f"/ui/#/run/{syr_run}")
    page.get_by_test_id("schematic").wait_for()
    page.get_by_test_id("lang-kk").click()
    schematic = page.get_by_test_id("schematic")
    schematic.wait_for()
    assert "Кіші Арал теңізі" in (page.get_by_test_id("node-small-aral-sea").text_content() or "")
    _check_labels(schematic)
    assert "Қайтарымды" in page.get_by_test_id("legend-edges").inner_text() or \
        "қайтарымды" in page.get_by_test_id("legend-edges").inner_text()
    schematic.screenshot(path=str(ARTIFACTS / "23-schematic-kk.png"))


@pytest.mark.parametrize("model", [m for m in bundled_names() if m != "syr-darya"])
def test_schematic_labels_of_the_other_bundled_models(page: Any, server: Server, model: str) -> None:
    """Every bundled model's schematic (a baseline run of each), measured as Chromium lays it out."""
    run_id = server.wait(server.start(model, ["baseline"]))
    network = server.api("GET", f"/runs/{run_id}/network")
    login(page)
    page.goto(f"/ui/#/run/{run_id}")
    schematic = page.get_by_test_id("schematic")
    schematic.wait_for()
    assert _check_labels(schematic) == len(network["nodes"])
    assert schematic.locator("line.edge").count() == len(network["edges"])
    assert schematic.locator("path.edge.return").count() == len(network["returns"])
    schematic.screenshot(path=str(ARTIFACTS / f"24-schematic-{model}.png"))
