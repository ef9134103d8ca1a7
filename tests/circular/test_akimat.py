"""Outputs an akimat can file: programme indicators per region and year in kk/ru/en."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from arna.circular import WasteRun
from arna.circular.akimat import PROGRAMME, programme_table
from arna.cli.main import main
from arna.errors import InputError


def test_programme_table_in_three_languages(baseline: WasteRun) -> None:
    tables = {lang: programme_table(baseline, lang, ["ALMATY"], [2025])
              for lang in ("en", "ru", "kk")}
    assert all(len(t) == len(PROGRAMME) for t in tables.values())
    assert "коммунальных отходов" in " ".join(tables["ru"].indicator)
    assert "коммуналдық қалдықтар" in " ".join(tables["kk"].indicator)
    assert tables["kk"].region_name.iloc[0] == "Алматы"
    en = tables["en"].set_index("code").value
    ru = tables["ru"].set_index("code").value
    assert en.equals(ru)
    assert en["tariff_kzt_person_month"] == pytest.approx(718.5)
    assert en["kz_processing_share"] == pytest.approx(7.3, abs=0.1)


def test_programme_values_match_the_run(baseline: WasteRun) -> None:
    table = programme_table(baseline, "en", ["TURKESTAN", "KZ"], [2024, 2030])
    row = table[(table.region == "TURKESTAN") & (table.year == 2030)
                & (table.code == "landfill_years_left")]
    assert row.value.iloc[0] == pytest.approx(
        baseline.series("landfill_years_left", "TURKESTAN").loc[2030])
    cov = table[(table.region == "KZ") & (table.year == 2024)
                & (table.code == "collection_coverage")].value.iloc[0]
    assert cov == pytest.approx(81.0, abs=0.5)


def test_unknown_region_or_year(baseline: WasteRun) -> None:
    with pytest.raises(InputError, match=r"--region: unknown region\(s\) ATLANTIS"):
        programme_table(baseline, "en", ["ATLANTIS"])
    with pytest.raises(InputError, match=r"--year: year\(s\) \[1990\] outside"):
        programme_table(baseline, "en", None, [1990])


def test_cli_akimat(tmp_path: Path) -> None:
    out = tmp_path / "almaty.csv"
    assert main(["waste", "akimat", "-r", "ALMATY", "-y", "2025", "--lang", "kk",
                 "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["region", "region_name", "year", "code", "indicator",
                                   "value", "unit"]
    assert set(table.region) == {"ALMATY"} and len(table) == len(PROGRAMME)


@pytest.mark.parametrize("args", [["-r", "ATLANTIS"], ["--lang", "de"], ["-y", "1990"]])
def test_cli_akimat_bad_options_exit_2(tmp_path: Path, args: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert main(["waste", "akimat", *args, "-o", str(out)]) == 2
    assert "error" in capsys.readouterr().err
    assert not out.exists()


def test_cli_run_prints_published_beside_model(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cmp = tmp_path / "cmp.csv"
    assert main(["waste", "run", "-o", str(tmp_path / "b.csv"), "--comparison", str(cmp)]) == 0
    text = capsys.readouterr().out
    assert "ALMATY     2024 sorted_t" in text and "CONFLICT" in text
    assert "epr_revenue_kzt " in text
    table = pd.read_csv(cmp)
    assert {"regional", "epr"} == set(table.kind)
