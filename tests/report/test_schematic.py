"""The report's network schematic: labels that overlap nothing and stay inside the drawing (measured by
matplotlib's renderer), arrows on every edge, return flows drawn, a legend of what is shown."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest
from matplotlib.transforms import Bbox

from arna.data.registry import bundled_model_path, bundled_names
from arna.report.figures import auto_positions, network_svg
from arna.report.i18n import LANGS, TEXT, t
from arna.report.labels import Spacing, crosses, overlaps, place_labels
from arna.report.schematic import STYLES, Schematic, kind_label, network_figure, wrap
from arna.schema import load_model
from arna.schema.document import ModelDocument

MODELS = sorted(set(bundled_names()) | {"lower-syr-darya"})


def _inputs(doc: ModelDocument, lang: str) -> dict[str, object]:
    names = [n.name for n in doc.nodes]
    placed = all(n.position is not None for n in doc.nodes)
    pos = [n.position for n in doc.nodes if n.position is not None] if placed else auto_positions(
        names, list(doc.edges))
    return {"names": names, "kinds": [n.type for n in doc.nodes], "positions": pos, "edges": list(doc.edges),
            "labels": [(n.labels or {}).get(lang, n.name) for n in doc.nodes],
            "returns": [(n.name, r) for n in doc.nodes if (r := getattr(n, "return_to", None))], "lang": lang}


def _marker_boxes(drawn: Schematic) -> list[Bbox]:
    renderer = drawn.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return [line.get_window_extent(renderer) for line in drawn.ax.lines if str(line.get_gid()).startswith("arna-node")]


def _check(drawn: Schematic) -> None:
    renderer = drawn.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [tx.get_window_extent(renderer) for tx in drawn.labels]
    frame = drawn.ax.bbox
    for tx, b in zip(drawn.labels, boxes, strict=True):
        assert frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1, \
            f"label {tx.get_text()!r} is clipped: {b} outside {frame}"
    for (ta, a), (tb, b) in itertools.combinations(zip(drawn.labels, boxes, strict=True), 2):
        assert not a.overlaps(b), f"labels {ta.get_text()!r} and {tb.get_text()!r} overlap"
    for tx, b in zip(drawn.labels, boxes, strict=True):
        for m in _marker_boxes(drawn):
            assert not b.overlaps(m), f"label {tx.get_text()!r} covers a node symbol"
    legend_box = drawn.legend.get_window_extent(renderer)
    assert not legend_box.overlaps(frame), "the legend overlaps the drawing"
    assert legend_box.x0 >= 0 and legend_box.x1 <= drawn.fig.bbox.x1 and legend_box.y0 >= 0


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("model", MODELS)
def test_labels_overlap_nothing_and_are_not_clipped(model: str, lang: str) -> None:
    doc = load_model(bundled_model_path(model))
    drawn = network_figure(**_inputs(doc, lang))  # type: ignore[arg-type]
    try:
        _check(drawn)
        assert len(drawn.arrows) == len(doc.edges) and all(a.get_arrowstyle() is not None for a in drawn.arrows)
        returns = [n for n in doc.nodes if getattr(n, "return_to", None)]
        assert len(drawn.returns) == len(returns)
        assert all(r.get_linestyle() != "-" and r.get_edgecolor() != drawn.arrows[0].get_edgecolor()
                   for r in drawn.returns)
        legend = [tx.get_text() for tx in drawn.legend.get_texts()]
        for kind in {n.type for n in doc.nodes}:
            assert kind_label(kind, lang) in legend
        assert t("legend_flow", lang) in legend
        assert (t("legend_return", lang) in legend) == bool(returns)
    finally:
        plt.close(drawn.fig)


def test_a_crowded_line_of_long_names_still_fits() -> None:
    """Twenty nodes a short step apart on one line, with long names: the drawing grows until all fit."""
    names = [f"Node number {i} with a rather long name" for i in range(20)]
    kinds = ["reach"] * 20
    edges = list(itertools.pairwise(names))
    drawn = network_figure(names, kinds, [(float(i), 0.0) for i in range(20)], edges)
    try:
        _check(drawn)
        assert any(line.get_gid() is None for line in drawn.ax.lines), "labels set far away get a leader line"
    finally:
        plt.close(drawn.fig)


def test_unknown_kinds_and_a_single_node_draw() -> None:
    drawn = network_figure(["Lonely $1 & <b>"], ["something_new"], [(3.0, 3.0)], [])
    try:
        _check(drawn)
        assert "something_new" in [tx.get_text() for tx in drawn.legend.get_texts()]
        assert drawn.labels[0].get_text() == "Lonely $1 & <b>"
    finally:
        plt.close(drawn.fig)


def test_svg_has_full_names_and_kinds_on_hover() -> None:
    doc = load_model(bundled_model_path("lower-syr-darya"))
    args = _inputs(doc, "kk")
    svg = network_svg(**args)  # type: ignore[arg-type]
    assert svg.startswith("<svg") and 'class="network"' in svg
    assert svg.count("<title>") >= len(doc.nodes)
    assert "<title>Кіші Арал теңізі (соңғы су айдыны)</title>" in svg
    assert network_svg(**args) == svg  # reproducible  # type: ignore[arg-type]
    odd = network_svg(["a $ b <c>", "d"], ["reach", "demand"], [(0.0, 0.0), (1.0, 0.0)], [("a $ b <c>", "d")])
    assert "<title>a $ b &lt;c&gt; (river reach)</title>" in odd


def test_wrap_splits_long_labels_at_the_middle_space() -> None:
    assert wrap("Kapshagay") == "Kapshagay"
    assert wrap("Syr Darya through the Fergana valley") == "Syr Darya through\nthe Fergana valley"
    assert wrap("Averyveryverylongwordwithoutspaces") == "Averyveryverylongwordwithoutspaces"


def test_every_drawn_kind_has_a_label_in_every_language() -> None:
    for kind in STYLES:
        assert f"kind_{kind}" in TEXT, kind
        assert kind_label(kind, "ru") == TEXT[f"kind_{kind}"][1]


def test_placement_geometry() -> None:
    assert overlaps((0, 0, 10, 10), (9, 9, 20, 20)) and not overlaps((0, 0, 10, 10), (11, 0, 20, 10))
    assert overlaps((0, 0, 10, 10), (11, 0, 20, 10), margin=2)
    assert crosses((-5, 5, 15, 5), (0, 0, 10, 10)) and not crosses((-5, 15, 15, 15), (0, 0, 10, 10))
    assert crosses((5, 5, 6, 6), (0, 0, 10, 10))  # inside
    # two nodes side by side with wide labels: the second goes elsewhere, with no overlap
    got = place_labels([(50.0, 50.0), (70.0, 50.0)], [4.0, 4.0], [(60.0, 10.0), (60.0, 10.0)],
                       (0.0, 0.0, 300.0, 200.0), [])
    assert got[0] is not None and got[1] is not None
    assert not overlaps(got[0].box, got[1].box)
    # no room at all: None, so that the caller can grow the drawing
    tight = place_labels([(5.0, 5.0)], [4.0], [(60.0, 10.0)], (0.0, 0.0, 10.0, 10.0), [], Spacing(rings=2))
    assert tight == [None]


@pytest.mark.slow
def test_a_dense_tangle_of_sixty_nodes_still_fits() -> None:
    """A model much larger and more tangled than the bundled ones (they grow): every label still finds a place."""
    import random

    rng = random.Random(1)
    names = [f"Node {i} " + "long name " * (i % 4) for i in range(60)]
    kinds = [rng.choice(["reach", "demand", "reservoir", "inflow", "canal", "lake"]) for _ in names]
    positions = [(float(i // 3), float(i % 3) + rng.random()) for i in range(60)]
    drawn = network_figure(names, kinds, positions, list(itertools.pairwise(names)), returns=[(names[5], names[9])])
    try:
        _check(drawn)
    finally:
        plt.close(drawn.fig)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_node_kind_has_a_name_in_the_language(lang: str) -> None:
    """The schematic's legend and the report name every kind of node in the reader's language
    (a generic 'link' appeared in English in the Kazakh legend)."""
    from typing import get_args

    from arna.schema.nodes import Node

    kinds = {k for cls in get_args(get_args(Node)[0]) for k in get_args(cls.model_fields["type"].annotation)}
    untranslated = sorted(k for k in kinds if kind_label(k, lang) in {k, kind_label(k, "en")})
    assert not untranslated
