"""Regions that differ: generation per person (urban/rural) and processing shares by region."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from arna.circular import Dataset, WasteRun, load_dataset
from arna.circular.build import urban_rural_factor
from arna.circular.regional import SHARE_TOLERANCE, comparison
from arna.cli.main import main
from arna.errors import DocumentError


def _regional(run: WasteRun, indicator: str, year: int) -> dict[str, float]:
    t = run.table
    sel = t[(t.indicator == indicator) & (t.year == year) & (t.region != "KZ")]
    return dict(zip(sel.region, sel.value, strict=True))


def test_generation_per_person_differs_and_keeps_the_national_mean(baseline: WasteRun) -> None:
    per_person = _regional(baseline, "generated_kg_per_person", 2025)
    assert max(per_person.values()) - min(per_person.values()) > 80
    assert per_person["TURKESTAN"] < per_person["KARAGANDA"] < per_person["ALMATY"]
    assert baseline.series("generated_kg_per_person").loc[2025] == pytest.approx(300.0)


def test_urban_rural_factor_averages_to_one() -> None:
    urban = np.array([1.0, 0.5, 0.2])
    pop = np.array([2.0, 1.0, 3.0])
    f = urban_rural_factor(urban, pop, 0.6)
    assert float((f * pop).sum() / pop.sum()) == pytest.approx(1.0)
    assert f[0] / f[2] == pytest.approx(1.0 / (0.2 + 0.8 * 0.6))


def test_regional_shares_differ_and_follow_each_regions_report(baseline: WasteRun) -> None:
    shares = _regional(baseline, "kz_processing_share", 2024)
    assert len({round(v, 3) for v in shares.values()}) >= 10
    assert shares["ALMATY"] == pytest.approx(0.073, abs=0.005)
    assert shares["SHYMKENT"] == pytest.approx(0.035, abs=0.005)


def test_comparison_lists_published_figures_and_conflicts(baseline: WasteRun) -> None:
    table = comparison(baseline)
    shares = table[table.indicator == "kz_processing_share"]
    assert shares.region.nunique() >= 9
    assert (shares.difference.abs() <= SHARE_TOLERANCE).all()
    almaty = table[(table.region == "ALMATY") & (table.indicator == "sorted_t")]
    assert set(almaty.year) == {2023, 2024}
    assert (almaty.status == "conflict").all()
    assert almaty.note.str.contains("reported share (7.3% in 2024)", regex=False).all()
    checks = table[table.role == "check"]
    assert len(checks) >= 3, "figures not used by the calibration are genuine checks"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ABAI_URBAN = "ABAI,urban_share,0.656"
"""The first row of the bundled regional.csv (edited by the error-path tests below)."""


@pytest.mark.parametrize(("old", "new", "where", "what"), [
    (ABAI_URBAN, "ATLANTIS,urban_share,0.656", "[0].region", "unknown region"),
    (ABAI_URBAN, "ABAI,urban_share,1.656", "[0].value", "must be in [0, 1]"),
    (f"{ABAI_URBAN},fraction", f"{ABAI_URBAN},percent", "[0].unit", "is in 'fraction'"),
    (ABAI_URBAN, "ABAI,urban_sharex,0.656", "[0].parameter", "unknown parameter"),
])
def test_bad_regional_table(data_copy: Path, old: str, new: str, where: str, what: str) -> None:
    _edit(data_copy / "regional.csv", old, new)
    with pytest.raises(DocumentError, match=r"regional\.csv") as exc:
        load_dataset(data_copy / "dataset.yaml")
    assert exc.value.problems[0][0] == where
    assert what in exc.value.problems[0][1]


def test_region_missing_a_parameter(data_copy: Path) -> None:
    path = data_copy / "regional.csv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if not ln.startswith("NKO,tariff_rural_kzt")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"'tariff_rural_kzt' missing for NKO"):
        load_dataset(data_copy / "dataset.yaml")


def test_cli_bad_regional_table_exits_2(data_copy: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _edit(data_copy / "regional.csv", ABAI_URBAN, "ABAI,urban_share,-1")
    code = main(["waste", "run", "--dataset", str(data_copy / "dataset.yaml"),
                 "-o", str(tmp_path / "x.csv")])
    assert code == 2
    err = capsys.readouterr().err
    assert "regional.csv" in err and "[0].value" in err
    assert not (tmp_path / "x.csv").exists()


def test_dataset_keeps_regional_parameters(dataset: Dataset) -> None:
    assert dataset.regional["tariff_urban_kzt"][dataset.region_codes.index("ALMATY")] == 718.5


def test_astana_uses_its_own_composition(dataset: Dataset, baseline: WasteRun) -> None:
    i = dataset.region_codes.index("ASTANA")
    comp = dataset.composition
    assert comp[i].sum() == pytest.approx(1.0)
    gen = baseline.flows.generated
    t = list(dataset.years).index(2025)
    share_food = gen[i, t, 0] / gen[i, t].sum()
    assert share_food == pytest.approx(0.4176)
    other = dataset.region_codes.index("ALMATY")
    assert gen[other, t, 0] / gen[other, t].sum() == pytest.approx(0.215)


@pytest.mark.parametrize(("old", "new", "what"), [
    ("ASTANA,food,0.4176", "ASTANA,food,0.5176", "sums to 1.1"),
    ("ASTANA,food,0.4176", "ASTANA,fud,0.4176", "unknown material 'fud'"),
    ("ASTANA,food,0.4176", "ATLANTIS,food,0.4176", "unknown region 'ATLANTIS'"),
])
def test_bad_regional_composition(data_copy: Path, old: str, new: str, what: str) -> None:
    _edit(data_copy / "regional_composition.csv", old, new)
    with pytest.raises(DocumentError, match=r"regional_composition\.csv") as exc:
        load_dataset(data_copy / "dataset.yaml")
    assert any(what in m for _, m in exc.value.problems), exc.value.problems


def test_urban_and_rural_rates_recombine_to_the_regional_rate(dataset: Dataset,
                                                              baseline: WasteRun) -> None:
    for region in ("TURKESTAN", "KARAGANDA"):
        u = dataset.regional["urban_share"][dataset.region_codes.index(region)]
        urban = baseline.series("generated_kg_per_person.urban", region).loc[2025]
        rural = baseline.series("generated_kg_per_person.rural", region).loc[2025]
        total = baseline.series("generated_kg_per_person", region).loc[2025]
        assert u * urban + (1 - u) * rural == pytest.approx(total)
        assert rural == pytest.approx(0.6 * urban)
