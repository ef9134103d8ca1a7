"""The multi-site stochastic generator: its statistics over 1,000 members, its inputs and its errors.

Tolerances are sampling errors, not guesses: every statistic is computed over all members
pooled and over 20 batches of 50 members; the standard error of the pooled value is the
spread of the batch values / √20, and a statistic passes within four standard errors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from arna.cli.main import main
from arna.errors import DataFileError, DocumentError, InputError
from arna.scenarios.flowstats import load_statistics, statistics_from_history
from arna.scenarios.stochastic import WEIGHTS, FlowStatistics, MultiSiteGenerator

DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "lower-syr-darya-flows.yaml"
MEMBERS, YEARS, BATCHES = 1000, 30, 20

# Koktobe and Karateren annual flows 1999–2010, km³/yr (kazakhstan-hydrology.md §1.1, source KZT)
KOKTOBE = [17, 12.2, 11.7, 15, 19.6, 19.8, 20.4, 14.7, 17.3, 11, 15.04, 25.8]
KARATEREN = [6.03, 3.87, 3.56, 6.46, 9.18, 9.62, 11.1, 8.14, 6.62, 3.69, 4.11, 9.2]


def three_sites() -> FlowStatistics:
    """Three tributaries with distinct regimes, spreads and persistence (illustrative figures)."""
    month = np.arange(12)
    snowmelt = 100 * (1 + 0.8 * np.sin(2 * np.pi * (month - 3) / 12))
    rain = 40 * (1 + 0.4 * np.cos(2 * np.pi * month / 12))
    glacier = 60 * (1 + 0.9 * np.sin(2 * np.pi * (month - 4) / 12))
    return FlowStatistics(
        ["snowmelt", "rain", "glacier"], np.stack([snowmelt, rain, glacier]),
        annual_cv=np.array([0.32, 0.3, 0.28]), annual_lag1=np.array([0.3, 0.1, 0.45]),
        correlation=np.array([[1.0, 0.7, 0.5], [0.7, 1.0, 0.4], [0.5, 0.4, 1.0]]),
        monthly_cv=np.stack([np.linspace(0.35, 0.5, 12), np.full(12, 0.55), np.linspace(0.3, 0.4, 12)]),
        monthly_lag1=np.stack([np.full(12, 0.6), np.full(12, 0.4), np.full(12, 0.7)]))


def sample_statistics(flows: dict[str, pd.DataFrame], sites: list[str]) -> dict[str, np.ndarray]:
    """Pooled statistics of generated flows (whole years from January)."""
    cube = np.stack([flows[s].to_numpy().reshape(-1, 12, flows[s].shape[1]) for s in sites])  # site, yr, m, k
    n = len(sites)
    annual = np.einsum("iymk,m->iyk", cube, WEIGHTS)
    lag = np.array([[_corr(cube[i, :, m - 1], cube[i, :, m]) if m else _corr(cube[i, :-1, 11], cube[i, 1:, 0])
                     for m in range(12)] for i in range(n)])
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    return {
        "monthly_mean": cube.mean(axis=(1, 3)),
        "monthly_cv": cube.std(axis=(1, 3)) / cube.mean(axis=(1, 3)),
        "monthly_lag1": lag,
        "annual_cv": annual.std(axis=(1, 2)) / annual.mean(axis=(1, 2)),
        "annual_lag1": np.array([_corr(annual[i, :-1], annual[i, 1:]) for i in range(n)]),
        "correlation": np.array([_corr(annual[i], annual[j]) for i, j in pairs]),
        "monthly_correlation": np.array([[_corr(cube[i, :, m], cube[j, :, m]) for m in range(12)]
                                         for i, j in pairs]),
    }


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x.ravel(), y.ravel())[0, 1])


def targets(gen: MultiSiteGenerator) -> dict[str, np.ndarray]:
    """What was given; where the input has no figure (assumed structure), the model's closed form."""
    st, imp = gen.stats, gen.implied()
    n = len(gen.sites)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    return {
        "monthly_mean": st.monthly_mean,
        "monthly_cv": st.monthly_cv if st.monthly_cv is not None else imp.monthly_cv,
        "monthly_lag1": st.monthly_lag1 if st.monthly_lag1 is not None else imp.monthly_lag1,
        "annual_cv": st.annual_cv,
        "annual_lag1": st.annual_lag1,
        "correlation": np.array([st.correlation[i, j] for i, j in pairs]),
        "monthly_correlation": np.array([imp.monthly_correlation[:, i, j] for i, j in pairs]),
    }


def assert_kept(gen: MultiSiteGenerator, seed: int = 11) -> dict[str, np.ndarray]:
    """Generate 1,000 members × 30 years and compare every statistic with its target; return the tolerances."""
    flows = gen.generate("2030-01-01", YEARS * 12, MEMBERS, seed)
    full = sample_statistics(flows, gen.sites)
    size = MEMBERS // BATCHES
    batches = [sample_statistics({s: f.iloc[:, b * size:(b + 1) * size] for s, f in flows.items()}, gen.sites)
               for b in range(BATCHES)]
    want = targets(gen)
    tolerances = {}
    for key, value in full.items():
        se = np.std([b[key] for b in batches], axis=0, ddof=1) / np.sqrt(BATCHES)
        tolerances[key] = 4 * se + 1e-9
        bad = np.abs(value - want[key]) > tolerances[key]
        assert not bad.any(), (f"{key}: generated {value[bad]} against {want[key][bad]} "
                               f"(tolerance {tolerances[key][bad]})")
    return tolerances


def test_three_sites_keep_their_statistics_over_1000_members() -> None:
    gen = MultiSiteGenerator.from_statistics(three_sites())
    assert gen.notes == ["monthly departures share the cross-site correlation of the annual flows (assumed)"]
    tol = assert_kept(gen)
    # the tolerances are tight enough to catch a wrong model
    assert np.max(tol["monthly_mean"] / gen.stats.monthly_mean) < 0.02
    assert np.max(tol["monthly_cv"]) < 0.02
    for key in ("monthly_lag1", "annual_lag1", "correlation"):
        assert np.max(tol[key]) < 0.04, key
    assert np.max(tol["annual_cv"]) < 0.01


def test_kazakh_statistics_file_is_kept_over_1000_members() -> None:
    """The docs' example: Koktobe and Karateren annual statistics (sheet §1.1), an estimated regime."""
    gen = MultiSiteGenerator.from_statistics(load_statistics(DOCS))
    assert gen.sites == ["Koktobe", "Karateren"]
    assert gen.stats.annual_mean == pytest.approx([16.6e9 / 31_536_000, 6.8e9 / 31_536_000])
    assert any("no monthly CVs" in n for n in gen.notes)
    assert_kept(gen, seed=5)


def test_single_site_from_a_record_keeps_season_and_persistence() -> None:
    """A record drawn from a known model, fitted and regenerated: the fit's figures are kept."""
    truth = MultiSiteGenerator.from_statistics(FlowStatistics(
        ["river"], np.array([[30, 28, 40, 90, 160, 200, 170, 120, 70, 45, 35, 32.0]]),
        np.array([0.32]), np.array([0.4]), np.eye(1), monthly_cv=np.full((1, 12), 0.45),
        monthly_lag1=np.full((1, 12), 0.5)))
    record = truth.generate("1950-01-01", 12 * 60, 1, seed=2)["river"]["member_0"].rename("river")
    fitted = statistics_from_history(record.to_frame(), "record")
    gen = MultiSiteGenerator.from_statistics(fitted, strict=False)
    assert fitted.sources == {"river": "record, 1950–2009 (60 complete years) [C]"}
    assert_kept(gen, seed=3)


def test_statistics_of_a_record_are_the_published_ones() -> None:
    """The sheet's CV, lag-1 and the derived cross-correlation from the 1999–2010 annual flows."""
    dates = pd.date_range("1999-01-01", periods=144, freq="MS")
    frame = pd.DataFrame({"Koktobe": np.repeat(KOKTOBE, 12), "Karateren": np.repeat(KARATEREN, 12)}, index=dates)
    st = statistics_from_history(frame, "table")
    assert st.annual_mean == pytest.approx([16.63, 6.80], abs=0.01)
    assert st.annual_cv == pytest.approx([0.26, 0.39], abs=0.005)
    assert st.annual_lag1 == pytest.approx([0.13, 0.51], abs=0.005)  # sheet §1.1 figures
    assert st.correlation[0, 1] == pytest.approx(0.825, abs=0.001)


def test_same_seed_same_ensemble() -> None:
    gen = MultiSiteGenerator.from_statistics(three_sites())
    a = gen.generate("2030-04-01", 36, 50, seed=3)
    b = gen.generate("2030-04-01", 36, 50, seed=3)
    c = gen.generate("2030-04-01", 36, 50, seed=4)
    assert all(a[s].equals(b[s]) for s in gen.sites)
    assert not a["rain"].equals(c["rain"])
    assert a["rain"].index[0] == pd.Timestamp("2030-04-01") and len(a["rain"]) == 36
    assert list(a["rain"].columns[:2]) == ["member_0", "member_1"]


def test_inconsistent_statistics_are_refused_when_stated_and_eased_when_estimated() -> None:
    st = three_sites()
    st.annual_cv[1] = 0.9  # larger than any month's CV can give
    with pytest.raises(InputError, match=r"site 'rain': an annual CV of 0.9 cannot be reproduced"):
        MultiSiteGenerator.from_statistics(st)
    eased = MultiSiteGenerator.from_statistics(st, strict=False)
    assert any("site 'rain': an annual CV" in n for n in eased.notes)


def test_persistence_and_correlation_that_contradict_are_refused() -> None:
    st = FlowStatistics(["a", "b"], np.full((2, 12), 10.0), np.array([0.3, 0.3]), np.array([0.9, -0.5]),
                        np.array([[1.0, 0.95], [0.95, 1.0]]))
    with pytest.raises(InputError, match="cannot hold together"):
        MultiSiteGenerator.from_statistics(st)


def test_a_correlation_matrix_that_is_not_positive_definite_is_refused() -> None:
    bad = np.array([[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]])
    with pytest.raises(InputError, match="not positive definite"):
        FlowStatistics(["a", "b", "c"], np.full((3, 12), 1.0), np.full(3, 0.3), np.zeros(3), bad)


# --- the command line ---------------------------------------------------------------------------

def _record(path: Path, years: int = 8, **cols: float) -> Path:
    dates = pd.date_range("2000-01-01", periods=12 * years, freq="MS")
    rng = np.random.default_rng(1)
    season = 1 + 0.5 * np.sin(2 * np.pi * np.arange(len(dates)) / 12)
    frame = pd.DataFrame({"date": dates, **{k: v * season * rng.lognormal(0, 0.3, len(dates))
                                            for k, v in cols.items()}})
    frame.to_csv(path, index=False)
    return path


def test_cli_writes_one_file_per_site_that_a_model_reads(tmp_path: Path) -> None:
    hist = _record(tmp_path / "hist.csv", years=12, **{"Naryn": 400.0, "Kara Darya": 120.0})
    out = tmp_path / "inflows.parquet"
    assert main(["ensemble", "generate", str(hist), "--members", "6", "--years", "2", "--start", "2021-01-01",
                 "-o", str(out)]) == 0
    naryn = pd.read_parquet(tmp_path / "inflows-Naryn.parquet")
    kara = pd.read_parquet(tmp_path / "inflows-Kara_Darya.parquet")
    assert naryn.shape == kara.shape == (24, 7)
    model = {
        "name": "two tributaries",
        "timestepper": {"start": "2021-01-01", "end": "2022-12-01", "step": "month"},
        "scenarios": [{"name": f"m{k}", "members": {"inflow": k}} for k in range(6)],
        "nodes": [
            {"name": "Naryn", "type": "inflow", "flow": {"type": "series", "file": "inflows-Naryn.parquet",
                                                         "scenario": "inflow", "unit": "m3/s"}},
            {"name": "Kara Darya", "type": "inflow", "flow": {"type": "series",
                                                              "file": "inflows-Kara_Darya.parquet",
                                                              "scenario": "inflow", "unit": "m3/s"}},
            {"name": "sea", "type": "terminal"},
        ],
        "edges": [["Naryn", "sea"], ["Kara Darya", "sea"]],
    }
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(model))
    res = tmp_path / "r.csv"
    assert main(["run", str(tmp_path / "m.yaml"), "-o", str(res)]) == 0
    frame = pd.read_csv(res)
    got = frame[(frame.node == "sea") & (frame.attribute == "flow") & (frame.scenario == "m4")].value.to_numpy()
    assert got == pytest.approx(naryn["member_4"].to_numpy() + kara["member_4"].to_numpy(), rel=1e-6)


def test_cli_generates_from_a_statistics_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lsd.csv"
    assert main(["ensemble", "generate", "--stats", str(DOCS), "--members", "3", "--years", "1", "-o",
                 str(out)]) == 0
    assert pd.read_csv(tmp_path / "lsd-Karateren.csv").shape == (12, 4)
    text = capsys.readouterr().out
    assert "Koktobe–Karateren 0.82" in text and "no monthly CVs" in text


def _fails(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ensemble", "generate", *args]) == 2
    return " ".join(capsys.readouterr().err.split())


def test_cli_errors_name_the_file_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hist = _record(tmp_path / "hist.csv", A=10.0, B=5.0)
    out = str(tmp_path / "o.csv")
    assert "hist.csv: no column 'C'; columns: ['A', 'B']" in _fails([str(hist), "--column", "C", "-o", out], capsys)
    frame = pd.read_csv(hist)
    frame.loc[30, "B"] = -1.0
    frame.to_csv(tmp_path / "neg.csv", index=False)
    err = _fails([str(tmp_path / "neg.csv"), "-o", out], capsys)
    assert "neg.csv: column 'B' has a zero or negative flow (-1 on 2002-07-01)" in err
    short = _record(tmp_path / "short.csv", years=3, A=10.0)
    assert "short.csv: 3 complete calendar year(s) common to A; at least 5" in _fails([str(short), "-o", out],
                                                                                       capsys)
    frame["B"] = frame["B"].astype(object)
    frame.loc[30, "B"] = "dry"
    frame.to_csv(tmp_path / "text.csv", index=False)
    assert "text.csv: column 'B' has a non-numeric value on 2002-07-01" in _fails(
        [str(tmp_path / "text.csv"), "--column", "B", "-o", out], capsys)
    assert "either a record" in _fails([str(hist), "--stats", str(DOCS), "-o", out], capsys)


def test_cli_errors_in_a_statistics_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = yaml.safe_load(DOCS.read_text())
    out = str(tmp_path / "o.csv")
    third = {**doc["sites"][0], "name": "Kazalinsk"}
    bad_pd = {**doc, "sites": [*doc["sites"], third],
              "correlation": {"matrix": [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]], "source": "assumed"}}
    (tmp_path / "pd.yaml").write_text(yaml.safe_dump(bad_pd, allow_unicode=True))
    err = _fails(["--stats", str(tmp_path / "pd.yaml"), "-o", out], capsys)
    assert "pd.yaml" in err and "correlation" in err and "not positive definite" in err
    no_source = {**doc, "sites": [{k: v for k, v in doc["sites"][0].items() if k != "source"}, doc["sites"][1]]}
    (tmp_path / "src.yaml").write_text(yaml.safe_dump(no_source, allow_unicode=True))
    assert "sites[0].source: Field required" in _fails(["--stats", str(tmp_path / "src.yaml"), "-o", out], capsys)
    wrong = {**doc, "sites": [{**doc["sites"][0], "annual_cv": 0.9, "monthly_cv": [0.3] * 12}, doc["sites"][1]]}
    (tmp_path / "cv.yaml").write_text(yaml.safe_dump(wrong, allow_unicode=True))
    err = _fails(["--stats", str(tmp_path / "cv.yaml"), "-o", out], capsys)
    assert "monthly_cv for every site or for none" in err
    wrong["sites"][1] = {**doc["sites"][1], "monthly_cv": [0.5] * 12}
    (tmp_path / "cv.yaml").write_text(yaml.safe_dump(wrong, allow_unicode=True))
    err = _fails(["--stats", str(tmp_path / "cv.yaml"), "-o", out], capsys)
    assert "cv.yaml: site 'Koktobe': an annual CV of 0.9 cannot be reproduced" in err


def test_statistics_document_errors_have_json_paths(tmp_path: Path) -> None:
    doc = yaml.safe_load(DOCS.read_text())
    doc["sites"][1]["regime"] = [0.1] * 12
    doc["sites"][0]["anual_cv"] = 0.2
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    with pytest.raises(DocumentError) as info:
        load_statistics(tmp_path / "s.yaml")
    paths = dict(info.value.problems)
    assert "add up to 1" in paths["sites[1]"]
    assert "unknown key" in paths["sites[0].anual_cv"]
    with pytest.raises(DataFileError, match="needs a date index"):
        statistics_from_history(pd.DataFrame({"a": [1.0]}), "x.csv")
