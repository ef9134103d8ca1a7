"""Results files are written as the run goes, from every runner, and never left half-written."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from tests.integration.test_runners import ensemble
from tests.unit.test_longtable import _results

from arna.engine.longtable import ResultsFile, write_results
from arna.scenarios import LocalRunner, ProcessRunner, run_network


def _wait_for(check: object, seconds: float = 30.0) -> bool:
    """Poll ``check()`` until it is true (a guard against a hang, not a timing claim)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("runner", [LocalRunner(), ProcessRunner(2)], ids=["local", "workers"])
def test_slices_are_written_while_the_run_goes(tmp_path: Path, runner: LocalRunner | ProcessRunner) -> None:
    net = ensemble(n_scenarios=200, days=120)  # several blocks: two chunks for the workers
    out = tmp_path / "r.parquet"
    seen_mid_run: list[int] = []
    with ResultsFile(out, rows=len(net.recorders) * 200 * 5) as sink:  # slices of 5 timesteps

        def progress(done: int, total: int) -> None:
            if done >= total * 3 // 4 and not seen_mid_run:  # three quarters through: slices are on disk
                assert _wait_for(lambda: sink.written >= 10)
                seen_mid_run.append(sink.written)

        res = run_network(net, runner=runner, progress=progress, sink=sink)
        assert not out.exists()  # renamed only when the run has ended well
    assert seen_mid_run and 10 <= seen_mid_run[0] < 120
    assert pq.ParquetFile(out).metadata.num_row_groups == 24
    assert pd.read_parquet(out).equals(pd.read_parquet(write_results(res, tmp_path / "after.parquet")))


def test_workers_write_the_file_one_process_writes(tmp_path: Path) -> None:
    net = ensemble(n_scenarios=200, days=30)
    files = []
    for name, runner in (("one.csv", LocalRunner()), ("two.csv", ProcessRunner(2))):
        with ResultsFile(tmp_path / name) as sink:
            run_network(net, runner=runner, sink=sink)
        files.append((tmp_path / name).read_bytes())
    assert files[0] == files[1]


def test_a_failed_run_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    net = ensemble(n_scenarios=8, days=60)
    out = tmp_path / "r.csv"
    out.write_text("the previous results\n")

    def fail(done: int, total: int) -> None:
        if done > total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), ResultsFile(out, rows=16) as sink:
        run_network(net, progress=fail, sink=sink)
    assert out.read_text() == "the previous results\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]  # no temporary file left behind


def test_a_run_that_never_reports_its_end_is_an_error_not_a_short_file(tmp_path: Path) -> None:
    out = tmp_path / "r.parquet"
    with pytest.raises(RuntimeError, match="after 2 of 4 timesteps"), ResultsFile(out, rows=6) as sink:
        sink.start(_results())
        sink.advance(2)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_the_results_array_is_the_one_written(tmp_path: Path) -> None:
    net = ensemble(n_scenarios=4, days=20)
    with ResultsFile(tmp_path / "r.parquet") as sink:
        res = run_network(net, sink=sink)
    frame = pd.read_parquet(tmp_path / "r.parquet")
    assert np.array_equal(frame.value.to_numpy(), res.values.reshape(-1))


def test_an_unwritable_results_path_is_refused_before_the_run(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from arna.cli.main import main
    from arna.data import example_model_path

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "r.parquet"
    assert main(["run", str(example_model_path()), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "cannot write there" in err and "Traceback" not in err


def test_a_report_to_an_unwritable_place_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from arna.cli.main import main
    from arna.data import example_model_path

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["run", str(example_model_path()), "--report", str(blocker / "r.html")]) == 2
    err = capsys.readouterr().err
    assert str(blocker) in err and "check the path" in err
