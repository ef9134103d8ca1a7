"""``arna optimise run`` and ``apply`` end to end; user errors exit with code 2 and say where."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from arna.cli.main import main
from arna.optimise.api import prepare
from arna.optimise.evaluate import evaluate
from tests.optimise.conftest import MODEL, PROBLEM

RUN = ["optimise", "run", str(MODEL), "--problem", str(PROBLEM), "--population", "8", "--generations", "2",
       "--seed", "4"]


def test_same_command_twice_gives_the_same_front_also_with_workers(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*RUN, "-o", str(tmp_path / "a.csv")]) == 0
    assert "The model as it is: town_deficit = " in " ".join(capsys.readouterr().out.split())
    assert main([*RUN, "-o", str(tmp_path / "b.csv"), "--workers", "2"]) == 0
    a, b = (tmp_path / "a.csv").read_bytes(), (tmp_path / "b.csv").read_bytes()
    assert a == b
    assert (tmp_path / "a.history.csv").read_bytes() == (tmp_path / "b.history.csv").read_bytes()
    assert (tmp_path / "a.csv.checkpoint").exists()
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert '"type": "parcoords"' in page and '"type": "scatter"' in page  # two objectives: one scatter plot
    assert '"name": "the model as it is"' in page  # the reference, a star in the scatter matrix
    from arna.optimise.html import plotly_js

    library = plotly_js()
    assert library in page  # plotly.js inline from the installed package, and nothing else fetched: works offline
    rest = page.replace(library, "")
    assert "<script src" not in rest and "http" not in rest


def test_resume_from_the_command_line_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "f.parquet"
    assert main([*RUN, "-o", str(out)]) == 0
    longer = [a if a != "2" else "3" for a in RUN]
    assert main([*longer, "-o", str(out), "--resume"]) == 0
    history = pd.read_csv(tmp_path / "f.history.csv")
    assert history["generation"].tolist() == [1, 2, 3]
    assert history["evaluations"].tolist() == [8, 16, 24]


def test_apply_writes_a_valid_model_that_reproduces_the_front(tmp_path: Path) -> None:
    front_path = tmp_path / "front.csv"
    assert main([*RUN, "-o", str(front_path)]) == 0
    front = pd.read_csv(front_path)
    k = int(front["solution"].iloc[len(front) // 2])
    out = tmp_path / "chosen" / "model.yaml"
    assert main(["optimise", "apply", str(PROBLEM), str(front_path), "--solution", str(k), "-o", str(out)]) == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    row = front[front["solution"] == k].iloc[0]
    channel = next(n for n in doc["nodes"] if n["name"] == "channel")
    assert float(channel["max_flow"].split()[0]) == row["channel_capacity"]
    # the written model, evaluated again, gives the objectives the front reports
    ctx = prepare(PROBLEM, out)
    outcome = evaluate(ctx, np.array([row["channel_capacity"], row["dam_rule"]]))
    assert outcome.objectives == (row["town_deficit"], row["farm_deficit"])


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "front.txt"], "write the front as .csv or .parquet"),
    (["--workers", "2", "--dask", "tcp://127.0.0.1:1"], "either --workers or --dask"),
    (["--algorithm", "moead"], "nsga2 or nsga3"),
])
def test_run_refuses_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                 message: str) -> None:
    args = [str(tmp_path / a) if a.endswith(".txt") else a for a in args]
    assert main([*RUN, *args]) == 2
    assert message in capsys.readouterr().err


def test_a_problem_with_a_wrong_path_names_the_variable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(PROBLEM.read_text(encoding="utf-8"))
    data["variables"][1]["path"] = "nodes[damm].rule_curve"
    data["model"] = str(MODEL)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["optimise", "run", str(MODEL), "--problem", str(bad), "-o", str(tmp_path / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "variables[1].path" in err and "no item named 'damm'" in err


def test_an_unknown_problem_name_lists_the_known_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimise", "run", str(MODEL), "--problem", "nexus", "-o", str(tmp_path / "f.csv")]) == 2
    assert "neither a problem file nor a problem named beside the model" in capsys.readouterr().err


def test_apply_refuses_a_missing_solution_and_a_foreign_front(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    front = tmp_path / "front.csv"
    pd.DataFrame({"solution": [0, 1], "channel_capacity": [1.0, 2.0], "dam_rule": [0, 0]}).to_csv(front, index=False)
    out = str(tmp_path / "m.yaml")
    assert main(["optimise", "apply", str(PROBLEM), str(front), "--solution", "7", "-o", out]) == 2
    assert "no solution 7; the front has solutions 0–1" in capsys.readouterr().err
    pd.DataFrame({"solution": [0], "x": [1.0]}).to_csv(front, index=False)
    assert main(["optimise", "apply", str(PROBLEM), str(front), "--solution", "0", "-o", out]) == 2
    assert "no column 'channel_capacity', 'dam_rule'" in capsys.readouterr().err
    pd.DataFrame({"solution": [0], "channel_capacity": [11.0], "dam_rule": [0]}).to_csv(front, index=False)
    assert main(["optimise", "apply", str(PROBLEM), str(front), "--solution", "0", "-o", out]) == 2
    assert "outside the problem's bounds" in capsys.readouterr().err


def test_the_problem_schema_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["optimise", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"variables", "objectives", "constraints", "scenarios"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
