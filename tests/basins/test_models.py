"""Every bundled basin model validates, runs in all its scenarios, closes its balance and is documented."""

from __future__ import annotations

import re

import numpy as np

from arna.api import compile_model
from arna.data.registry import bundled_model_path, bundled_models, resolve_model
from arna.errors import InputError
from arna.schema import load_model
from arna.schema import nodes as n
from tests.basins.conftest import run_bundled

REQUIRED_SCENARIOS = {"baseline", "dry", "climate-2050"}


def test_model_validates_and_has_the_required_scenarios(basin: str) -> None:
    net = compile_model(bundled_model_path(basin))
    assert set(net.scenarios) >= REQUIRED_SCENARIOS
    assert len(net.timesteps) >= 60  # monthly, several years


def test_all_scenarios_run_and_the_balance_closes(basin: str) -> None:
    doc, res = run_bundled(basin)
    assert res.scenarios == [s.name for s in doc.scenarios]
    assert res.balance_error <= 1e-9
    assert np.isfinite(res.values).all()


def test_documented_inflows_positions_and_estimates(basin: str) -> None:
    doc, _ = run_bundled(basin)
    assert "estimate" in str(doc.metadata.get("estimates", "")).lower()
    assert doc.metadata.get("calibration")
    for node in doc.nodes:
        assert node.position is not None, node.name
        if isinstance(node, n.InflowNode):
            assert node.country, f"{node.name}: inflow without the country where it is formed"
    borders = [x for x in doc.nodes if isinstance(x, n.BorderNode)]
    assert borders, "a transboundary model records its border crossing"


def test_every_bundled_node_has_russian_and_kazakh_labels() -> None:
    """The dashboard shows node names in the chosen language: every bundled model carries them."""
    for bundled in bundled_models():
        name = bundled.name
        doc = load_model(bundled_model_path(name))
        for node in doc.nodes:
            labels = node.labels or {}
            assert set(labels) >= {"ru", "kk"}, f"{name}: {node.name} lacks a Russian or Kazakh label"
            assert not re.search(r"[A-Za-z]", labels["ru"] + labels["kk"]), f"{name}: {node.name}: {labels}"


def test_sources_cite_every_id_used_in_the_model(basin: str) -> None:
    path = bundled_model_path(basin)
    sources = (path.parent / "SOURCES.md").read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    groups = re.findall(r"\(([A-Z]\d+[a-z]?(?:, [A-Z]\d+[a-z]?)*)\)", text)
    ids = {i for group in groups for i in group.split(", ")}
    assert ids, "model nodes cite SOURCES.md IDs"
    for i in ids:
        assert f"| {i} |" in sources, f"{i} is used in {basin}/model.yaml but not listed in SOURCES.md"
    assert "[E]" in sources


def test_registry_lists_and_resolves() -> None:
    names = {m.name for m in bundled_models()}
    assert names >= {"syr-darya", "ili-balkhash", "irtysh"}
    syr = next(m for m in bundled_models() if m.name == "syr-darya")
    assert {"baseline", "energy-mode", "irrigation-mode"} <= set(syr.scenarios)
    assert syr.description and syr.sources.is_file()
    assert resolve_model("syr-darya") == bundled_model_path("syr-darya")
    assert resolve_model(str(syr.path)) == syr.path
    try:
        resolve_model("no-such-basin")
    except InputError as exc:
        assert "syr-darya" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("an unknown name must be an InputError")


def test_agreements_and_flow_origin_are_readable(basin: str) -> None:
    from arna.indicators.transboundary import agreements, formed_inside_outside

    doc, res = run_bundled(basin)
    for a in agreements(doc):  # a malformed schedule is a DocumentError
        assert a.source
    origin = formed_inside_outside(doc, res)
    base = origin[origin.scenario == "baseline"]
    assert base.unknown_km3_per_year.eq(0.0).all()  # every inflow names its country
    assert base.outside_share.between(0.0, 1.0, inclusive="neither").all()
