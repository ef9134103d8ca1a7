"""Bad Pywr documents end in one error naming the file and the JSON path (exit 2), never a traceback.

One test per crash family of issue 16: each used to raise ValueError, KeyError,
AttributeError, OverflowError, OutOfBoundsDatetime, TypeError, ZeroDivisionError or
exhaust memory inside the reader or translator.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from arna.cli.main import main
from arna.engine.reduce import _pivot
from arna.errors import DocumentError
from arna.pywr.translate import translate_file

OWN = Path(__file__).resolve().parents[1] / "pywr" / "cases-own" / "models"
BASE: dict[str, Any] = json.loads((OWN / "lic_annual_factors.json").read_text())


def _write(tmp_path: Path, doc: dict[str, Any] | str, name: str = "model.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def _problems(tmp_path: Path, change: Any) -> list[tuple[str, str]]:
    doc = copy.deepcopy(BASE)
    doc["parameters"] = {"vmax": {"type": "constant", "value": 100.0}}
    change(doc)
    path = _write(tmp_path, doc)
    with pytest.raises(DocumentError) as err:
        translate_file(path)
    assert str(path) in str(err.value)
    return err.value.problems


def _set(path: str, value: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        *head, last = path.split("/")
        target: Any = doc
        for key in head:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return change


CASES = [
    ("nodes/0/max_flow", "5 MW", "nodes[0].max_flow", "without a unit"),
    ("nodes/0/max_flow", 10**400, "nodes[0].max_flow", "finite"),
    ("nodes/0/max_flow", float("nan"), "nodes[0].max_flow", "finite"),
    ("nodes/0/max_flow", 1e308, "nodes[0].max_flow", "finite"),
    ("nodes/0/max_flow", [1, 2], "nodes[0].max_flow", "got a list"),
    ("nodes/0/max_flow", True, "nodes[0].max_flow", "true/false"),
    ("nodes/0/colour", "red", "nodes[0].colour", "unknown key"),
    ("nodes/4/reset_to_initial_volume", "yes", "nodes[4].reset_to_initial_volume", "boolean"),
    ("nodes/4/months", 3, "nodes[4].months", "unknown key"),  # an annual licence has no months
    ("nodes/4/reset_month", 13, "nodes[4].reset_month", "less than or equal to 12"),
    ("nodes/4/factors", [1.0, 2.0], "nodes[4].factors", "2 entries for 1 nodes"),
    ("nodes/4/nodes", ["nowhere"], "nodes[4].nodes[0]", "no node named"),
    ("nodes/0/max_flow", {"type": "monthlyprofile", "values": [1.0] * 11}, "nodes[0].max_flow.values", "12"),
    ("nodes/0/max_flow", {"type": "nosuch"}, "nodes[0].max_flow.type", "not supported"),
    ("nodes/0/max_flow", {"type": "constant", "value": "ten"}, "nodes[0].max_flow.value", "number"),
    ("nodes/0/max_flow", {"type": "constant"}, "nodes[0].max_flow", "needs 'value'"),
    ("nodes/0/max_flow", {"type": "controlcurve", "values": [1.0]}, "nodes[0].max_flow.storage_node", "required"),
    ("nodes/0/max_flow", {"type": "aggregated", "parameters": [1.0], "agg_func": "median"},
     "nodes[0].max_flow.agg_func", "unknown agg_func"),
    ("nodes/0/max_flow", {"type": "controlcurve", "storage_node": "link", "control_curves": [0.5]},
     "nodes[0].max_flow", "needs 'values'"),
    ("nodes/3/max_flow", -8.0, "nodes[3].max_flow", "must not be negative"),
    ("nodes/3/max_flow", {"type": "monthlyprofile", "values": [8.0] * 11 + [-1.0]}, "nodes[3].max_flow.values[11]",
     "must not be negative"),
    ("nodes/4/max_volume", {"type": "constant", "value": -1.0}, "nodes[4].max_volume.value", "must not be negative"),
    ("nodes/4/max_volume", "vmax", "nodes[4].initial_volume", "above max_volume 100"),
    ("nodes/4", {"name": "licence", "type": "annualvirtualstorage", "nodes": ["link"], "max_volume": "vmax",
                 "initial_volume": 205.0, "initial_volume_pc": 1.0}, "nodes[4].initial_volume", "above max_volume"),
    ("nodes/4/max_volume", 10**400, "nodes[4].max_volume", "finite"),
    ("nodes/0", "input", "nodes[0]", "object"),
    ("timestepper/start", "1000-01-01", "timestepper.start", "1678"),
    ("timestepper/end", "9999-12-31", "timestepper.end", "2261"),
    ("timestepper", {"start": "2015-01-01", "end": "2261-12-31", "timestep": 36_600}, "timestepper",
     "ends after the year 2261"),
    ("timestepper/start", "2015-01-01T00:00:00+05:00", "timestepper.start", "time zone"),
    ("timestepper/start", "2021-13-01", "timestepper.start", "not a date"),
    ("timestepper/timestep", 10**12, "timestepper.timestep", "36,600"),
    ("timestepper/timestep", "h", "timestepper.timestep", "shorter than a day"),
    ("timestepper/timestep", "1000000D", "timestepper.timestep", "longer than 36,600 days"),
    ("timestepper/timestep", "bogus", "timestepper.timestep", "unknown frequency"),
    ("scenarios", [{"name": "big", "size": 10_000_000}], "scenarios[0].size", "5,000,000"),
    ("scenarios", [{"name": "big", "size": 20_000}], "scenarios", "too large"),
    ("scenarios", [{"name": "s", "size": 2, "slice": ["a"]}], "scenarios[0].slice", "integers"),
    ("colour", "red", "colour", "unknown section"),
]


@pytest.mark.parametrize(("path", "value", "where", "words"), CASES, ids=[f"{c[0]}={c[1]!r}"[:40] for c in CASES])
def test_bad_value_is_refused_at_its_path(tmp_path: Path, path: str, value: Any, where: str, words: str) -> None:
    problems = _problems(tmp_path, _set(path, value))
    assert any(p == where and words in m for p, m in problems), problems


def test_unequal_piecewise_lists_are_refused(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["nodes"][2] = {"name": "link", "type": "piecewiselink", "max_flows": [5.0, None], "costs": [1.0]}
    problems = _problems(tmp_path, change)
    assert problems[0][0] == "nodes[2].costs" and "same" in problems[0][1]


def test_non_finite_table_value_is_refused(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["parameters"] = {"t": {"type": "interpolatedvolume", "node": "licence", "volumes": [0.0, float("inf")],
                                   "values": [0.0, 1.0]}}
    problems = _problems(tmp_path, change)
    assert problems[0][0] == "parameters.t.volumes[1]"


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"nodes": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(DocumentError, match="nested too deeply"):
        translate_file(path)


def test_non_utf8_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_bytes(json.dumps(BASE).encode("utf-16"))
    with pytest.raises(DocumentError, match="UTF-8"):
        translate_file(path)


def test_threshold_on_a_missing_recorder_is_refused(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["nodes"][0]["max_flow"] = {"type": "recorderthreshold", "recorder": "nope", "threshold": 1.0,
                                       "values": [0.0, 1.0]}
    assert _problems(tmp_path, change)[0] == ("nodes[0].max_flow.recorder", "no recorder named 'nope' in 'recorders'")


def test_table_index_with_too_many_levels_is_refused(tmp_path: Path) -> None:
    cases = Path(__file__).resolve().parents[3]
    del cases  # the shared multi-index case is exercised by the fuzz suite; here an inline table
    def change(doc: dict[str, Any]) -> None:
        doc["nodes"][0]["max_flow"] = {"type": "constant", "data": [5.0, 6.0], "index": [0, 1, 2]}
    problems = _problems(tmp_path, change)
    assert problems[0][0] == "nodes[0].max_flow.index"


def test_cli_exit_2_names_file_and_path_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = copy.deepcopy(BASE)
    doc["nodes"][1]["cost"] = "5 MW"
    path = _write(tmp_path, doc)
    out = tmp_path / "out.csv"
    assert main(["run", str(path), "--output", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert str(path) in err and "nodes[1].cost" in err
    assert not out.exists()


def test_pivot_skips_a_zero_coefficient() -> None:
    """An infinite loss factor once left a zero coefficient in a row: ZeroDivisionError in ``_pivot``."""
    assert _pivot({1: 0.0, 2: 1.0}, {}, set(), set(), set()) is None
    assert _pivot({1: 1.0, 2: float("inf"), 3: -1.0}, {}, set(), set(), set()) is None
    assert _pivot({1: 1.0, 2: -2.0}, {}, set(), set(), set()) == (2, {1: 0.5})


def test_validate_checks_a_pywr_document_as_run_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(OWN / "lic_annual_factors.json")]) == 0
    assert "valid" in capsys.readouterr().out
    doc = copy.deepcopy(BASE)
    doc["nodes"][4]["reset_month"] = 13
    path = _write(tmp_path, doc)
    assert main(["validate", str(path)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert str(path) in err and "nodes[4].reset_month" in err


def test_non_number_in_a_profile_file_is_refused_at_its_path(tmp_path: Path) -> None:
    (tmp_path / "profile.csv").write_text("month,value\n" + "".join(
        f"{m},{'abc' if m == 7 else 1.5}\n" for m in range(1, 13)))
    def change(doc: dict[str, Any]) -> None:
        doc["nodes"][0]["max_flow"] = {"type": "monthlyprofile", "url": "profile.csv", "index_col": 0}
    problems = _problems(tmp_path, change)
    assert problems == [("nodes[0].max_flow[6]", "expected a number, got 'abc'")]


@pytest.mark.parametrize(("cell", "words"), [("nan", "missing or non-finite value on 2015-01-05"),
                                             ("-2", "negative value on 2015-01-05")])
def test_bad_series_value_names_the_users_file_and_date(tmp_path: Path, cell: str, words: str) -> None:
    """Once a NaN named an internal converted file, and a negative one ended as an infeasible step."""
    (tmp_path / "flows.csv").write_text("date,flow\n" + "".join(
        f"2015-01-{d:02d},{cell if d == 5 else 3.0}\n" for d in range(1, 32)))
    def change(doc: dict[str, Any]) -> None:
        doc["timestepper"] = {"start": "2015-01-01", "end": "2015-01-20", "timestep": 1}
        doc["nodes"][0]["max_flow"] = {"type": "dataframe", "url": "flows.csv", "index_col": 0,
                                       "parse_dates": True, "column": "flow"}
    [(where, msg)] = _problems(tmp_path, change)
    assert where == "nodes[0].max_flow" and "data file 'flows.csv'" in msg and words in msg


def test_aggregated_node_over_a_storage_is_refused(tmp_path: Path) -> None:
    """Was a KeyError in the aggregate kind: a general-purpose storage has no flow of its own."""
    def change(doc: dict[str, Any]) -> None:
        doc["nodes"] += [{"name": "tank", "type": "storage", "max_volume": 10.0, "initial_volume": 5.0},
                         {"name": "agg", "type": "aggregatednode", "nodes": ["link", "tank"], "max_flow": 5.0}]
        doc["edges"] += [["supply", "tank"], ["tank", "demand"]]
    problems = _problems(tmp_path, change)
    assert problems == [("nodes[6].nodes[1]", "'tank' has no flow of its own")]
