"""Scenario blocks in local processes and on a real Dask cluster give the single-process results."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from arna.api import compile_model
from arna.cli.main import main
from arna.errors import InputError
from arna.network.ir import LinearNetwork
from arna.scenarios import DaskRunner, LocalRunner, ProcessRunner, run_network
from arna.schema import model_from_mapping


def ensemble(n_scenarios: int = 24, days: int = 730) -> LinearNetwork:
    """A reservoir and two demands over ``days`` days with one inflow level per scenario."""
    names = [f"s{i}" for i in range(n_scenarios)]
    doc: dict[str, Any] = {
        "name": "ensemble",
        "timestepper": {"start": "2020-01-01", "end": str(np.datetime64("2020-01-01") + days - 1), "step": "day"},
        "scenarios": [{"name": n} for n in names],
        "nodes": [
            {"name": "river", "type": "inflow",
             "flow": {"type": "scenario", "unit": "m3/s",
                      "values": {n: {"type": "monthly", "values": [5 + i % 7 + m for m in range(12)]}
                                 for i, n in enumerate(names)}}},
            {"name": "dam", "type": "reservoir", "capacity": "40 hm3", "initial_volume": "20 hm3"},
            {"name": "town", "type": "demand", "demand": "6 m3/s", "priority": 1},
            {"name": "farms", "type": "demand", "demand": {"type": "monthly", "unit": "m3/s",
                                                            "values": [0, 0, 0, 4, 8, 12, 12, 8, 4, 0, 0, 0]},
             "priority": 2, "consumptive_fraction": 0.6, "return_to": "sea"},
            {"name": "sea", "type": "terminal"},
        ],
        "edges": [["river", "dam"], ["dam", "town"], ["dam", "farms"], ["dam", "sea"]],
    }
    return compile_model(model_from_mapping(doc, "<ensemble>"))


def test_local_processes_give_identical_results() -> None:
    net = ensemble()
    one = run_network(net, runner=LocalRunner())
    two = run_network(net, runner=ProcessRunner(2))
    assert one.scenarios == two.scenarios
    assert np.array_equal(one.values, two.values)
    assert two.balance_error <= 1e-9


@pytest.mark.slow
def test_dask_cluster_gives_identical_results_and_survives_a_lost_worker() -> None:
    distributed = pytest.importorskip("distributed")
    net = ensemble(n_scenarios=48, days=1460)
    reference = run_network(net, runner=LocalRunner())
    cluster_args = {"n_workers": 2, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0"}
    with distributed.LocalCluster(**cluster_args) as cluster, distributed.Client(cluster) as client:
        same = run_network(net, runner=DaskRunner(client))
        assert np.array_equal(same.values, reference.values)

        killed: list[str] = []

        def kill_one_worker_once_busy() -> None:
            deadline = time.time() + 60
            while time.time() < deadline and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    killed.append(busy[0])
                    # the worker dies before it can answer: the closed connection is expected
                    with contextlib.suppress(Exception):
                        client.run(lambda: __import__("os")._exit(1), workers=[busy[0]])
                time.sleep(0.05)

        killer = threading.Thread(target=kill_one_worker_once_busy)
        killer.start()
        survived = run_network(net, runner=DaskRunner(client, retries=3))
        killer.join()
        assert killed, "no worker was killed: the test did not exercise a lost worker"
        assert np.array_equal(survived.values, reference.values)


def test_cli_workers_and_dask_are_exclusive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from arna.data import example_model_path

    code = main(["run", str(example_model_path()), "--workers", "2", "--dask", "tcp://127.0.0.1:1"])
    assert code == 2 and "either --workers or --dask" in capsys.readouterr().err


def test_cli_runs_with_two_workers(tmp_path: Path) -> None:
    from arna.data import example_model_path

    out = tmp_path / "r.parquet"
    assert main(["run", str(example_model_path()), "--workers", "2", "-o", str(out)]) == 0
    assert out.exists()


def test_unreachable_dask_scheduler_is_an_input_error() -> None:
    with socket.socket() as s:  # a free loopback port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    net = ensemble(n_scenarios=2, days=3)
    with pytest.raises(InputError, match=rf"cannot reach the Dask scheduler at 'tcp://127.0.0.1:{port}'"):
        run_network(net, runner=DaskRunner(f"tcp://127.0.0.1:{port}", connect_timeout=1))
