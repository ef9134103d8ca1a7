"""The scheme example in docs/agriculture.md loads and gives the figures the guide quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from arna.hydrology.irrigation import crop_requirements, scheme_from_data

DOC = Path(__file__).parents[2] / "docs" / "agriculture.md"


def test_docs_scheme_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- example: lower-syr-darya-scheme -->\n```yaml\n(.*?)```", text, re.S)
    assert m, "the example block is missing from docs/agriculture.md"
    scheme = scheme_from_data(yaml.safe_load(m.group(1)), "docs/agriculture.md")
    per_ha = crop_requirements(scheme).groupby("crop")["net_requirement_m3_per_ha"].sum()
    assert per_ha["rice"] == pytest.approx(18_800, rel=0.01)
    assert per_ha["cotton"] == pytest.approx(9_300, rel=0.01)
    assert "about 18,800 m³/ha net" in text and "about 9,300 m³/ha net" in text
