"""The long results table written from the run's arrays: encoding, round trips, slices, umask, --record."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import model, write

from arna.cli.main import main
from arna.engine.longtable import TableSpec, long_table, matches, select_series, table_slices, write_results
from arna.engine.results import Results, results_from_frame

NODES = [
    {"name": "src", "type": "inflow", "flow": "10 m3/s"},
    {"name": "dam", "type": "reservoir", "capacity": "100 hm3", "initial_volume": "50 hm3"},
    {"name": "sea", "type": "terminal"},
]
EDGES = [["src", "dam"], ["dam", "sea"]]
TEXT = ["time", "scenario", "node", "attribute", "unit"]


def _results(scenarios: list[str] | None = None, n_t: int = 4) -> Results:
    scenarios = scenarios or ["wet", "dry"]
    series = [("dam", "volume", "hm3"), ("dam", "release", "m3/s"), ("sea", "flow", "m3/s")]
    values = np.arange(n_t * len(series) * len(scenarios), dtype=float).reshape(n_t, len(series), len(scenarios))
    return Results("m", pd.date_range("2021-01-01", periods=n_t, freq="D"), scenarios, series, values / 7, 0.0,
                   days=np.ones(n_t))


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_parquet_text_columns_are_dictionaries_and_read_back(tmp_path: Path) -> None:
    res = _results()
    path = write_results(res, tmp_path / "r.parquet")
    schema = pq.read_schema(path)
    assert schema.names == ["time", "scenario", "node", "attribute", "value", "unit"]
    for name in TEXT[1:]:  # read back as dictionaries (pandas: categories)
        assert pa.types.is_dictionary(schema.field(name).type), name
    chunks = pq.ParquetFile(path).metadata.row_group(0)
    for i, name in enumerate(schema.names):  # on disk, every column but the values is dictionary-encoded
        assert ("RLE_DICTIONARY" in chunks.column(i).encodings) == (name != "value"), name
    back = results_from_frame(pd.read_parquet(path), res.days)
    assert back.series == res.series and back.scenarios == res.scenarios
    assert np.array_equal(back.values, res.values) and (back.timesteps == res.timesteps).all()


def test_csv_has_a_plain_header_and_round_trips(tmp_path: Path) -> None:
    res = _results()
    path = write_results(res, tmp_path / "r.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == "time,scenario,node,attribute,value,unit"
    assert lines[1] == "2021-01-01,wet,dam,volume,0,hm3"
    back = results_from_frame(pd.read_csv(path), res.days)
    assert back.series == res.series and np.allclose(back.values, res.values, rtol=1e-15, atol=0)


def test_csv_quotes_a_name_with_a_comma(tmp_path: Path) -> None:
    res = _results(["0,0", "0,1"])
    path = write_results(res, tmp_path / "r.csv", TableSpec(np.arange(3), res.scenarios, unit=False, date_text=True))
    frame = pd.read_csv(path, dtype={"scenario": str})
    assert list(frame.columns) == ["time", "scenario", "node", "attribute", "value"]
    assert set(frame.scenario) == {"0,0", "0,1"}


def test_slices_of_whole_timesteps_make_the_same_table() -> None:
    res = _results(n_t=7)
    spec = TableSpec(np.array([2, 0]), res.scenarios)
    parts = list(table_slices(res, spec, rows=9))  # 4 rows per timestep: slices of 2 timesteps
    assert [p.num_rows for p in parts] == [8, 8, 8, 4]
    whole = long_table(res, spec)
    assert pa.concat_tables(parts).equals(whole)
    frame = whole.to_pandas()
    assert list(frame.node[:4].astype(str)) == ["sea", "sea", "dam", "dam"]
    assert np.array_equal(frame.value.to_numpy(), res.values[:, [2, 0], :].reshape(-1))


def test_to_frame_is_time_major_then_series_then_scenario() -> None:
    res = _results()
    frame = res.to_frame()
    assert list(frame.columns) == ["time", "scenario", "node", "attribute", "value", "unit"]
    assert frame.loc[3, ["scenario", "node", "attribute", "unit"]].tolist() == ["dry", "dam", "release", "m3/s"]
    assert frame.time.iloc[6] == pd.Timestamp("2021-01-02")
    assert np.array_equal(frame.value.to_numpy(), res.values.reshape(-1))


@pytest.mark.usefixtures("umask")
def test_result_files_honour_the_umask(tmp_path: Path) -> None:
    for name in ("r.parquet", "r.csv"):
        path = write_results(_results(), tmp_path / name)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, name
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("node", "attribute", "patterns", "expected"), [
    ("dam", "volume", ["dam"], True),
    ("dam", "volume", ["dam/volume"], True),
    ("dam", "volume", ["dam/flow"], False),
    ("dam", "volume", ["*/vol*"], True),
    ("Res A", "flow", ["Res*"], True),
    ("a/b", "flow", ["a/b"], True),  # a name with a slash, matched whole
    ("a/b", "flow", ["a/b/flow"], True),
    ("dam", "volume", ["Dam"], False),  # case-sensitive
    ("dam", "volume", [], False),
])
def test_record_patterns(node: str, attribute: str, patterns: list[str], expected: bool) -> None:
    assert matches(node, attribute, patterns) is expected


def test_select_series_keeps_the_order_of_the_run() -> None:
    assert select_series(_results().series, ["*/flow", "dam/volume"]).tolist() == [0, 2]


def test_cli_record_keeps_only_the_matching_series(tmp_path: Path) -> None:
    path = write(tmp_path, model([dict(n) for n in NODES], EDGES))
    out = tmp_path / "r.parquet"
    assert main(["run", str(path), "--output", str(out), "--record", "dam/volume", "--record", "sea"]) == 0
    frame = pd.read_parquet(out)
    kept = set(zip(frame.node.astype(str), frame.attribute.astype(str), strict=True))
    assert ("dam", "volume") in kept and all(n == "sea" or (n, a) == ("dam", "volume") for n, a in kept)


def test_cli_record_matching_nothing_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, model([dict(n) for n in NODES], EDGES))
    out = tmp_path / "r.parquet"
    assert main(["run", str(path), "--output", str(out), "--record", "nowhere*"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "nowhere*" in err and "NODE/ATTRIBUTE" in err
    assert not out.exists()


HEAVY = ("fastapi", "plotly", "scipy", "tables", "matplotlib", "sqlalchemy", "uvicorn")


def _modules_after(code: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    probe = f"import sys\n{code}\nprint('loaded:', *(m for m in {heavy!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip().splitlines()[-1].split()[1:]


def test_the_cli_imports_no_heavy_module_for_help() -> None:
    loaded = _modules_after("import arna.cli.main")
    assert loaded == []
    light = subprocess.run([sys.executable, "-c", "import sys, arna.cli.main; "
                            "print(' '.join(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))"],
                           capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")})
    assert light.stdout.split() == []


def test_the_run_command_module_imports_nothing_heavy() -> None:
    assert _modules_after("import arna.cli.main, arna.cli.water") == []


SHARED = [{"name": "src", "type": "inflow", "flow": "10 m3/s"},
          {"name": "a", "type": "demand", "demand": "8 m3/s", "priority": 1},
          {"name": "b", "type": "demand", "demand": "12 m3/s", "priority": 1},
          {"name": "sea", "type": "terminal"}]
PYWR = ('{"timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},'
        '"nodes": [{"name": "a", "type": "Input", "max_flow": 5}, {"name": "l", "type": "Link"},'
        '{"name": "b", "type": "Output", "cost": -1}], "edges": [["a", "l"], ["l", "b"]]}')


@pytest.mark.parametrize("kind", ["plain", "fair sharing", "pywr"])
def test_a_run_imports_no_service_plotting_hdf5_or_scipy(tmp_path: Path, kind: str) -> None:
    """scipy included: the engine's sparse matrices are its own (engine.csr); scipy.sparse's import alone
    cost every run ~0.1 s of CPU and ~8 MB. 'fair sharing' (two demands short of water: the default
    sharing augments the LP, engine.fairness) and a Pywr document take the other paths of a run; a Pywr
    document (JSON) does not load PyYAML either."""
    if kind == "pywr":
        path = tmp_path / "m.json"
        path.write_text(PYWR)
    else:
        nodes = [dict(n) for n in (NODES if kind == "plain" else SHARED)]
        path = write(tmp_path, model(nodes, EDGES if kind == "plain" else [["src", "a"], ["src", "b"], ["src", "sea"]]))
    loaded = _modules_after(f"from arna.cli.main import main\nassert main(['run', {str(path)!r}, '-o', "
                            f"{str(tmp_path / 'r.parquet')!r}]) == 0", (*HEAVY, *(("yaml",) if kind == "pywr" else ())))
    assert loaded == []


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_arna_report_reads_what_arna_run_writes(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, model([dict(n) for n in NODES], EDGES))
    out, html = tmp_path / f"r{suffix}", tmp_path / "r.html"
    assert main(["run", str(path), "--output", str(out)]) == 0
    assert main(["report", str(out), "--model", str(path), "--output", str(html)]) == 0
    assert html.stat().st_size > 0


def test_cli_record_on_a_pywr_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "m.json"
    doc.write_text('{"timestepper": {"start": "2015-01-01", "end": "2015-01-03", "timestep": 1},'
                   '"nodes": [{"name": "a", "type": "Input", "max_flow": 5},'
                   '{"name": "l", "type": "Link"}, {"name": "b", "type": "Output", "cost": -1}],'
                   '"edges": [["a", "l"], ["l", "b"]]}')
    out = tmp_path / "r.csv"
    assert main(["run", str(doc), "--output", str(out), "--record", "b"]) == 0
    frame = pd.read_csv(out)
    assert set(frame.node) == {"b"} and list(frame.value) == [5.0, 5.0, 5.0]
    assert main(["run", str(doc), "--output", str(tmp_path / "none.csv"), "--record", "zz*"]) == 2
    err = capsys.readouterr().err
    assert "m.json" in err and "zz*" in err and not (tmp_path / "none.csv").exists()
