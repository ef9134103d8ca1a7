"""Every kind of bad input: one clear error naming the file and place, exit code 2, no results file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import model, write

from arna.cli.main import main

GOOD_NODES = [
    {"name": "src", "type": "inflow", "flow": "10 m3/s"},
    {"name": "dam", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "50 hm3"},
    {"name": "sea", "type": "terminal"},
]
GOOD_EDGES = [["src", "dam"], ["dam", "sea"]]


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def _assert_rejected(path: Path, capsys: pytest.CaptureFixture[str], *needles: str) -> None:
    out = path.parent / "results.csv"
    code, err = _run_cli(["run", str(path), "--output", str(out)], capsys)
    assert code == 2, err
    assert str(path) in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(path.parent.glob(".results.csv.*"))
    code, err = _run_cli(["validate", str(path)], capsys)
    assert code == 2 and str(path) in err


def _mutated(tmp_path: Path, nodes: list[dict] | None = None, edges: list[list[str]] | None = None, **kw) -> Path:
    return write(tmp_path, model(nodes if nodes is not None else [dict(n) for n in GOOD_NODES],
                                 edges if edges is not None else GOOD_EDGES, **kw))


def test_good_model_runs_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _mutated(tmp_path)
    out = tmp_path / "results.csv"
    code, err = _run_cli(["run", str(path), "--output", str(out)], capsys)
    assert code == 0, err
    assert out.read_text().startswith("time,scenario,node,attribute,value,unit")


def test_malformed_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "m.json"
    p.write_text('{"name": "x", "nodes": [}')
    _assert_rejected(p, capsys, "malformed JSON", "line 1")


def test_malformed_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nnodes: [a, b\n  edges: :\n")
    _assert_rejected(p, capsys, "malformed YAML")


def test_not_a_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("- just\n- a list\n")
    _assert_rejected(p, capsys, "mapping")


def test_unknown_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[1]["capacty"] = "5 hm3"
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[1].capacty", "unknown key")


def test_unknown_node_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[2]["type"] = "ocean"
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[2]", "type")


def test_edge_to_unknown_node(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _assert_rejected(_mutated(tmp_path, edges=[["src", "dam"], ["dam", "see"]]), capsys,
                     "edges[1][1]", "unknown node 'see'")


@pytest.mark.parametrize(("value", "needle"), [
    ("10 hm3", "is a volume unit, but a flow is expected"),
    ("10 furlongs/fortnight", "unknown unit"),
    ("ten m3/s", "is not a quantity"),
])
def test_wrong_units(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, needle: str) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[0]["flow"] = value
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[0].flow", needle)


def test_wrong_unit_in_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[1]["capacity"] = {"type": "constant", "value": 5, "unit": "m3/s"}
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[1].capacity.unit", "volume is expected")


def test_negative_capacity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[1]["capacity"] = "-5 hm3"
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[1].capacity", "negative")


def _with_town(tmp_path: Path, demand: object) -> Path:
    nodes = [*(dict(n) for n in GOOD_NODES), {"name": "town", "type": "demand", "demand": demand, "priority": 1}]
    return _mutated(tmp_path, nodes, [*GOOD_EDGES, ["dam", "town"]])


@pytest.mark.parametrize(("value", "written"), [("-15 m3/s", "-15 m3/s"), (-1.5, "-1.5"),
                                               ({"type": "constant", "value": -2, "unit": "km3/yr"}, "-2 km3/yr")])
def test_negative_demand_names_the_value_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object, written: str
) -> None:
    _assert_rejected(_with_town(tmp_path, value), capsys, "nodes[3].demand", f"must not be negative (got {written})")


@pytest.mark.parametrize("value", ["8 m³/s", "8m3/s", "0.25 km3/yr", {"type": "constant", "value": 8, "unit": "m³/s"}])
def test_common_unit_spellings_run(tmp_path: Path, value: object) -> None:
    assert main(["validate", str(_with_town(tmp_path, value))]) == 0


def test_initial_volume_above_capacity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[1]["initial_volume"] = "0.2 km3"
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[1].initial_volume", "exceeds capacity")


def test_series_shorter_than_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "q.csv").write_text("date,q\n2021-01-01,5\n2021-01-02,5\n")
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[0]["flow"] = {"type": "series", "file": "q.csv", "column": "q", "unit": "m3/s"}
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "q.csv", "shorter than the run", "nodes[0].flow")


def test_series_file_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[0]["flow"] = {"type": "series", "file": "absent.csv", "column": "q"}
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "absent.csv", "file not found")


def test_cycle_with_no_outlet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [{"name": "src", "type": "inflow", "flow": "1 m3/s"}, {"name": "a", "type": "reach"},
             {"name": "b", "type": "reach"}, {"name": "sea", "type": "terminal"}]
    _assert_rejected(_mutated(tmp_path, nodes, [["src", "a"], ["a", "b"], ["b", "a"]]), capsys,
                     "'a' has no path to an outlet", "cycle")


def test_unknown_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _mutated(tmp_path)
    code, err = _run_cli(["run", str(path), "--scenario", "wet"], capsys)
    assert code == 2 and "no scenario 'wet'" in err


def test_bad_output_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _mutated(tmp_path)
    code, err = _run_cli(["run", str(path), "--output", str(tmp_path / "r.xlsx")], capsys)
    assert code == 2 and "r.xlsx" in err and ".parquet or .csv" in err
    assert not (tmp_path / "r.xlsx").exists()


def test_missing_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run_cli(["validate", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "nope.yaml" in err and ("file not found" in err or "neither a model file" in err)


def test_infeasible_run_names_timestep_and_nodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A hard minimum flow larger than the inflow cannot be met.
    nodes = [{"name": "src", "type": "inflow", "flow": "1 m3/s"},
             {"name": "r", "type": "reach", "min_flow": "5 m3/s"}, {"name": "sea", "type": "terminal"}]
    path = _mutated(tmp_path, nodes, [["src", "r"], ["r", "sea"]])
    out = tmp_path / "results.csv"
    code, err = _run_cli(["run", str(path), "--output", str(out)], capsys)
    assert code == 3
    assert "timestep 0 (2021-01-01)" in err and "scenario 'baseline'" in err and "Traceback" not in err
    assert "r" in err.split("nodes involved:")[1]
    assert not out.exists()


def test_label_in_an_unknown_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[2]["labels"] = {"kk": "Теңіз", "de": "Meer"}
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[2].labels", "'en', 'ru' or 'kk'")


def test_nan_in_a_monthly_profile_is_refused_with_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[0]["flow"] = {"type": "monthly", "unit": "m3/s", "values": [10.0] * 3 + [float("nan")] + [10.0] * 8}
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[0].flow.values[3]", "finite number")


@pytest.mark.parametrize(("flow", "needle"), [
    ("1e308 km3/year", "not a finite number"),
    ({"type": "monthly", "unit": "m3/s", "values": [1e308] * 12}, "out of range"),
    ("2e13 km3/year", "out of range"),
])
def test_a_value_that_overflows_in_units_is_an_input_error_not_a_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flow: object, needle: str
) -> None:
    """Finite as written, infinite once converted: refused at its path (never inf in the results)."""
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[0]["flow"] = flow
    path = _mutated(tmp_path, nodes)
    out = tmp_path / "results.csv"
    code, err = _run_cli(["run", str(path), "--output", str(out)], capsys)
    assert code == 2, err
    assert "nodes[0].flow" in err and needle in err
    assert "Traceback" not in err and not out.exists()


def test_reservoir_whose_only_outlet_is_a_demand_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [*(dict(n) for n in GOOD_NODES), {"name": "town", "type": "demand", "demand": "1 m3/s", "priority": 1}]
    path = _mutated(tmp_path, nodes, [["src", "dam"], ["dam", "town"], ["src", "sea"]])
    _assert_rejected(path, capsys, "nodes[1]", "'dam' can pass its water on only to demands")


def test_demand_with_no_supply_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = [*(dict(n) for n in GOOD_NODES), {"name": "town", "type": "demand", "demand": "1 m3/s", "priority": 1}]
    _assert_rejected(_mutated(tmp_path, nodes), capsys, "nodes[3]", "demand 'town' has no supply")


def test_union_errors_name_the_branch_the_user_meant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A monthly profile with a bad month: the error is the month, not 'Input should be a valid number'."""
    nodes = [dict(n) for n in GOOD_NODES]
    nodes[0]["flow"] = {"type": "monthly", "unit": "m3/s", "values": [10.0] * 11 + ["ten"]}
    path = _mutated(tmp_path, nodes)
    _assert_rejected(path, capsys, "nodes[0].flow.values[11]")
    _, err = _run_cli(["validate", str(path)], capsys)
    assert "nodes[0].flow: Input should be a valid number" not in err
    assert "1 problem(s)" in err


def test_many_problems_are_counted_not_all_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edges = GOOD_EDGES + [["src", f"nowhere-{i}"] for i in range(500)]
    code, err = _run_cli(["validate", str(_mutated(tmp_path, edges=edges))], capsys)
    assert code == 2 and "500 problem(s)" in err and "… and 480 more" in err
    assert len(err.splitlines()) < 30


def _command_paths() -> list[list[str]]:
    """Every command and subcommand of ``arna``, as the words that name it."""
    import typer.main

    from arna.cli.main import app

    def walk(cmd: Any, prefix: list[str]) -> list[list[str]]:
        subs = getattr(cmd, "commands", {})
        return [prefix] + [p for name, sub in sorted(subs.items()) for p in walk(sub, [*prefix, name])]

    return walk(typer.main.get_command(app), [])


@pytest.mark.parametrize("words", _command_paths(), ids=lambda w: " ".join(w) or "arna")
def test_every_help_page_prints(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Help texts are Rich markup: a literal [ ] in one (``NODE[/ATTRIBUTE]``) made ``arna run --help`` crash."""
    assert main([*words, "--help"]) == 0
    assert "Usage" in capsys.readouterr().out
