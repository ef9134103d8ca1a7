"""``arna report RESULTS --model MODEL --lang LANG -o REPORT.html`` end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from arna.api import run
from arna.cli.main import main
from arna.engine.results import Results, results_from_frame, write_frame
from arna.errors import InputError

EXAMPLE = Path(__file__).parents[2] / "src" / "arna" / "data" / "models" / "lower-syr-darya" / "model.yaml"


@pytest.fixture(scope="module")
def results_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Results, Path, Path]:
    d = tmp_path_factory.mktemp("results")
    res = run(EXAMPLE, scenarios=["baseline"])
    frame = res.to_frame()
    return res, write_frame(frame, d / "r.parquet"), write_frame(frame, d / "r.csv")


def test_from_frame_round_trip(results_files: tuple[Results, Path, Path]) -> None:
    res, parquet, csv = results_files
    for path in (parquet, csv):
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
        back = Results.from_frame(frame, res.days)
        assert back.series == res.series and back.scenarios == res.scenarios
        assert (back.timesteps == res.timesteps).all()
        np.testing.assert_allclose(back.values, res.values, rtol=1e-12, atol=1e-9)


def test_from_frame_needs_every_value(results_files: tuple[Results, Path, Path]) -> None:
    res, _, _ = results_files
    frame = res.to_frame().iloc[1:]
    with pytest.raises(InputError, match="no value for"):
        results_from_frame(frame)
    with pytest.raises(InputError, match="missing column"):
        results_from_frame(frame.drop(columns="unit"))


@pytest.mark.parametrize(("suffix", "lang", "label", "lake"), [
    (".parquet", "kk", "Су балансы", "Кіші Арал теңізі"), (".csv", "ru", "Водный баланс", "Малое Аральское море"),
    (".csv", "en", "Water balance", "Small Aral Sea")])
def test_report_from_a_results_file(results_files: tuple[Results, Path, Path], tmp_path: Path, suffix: str,
                                    lang: str, label: str, lake: str) -> None:
    _, parquet, csv = results_files
    out = tmp_path / "report.html"
    source = parquet if suffix == ".parquet" else csv
    assert main(["report", str(source), "--model", str(EXAMPLE), "--lang", lang, "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert label in html and lake in html
    for loader in ('src="http', 'href="http', "@import", "url(http", "<script", "<link"):
        assert loader not in html


def test_bundled_model_by_name(results_files: tuple[Results, Path, Path], tmp_path: Path) -> None:
    _, parquet, _ = results_files
    out = tmp_path / "r.html"
    assert main(["report", str(parquet), "--model", "lower-syr-darya", "-o", str(out)]) == 0
    assert out.is_file()


def _fails(args: list[str], out: Path, capsys: pytest.CaptureFixture[str], message: str) -> None:
    assert main([*args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists() and not list(out.parent.glob(f".{out.name}*"))


def test_errors(results_files: tuple[Results, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, parquet, csv = results_files
    out = tmp_path / "report.html"
    bad = tmp_path / "bad.parquet"
    bad.write_text("not a parquet file", encoding="utf-8")
    _fails(["report", str(bad), "--model", str(EXAMPLE)], out, capsys, "bad.parquet: cannot read it")
    _fails(["report", str(tmp_path / "none.csv"), "--model", str(EXAMPLE)], out, capsys, "no such results file")
    _fails(["report", str(parquet), "--model", str(EXAMPLE), "--lang", "de"], out, capsys, "unknown report language")
    _fails(["report", str(parquet), "--model", "nowhere.yaml"], out, capsys, "nowhere.yaml")
    truncated = tmp_path / "short.csv"
    pd.read_csv(csv).iloc[:-1].to_csv(truncated, index=False)
    _fails(["report", str(truncated), "--model", str(EXAMPLE)], out, capsys, "short.csv: results table: no value")
    other = tmp_path / "other.csv"
    frame = pd.read_csv(csv)
    frame["node"] = frame["node"].str.replace("Shardara", "Toktogul")
    frame.to_csv(other, index=False)
    _fails(["report", str(other), "--model", str(EXAMPLE)], out, capsys, "not from model")
    _fails(["report", str(parquet), "--model", str(EXAMPLE)], tmp_path / "report.pdf", capsys, "HTML file")
