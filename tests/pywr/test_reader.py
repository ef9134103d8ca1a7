"""The Pywr v1 reader against Pywr's own test models and Pywr's recorded results."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from arna.errors import DataFileError, DocumentError
from arna.pywr import (
    PywrDocument,
    check_routes,
    is_pywr_document,
    node_type,
    pywr_timesteps,
    read_pywr,
)
from arna.pywr.data import data_specs
from arna.pywr.routes import route_problems
from tests.pywr.conftest import CASES

MODELS = sorted(p.stem for p in (CASES / "models").glob("*.json") if p.stem != "extra2")
#: A placeholder keeps the parametrised tests collectable (and skipped) without the cases.
NAMES = MODELS or ["<cases absent>"]


@cache
def _expected(cases: Path, name: str) -> pd.DataFrame:
    """Pywr's recorded results of a case (time and scenario only, as text)."""
    return pd.read_csv(cases / "expected" / f"{name}.expected.csv", usecols=["time", "scenario"],
                       dtype=str, keep_default_na=False)


@cache
def _read(cases: Path, name: str) -> PywrDocument:
    return read_pywr(cases / "models" / f"{name}.json")


# --- every case -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_timesteps_are_pywr_s(cases_dir: Path, name: str) -> None:
    doc = _read(cases_dir, name)
    times = pd.DatetimeIndex(sorted(set(pd.to_datetime(_expected(cases_dir, name)["time"],
                                                       format="ISO8601"))))
    assert list(doc.timesteps) == list(times)
    assert doc.days.shape == (len(doc.timesteps),)
    assert (doc.days >= 1).all()


@pytest.mark.parametrize("name", NAMES)
def test_combinations_in_pywr_order(cases_dir: Path, name: str) -> None:
    doc = _read(cases_dir, name)
    labels = [doc.scenario_label(c) for c in doc.combinations]
    expected = list(dict.fromkeys(_expected(cases_dir, name)["scenario"]))
    assert list(dict.fromkeys(labels)) == expected
    assert all(len(c) == len(doc.scenarios) for c in doc.combinations)


@pytest.mark.parametrize("name", NAMES)
def test_every_data_reference_loads(cases_dir: Path, name: str) -> None:
    doc = _read(cases_dir, name)
    for where, spec in data_specs(doc.data):
        frame = doc.load_dataframe(spec, where)
        assert isinstance(frame, pd.DataFrame)
        assert frame.shape[0] > 0 and frame.shape[1] > 0, where
        if isinstance(spec.get("column"), str):
            assert frame.shape[1] == 1
        if spec.get("parse_dates") is True:
            assert isinstance(frame.index, pd.DatetimeIndex), where


@pytest.mark.parametrize("name", NAMES)
def test_valid_models_are_recognised_and_routed(cases_dir: Path, name: str) -> None:
    doc = _read(cases_dir, name)
    assert is_pywr_document(doc.data)
    check_routes(doc)
    assert doc.path.is_absolute()
    assert "includes" not in doc.data


def test_all_cases_present(cases_dir: Path) -> None:
    manifest = pd.read_csv(cases_dir / "MANIFEST.tsv", sep="\t")
    assert sorted(manifest["name"]) == MODELS  # extra2.json is an include fragment, not a case
    assert len(MODELS) == 76


# --- timestepper ------------------------------------------------------------------------------

def _steps(start: str, end: str, step: Any) -> tuple[list[str], list[float]]:
    idx, days = pywr_timesteps({"start": start, "end": end, "timestep": step}, Path("x.json"))
    return [t.date().isoformat() for t in idx], days.tolist()


def test_integer_step_keeps_last_step_whole() -> None:
    starts, days = _steps("2015-01-20", "2015-12-31", 31)
    assert starts[:3] == ["2015-01-20", "2015-02-20", "2015-03-23"]
    assert starts[-1] == "2015-12-27" and len(starts) == 12
    assert set(days) == {31.0}


def test_whole_float_and_digit_string_steps_are_days() -> None:
    assert _steps("2015-01-01", "2015-01-10", 3.0) == _steps("2015-01-01", "2015-01-10", "3")
    assert _steps("2015-01-01", "2015-01-10", 3)[0] == [
        "2015-01-01", "2015-01-04", "2015-01-07", "2015-01-10"]


def test_monthly_steps_are_calendar_months() -> None:
    starts, days = _steps("2016-01-15", "2016-12-31", "M")
    assert starts[0] == "2016-01-01" and len(starts) == 12
    assert days[:3] == [31.0, 29.0, 31.0]


def test_weekly_anchored_step_starts_before_start() -> None:
    starts, days = _steps("2015-01-01", "2015-01-29", "W-THU")
    assert starts == ["2014-12-26", "2015-01-02", "2015-01-09", "2015-01-16", "2015-01-23"]
    assert set(days) == {7.0}


def test_yearly_steps_count_leap_days() -> None:
    starts, days = _steps("2025-01-01", "2029-01-01", "Y")
    assert starts == [f"{y}-01-01" for y in range(2025, 2030)]
    assert days == [365.0, 365.0, 365.0, 366.0, 365.0]


@pytest.mark.parametrize("spec", [
    {"start": "2015-01-01", "end": "2015-01-31", "timestep": 0},
    {"start": "2015-01-01", "end": "2015-01-31", "timestep": 1.5},
    {"start": "2015-01-01", "end": "2015-01-31", "timestep": "not-a-frequency"},
    {"start": "2015-02-01", "end": "2015-01-31", "timestep": 1},
    {"start": "yesterday-ish", "end": "2015-01-31"},
])
def test_bad_timestepper_is_a_document_error(spec: dict[str, Any]) -> None:
    with pytest.raises(DocumentError, match="timestep"):
        pywr_timesteps(spec, Path("m.json"))


# --- scenarios --------------------------------------------------------------------------------

def test_product_order_first_scenario_slowest(cases_dir: Path) -> None:
    doc = _read(cases_dir, "simple_with_scenario")
    assert [s.size for s in doc.scenarios] == [10, 2]
    assert doc.scenarios[1].ensemble_names == ["First", "Second"]
    assert doc.combinations[:3] == [(0, 0), (0, 1), (1, 0)]
    assert len(doc.combinations) == 20


def test_user_combinations_kept_as_given_with_repeats(cases_dir: Path) -> None:
    doc = _read(cases_dir, "timeseries3_subsample")
    assert doc.combinations == [(0,), (9,), (1,), (0,)]
    assert _read(cases_dir, "issue1110-df-scenario-combinations").combinations == [
        (0, 0), (4, 1), (1, 0), (0, 2)]


def test_no_scenarios_is_one_run_labelled_zero(cases_dir: Path) -> None:
    doc = _read(cases_dir, "simple1")
    assert doc.scenarios == [] and doc.combinations == [()]
    assert doc.scenario_label(()) == "0"


def _write(tmp: Path, doc: dict[str, Any], name: str = "m.json") -> Path:
    path = tmp / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _simple(**extra: Any) -> dict[str, Any]:
    return {"timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},
            "nodes": [{"name": "a", "type": "Input"}, {"name": "b", "type": "output"}],
            "edges": [["a", "b"]], **extra}


def test_scenario_slice_limits_members(tmp_path: Path) -> None:
    doc = read_pywr(_write(tmp_path, _simple(scenarios=[
        {"name": "A", "size": 5, "slice": [1, 4]}, {"name": "B", "size": 2}])))
    assert doc.combinations == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1)]
    assert doc.scenario_label((3, 1)) == "3,1"


@pytest.mark.parametrize("extra", [
    {"scenarios": [{"name": "A", "size": 2}], "scenario_combinations": [[2]]},
    {"scenarios": [{"name": "A", "size": 2}], "scenario_combinations": [[0, 1]]},
    {"scenarios": [{"name": "A", "size": 0}]},
    {"scenarios": [{"name": "A", "size": 2, "ensemble_names": ["x"]}]},
])
def test_bad_scenarios_are_document_errors(tmp_path: Path, extra: dict[str, Any]) -> None:
    with pytest.raises(DocumentError, match="scenario"):
        read_pywr(_write(tmp_path, _simple(**extra)))


# --- includes ---------------------------------------------------------------------------------

def test_include_merges_nodes_edges_parameters(cases_dir: Path) -> None:
    doc = _read(cases_dir, "extra1")
    names = [n["name"] for n in doc.data["nodes"]]
    assert names == ["supply1", "link1", "demand1", "supply2"]
    assert ["supply2", "link1"] in doc.data["edges"]
    assert doc.data["parameters"]["supply2_max_flow"]["value"] == 50
    assert doc.includes == [(cases_dir / "models" / "extra2.json").resolve()]


def test_python_include_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _simple(includes=["custom.py"]))
    (tmp_path / "custom.py").write_text("raise SystemExit\n")
    with pytest.raises(DocumentError, match=r"custom\.py.*never runs code"):
        read_pywr(path)


def test_missing_include_names_include_and_includer(tmp_path: Path) -> None:
    path = _write(tmp_path, _simple(includes=["nowhere.json"]))
    with pytest.raises(DocumentError) as err:
        read_pywr(path)
    assert "nowhere.json" in str(err.value) and str(path) in str(err.value)
    assert err.value.problems[0][0] == "includes[0]"


def test_include_cycle_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, {"includes": ["m.json"]}, "other.json")
    path = _write(tmp_path, _simple(includes=["other.json"]))
    with pytest.raises(DocumentError, match="cycle"):
        read_pywr(path)


# --- invalid documents ------------------------------------------------------------------------

def test_not_json_names_line_and_column(cases_dir: Path) -> None:
    path = cases_dir / "invalid" / "invalid.json"
    with pytest.raises(DocumentError, match=r"malformed JSON at line 1, column 1") as err:
        read_pywr(path)
    assert str(path.resolve()) in str(err.value)


def test_broken_include(cases_dir: Path) -> None:
    path = cases_dir / "invalid" / "invalid_include.json"
    with pytest.raises(DocumentError, match="malformed JSON") as err:
        read_pywr(path)
    assert "invalid_include.json" in str(err.value)
    assert "invalid.json (named in" in str(err.value)


@pytest.mark.parametrize(("name", "culprits"), [
    ("simple1_broken", {"supply1", "demand1"}),
    ("simple1_semi_broken", {"supply2"}),
])
def test_networks_without_routes(cases_dir: Path, name: str, culprits: set[str]) -> None:
    with pytest.raises(DocumentError, match="no route from an input to an output") as err:
        read_pywr(cases_dir / "invalid" / f"{name}.json")
    named = {msg.split("'")[1] for _, msg in err.value.problems}
    assert named == culprits
    assert all(path == "edges" for path, _ in err.value.problems)
    # The document itself reads; only the route check fails.
    doc = read_pywr(cases_dir / "invalid" / f"{name}.json", check=False)
    with pytest.raises(DocumentError):
        check_routes(doc)


def test_wrong_hash_document_is_rejected(cases_dir: Path) -> None:
    # As shipped, the data file is not next to the document: rejected as missing.
    with pytest.raises(DataFileError, match=r"timeseries2\.h5"):
        read_pywr(cases_dir / "invalid" / "timeseries2_hdf_wrong_hash.json")


def test_checksum_mismatch_names_file_and_both_hashes(cases_dir: Path, tmp_path: Path) -> None:
    shutil.copy(cases_dir / "invalid" / "timeseries2_hdf_wrong_hash.json", tmp_path / "m.json")
    (tmp_path / "timeseries2.h5").symlink_to(cases_dir / "models" / "timeseries2.h5")
    with pytest.raises(DataFileError) as err:
        read_pywr(tmp_path / "m.json")
    message = str(err.value)
    assert "timeseries2.h5" in message and "md5 checksum mismatch" in message
    assert "expected this hash is incorrect!" in message
    assert "actual 0f6c65a36851c89c7c4e63ab1893554b" in message


def test_missing_data_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _simple(parameters={"p": {"type": "dataframe", "url": "gone.csv"}}))
    with pytest.raises(DataFileError, match=r"gone\.csv.*parameters\.p"):
        read_pywr(path)


def test_edge_to_unknown_node(tmp_path: Path) -> None:
    doc = _simple()
    doc["edges"].append(["a", "ghost"])
    with pytest.raises(DocumentError, match="ghost"):
        read_pywr(_write(tmp_path, doc))


# --- data loading -----------------------------------------------------------------------------

def test_csv_with_old_mac_line_endings_and_day_first_dates(cases_dir: Path) -> None:
    doc = _read(cases_dir, "timeseries1")
    spec = doc.data["nodes"][0]["max_flow"]
    frame = doc.load_dataframe(spec, "nodes[0].max_flow")
    assert list(frame.index) == list(pd.date_range("2015-01-01", "2015-01-31"))
    assert frame.iloc[0, 0] == pytest.approx(23.92)
    assert frame.iloc[1, 0] == pytest.approx(22.14)


def test_xlsx_matches_csv(cases_dir: Path) -> None:
    csv = _read(cases_dir, "timeseries1")
    xlsx = _read(cases_dir, "timeseries1_xlsx")
    a = csv.load_dataframe(csv.data["nodes"][0]["max_flow"], "a")
    b = xlsx.load_dataframe(xlsx.data["nodes"][0]["max_flow"], "b")
    np.testing.assert_allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float))
    assert list(b.index) == list(a.index)


def test_hdf_dataframe_and_tables_array(cases_dir: Path) -> None:
    weekly = _read(cases_dir, "timeseries1_weekly_hdf")
    frame = weekly.load_dataframe(weekly.data["nodes"][0]["max_flow"], "w")
    assert frame.shape == (5, 1) and frame.iloc[0, 0] == pytest.approx(23.92)
    doc = _read(cases_dir, "timeseries2_hdf")
    array = doc.load_dataframe(doc.data["nodes"][0]["flow"], "nodes[0].flow")
    csv = _read(cases_dir, "timeseries2")
    table = csv.load_dataframe(csv.data["nodes"][0]["max_flow"], "x")
    assert array.shape == (31, 10)
    # The HDF5 file holds the unrounded values of the 2-decimal CSV.
    np.testing.assert_allclose(array.to_numpy(dtype=float), table.to_numpy(dtype=float),
                               atol=0.005 + 1e-9)


def test_gzip_csv_column(cases_dir: Path) -> None:
    doc = _read(cases_dir, "two_reservoir")
    frame = doc.load_dataframe(doc.data["parameters"]["inflow"], "parameters.inflow")
    assert list(frame.columns) == ["flow"]
    assert frame.index[0] == pd.Timestamp("2100-01-01")
    assert frame.iloc[0, 0] == pytest.approx(27.0585016084)


def test_tables_and_multiindex(cases_dir: Path) -> None:
    doc = _read(cases_dir, "reservoir_initial_vol_from_table")
    ref = doc.data["nodes"][1]["initial_volume"]
    frame = doc.load_dataframe(ref, "nodes[1].initial_volume")
    assert frame.loc[ref["index"]].iloc[0] == pytest.approx(35.0)
    shared = _read(cases_dir, "simple_df_shared")
    assert shared.load_table("simple_data", "t").loc["demand1", "cost"] == -10
    multi = _read(cases_dir, "multiindex_df")
    spec = multi.data["nodes"][2]["cost"]
    frame = multi.load_dataframe(spec, "nodes[2].cost")
    assert spec["index"] == [1, "demand1"]
    assert frame.loc[tuple(spec["index"]), "cost"] == -100


def test_inline_data_with_dates(cases_dir: Path) -> None:
    doc = _read(cases_dir, "issue1110-df-scenario-combinations")
    frame = doc.load_dataframe(doc.data["parameters"]["demand"], "parameters.demand")
    assert frame.shape == (5, 5)
    assert frame.index[0] == pd.Timestamp("2025-01-01")
    assert frame.loc[pd.Timestamp("2028-01-01"), "4"] == 14


def test_reads_are_cached_but_copies_are_returned(cases_dir: Path) -> None:
    doc = read_pywr(cases_dir / "models" / "timeseries2.json")
    spec = doc.data["nodes"][0]["max_flow"]
    first = doc.load_dataframe(spec, "w")
    first.iloc[0, 0] = -1.0
    second = doc.load_dataframe(spec, "w")
    assert second.iloc[0, 0] == pytest.approx(21.64)
    assert len(doc._cache) == 1


def test_undefined_table_and_missing_column(cases_dir: Path) -> None:
    doc = _read(cases_dir, "simple_df_shared")
    with pytest.raises(DocumentError, match="'nope' is not defined"):
        doc.load_dataframe({"table": "nope"}, "nodes[0].cost")
    with pytest.raises(DataFileError, match=r"column 'nope'.*nodes\[0\]\.cost"):
        doc.load_dataframe({"table": "simple_data", "column": "nope"}, "nodes[0].cost")


# --- document kind and node types -------------------------------------------------------------

def test_arna_documents_are_not_pywr() -> None:
    arna = {"name": "x", "timestepper": {"start": "2021-01-01", "end": "2021-01-03",
                                         "step": "day"},
            "nodes": [{"name": "r", "type": "inflow"}, {"name": "t", "type": "terminal"}],
            "edges": [["r", "t"]]}
    assert not is_pywr_document(arna)
    del arna["timestepper"]
    assert not is_pywr_document(arna)
    arna["nodes"].append({"name": "l", "type": "Link"})
    assert is_pywr_document(arna)


def test_node_type_is_case_insensitive() -> None:
    assert node_type({"type": "Link"}) == node_type({"type": "link"}) == "link"
    assert node_type({"type": "AnnualVirtualStorage"}) == "annualvirtualstorage"
    assert node_type({}) == ""


# --- route check on small networks ------------------------------------------------------------

def _net(nodes: dict[str, str], edges: list[list[Any]]) -> dict[str, Any]:
    return {"nodes": [{"name": n, "type": t} for n, t in nodes.items()], "edges": edges}


def test_routes_through_storage_and_slots() -> None:
    assert route_problems(_net({"c": "catchment", "s": "Storage", "o": "Output"},
                               [["c", "s"], ["s", "o"]])) == []
    assert route_problems(_net({"s": "reservoir", "o": "output"}, [["s", "o"]])) == []
    assert route_problems(_net({"i": "input", "r": "RiverSplit", "o": "output", "p": "output"},
                               [["i", "r"], ["r", "o", "a", None], ["r", "p", "b", None]])) == []


def test_virtual_storages_and_loose_nodes() -> None:
    ok = _net({"i": "input", "o": "output", "v": "AnnualVirtualStorage"}, [["i", "o"]])
    assert route_problems(ok) == []
    lonely = _net({"i": "input", "o": "output", "s": "storage"}, [["i", "o"]])
    assert [m.split("'")[1] for _, m in route_problems(lonely)] == ["s"]
    dead_end = _net({"i": "input", "l": "link", "o": "output"}, [["i", "l"], ["o", "l"]])
    assert {m.split("'")[1] for _, m in route_problems(dead_end)} == {"i", "o"}
