"""A flow or volume made negative through an aggregated or indexed parameter is an input error (exit 2).

Such documents used to end as "the allocation has no solution" (exit 3), naming no node. Now a value
known before the run is refused by ``validate`` (constants folded by the Pywr schema; profiles, data
and scenario values when the network is compiled), and one that reads the state is refused at the
timestep where it turns negative. The fixtures are in ``tests/pywr/negative/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from arna.cli.main import main
from arna.pywr.folding import constant_value

NEGATIVE = Path(__file__).resolve().parent / "negative"


def _run(path: Path, out: Path, capsys: pytest.CaptureFixture[str], command: str = "run") -> tuple[int, str]:
    args = ["run", str(path), "--format", "pywr", "-o", str(out)] if command == "run" else ["validate", str(path)]
    code = main(args)
    captured = capsys.readouterr()
    return code, " ".join((captured.err + captured.out).split())  # one line, whatever the console's width


BEFORE_THE_RUN = [
    # constants: folded by the Pywr schema, the path is the user's
    ("aggregated_sum.json", "nodes[0].max_flow: must not be negative", "(sum of values known before the run) is -10"),
    ("aggregated_named_min.json", "parameters.cap: must not be negative", "is -1, read by nodes[0].max_flow"),
    ("catchment_product.json", "nodes[0].flow: must not be negative", "is -5"),
    ("indexed_aggregated.json", "nodes[0].max_flow.params[1]: must not be negative", "is -3"),
    # profiles, data and scenario values: refused when the network is compiled, with the first date
    ("monthly_product.json", "nodes[0].max_flow: must not be negative", "node 'supply', is -1 Ml/day at timestep 4 "
     "(2015-03-01)"),
    ("dataframe_product.json", "nodes[0].max_flow: must not be negative", "is -8 Ml/day at timestep 3 (2015-01-04), "
     "scenario '1'"),
    ("storage_max_volume.json", "nodes[1].max_volume: must not be negative", "node 'tank', is -100 Ml at timestep 0"),
    # a split's factors are ratios of flows: refused when the network is compiled
    ("river_split_factor.json", "nodes[1].factors[1]: node 'split': factor -1 is negative", "must be 0 or more"),
]


@pytest.mark.parametrize(("name", "where", "words"), BEFORE_THE_RUN, ids=[c[0] for c in BEFORE_THE_RUN])
@pytest.mark.parametrize("command", ["validate", "run"])
def test_negative_known_before_the_run_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                  where: str, words: str, command: str) -> None:
    out = tmp_path / "out.csv"
    code, err = _run(NEGATIVE / name, out, capsys, command)
    assert code == 2, err
    assert f"{NEGATIVE / name}" in err and where in err and words in err, err
    assert "no solution (" not in err and "Traceback" not in err
    assert not out.exists()


AT_RUN_TIME = [
    ("controlcurve_aggregated.json", "nodes[1].max_flow (node 'release', parameter 'rule' (parameters.rule)) is -2 "
     "Ml/day at timestep 2 (2015-01-03), scenario '1'"),
    ("controlcurve_indexed.json", "nodes[1].max_flow (node 'release', the parameter written there) is -1 Ml/day at "
     "timestep 2 (2015-01-03), scenario '1'"),
]


@pytest.mark.parametrize(("name", "words"), AT_RUN_TIME, ids=[c[0] for c in AT_RUN_TIME])
def test_negative_reached_at_run_time_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        name: str, words: str) -> None:
    """Valid before the run (the control curve decides), refused at the step the reservoir falls below it."""
    assert _run(NEGATIVE / name, tmp_path / "x", capsys, "validate")[0] == 0
    out = tmp_path / "out.csv"
    code, err = _run(NEGATIVE / name, out, capsys)
    assert code == 2, err
    assert f"{NEGATIVE / name}: {words}; a flow or a volume must not be negative" in err, err
    assert "aggregated 'max' with 0" in err and "no solution (" not in err
    assert not out.exists()


def _with_zero(doc: dict[str, Any]) -> None:
    """The fixtures' negative ends replaced by 0 (the release stops below the curve)."""
    params = doc["parameters"]
    if "rule" in params:
        params["rule"]["parameters"][0]["values"][1] = 0
    else:
        params["sign"]["values"][1] = 0


@pytest.mark.parametrize("name", [c[0] for c in AT_RUN_TIME])
def test_the_same_models_with_zero_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """Without the negative value the fixtures solve: a limit of 0 is allowed, and only the sign was wrong."""
    doc = json.loads((NEGATIVE / name).read_text())
    _with_zero(doc)
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    code, err = _run(path, tmp_path / "out.csv", capsys)
    assert code == 0, err


@pytest.mark.parametrize(("value", "expected"), [
    ({"type": "aggregated", "agg_func": "product", "parameters": ["k", -1]}, -4.0),
    ({"type": "AggregatedParameter", "agg_func": "MEAN", "parameters": [1, {"type": "constant", "value": -5}]}, -2.0),
    ({"type": "aggregated", "parameters": [0.3, -0.1, -0.2]}, 0.0),  # sum by default
    ({"type": "aggregated", "agg_func": "max", "parameters": ["k", {"type": "monthlyprofile", "values": [1] * 12}]},
     None),
    ({"type": "aggregated", "agg_func": "min", "parameters": ["loop"]}, None),
    ({"type": "constant", "url": "x.csv"}, None),
])
def test_constant_folding(value: Any, expected: float | None) -> None:
    params = {"k": {"type": "constant", "value": 4}, "loop": "loop"}
    got = constant_value(value, params)
    assert (got is None) if expected is None else got == pytest.approx(expected, abs=1e-15)


def test_a_rounding_error_of_a_sum_is_not_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0.3 − 0.1 − 0.2 is −2.8e-17 in floating point: a flow of zero, not a negative one."""
    doc = json.loads((NEGATIVE / "aggregated_sum.json").read_text())
    doc["nodes"][0]["max_flow"]["parameters"] = [0.3, -0.1, -0.2]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc))
    assert _run(path, tmp_path / "out.csv", capsys)[0] == 0
