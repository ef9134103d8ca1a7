"""Bad inputs give clear errors naming the file and the JSON path."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from arna.circular import load_dataset, run_scenario
from arna.circular.dataset import bundled_dir
from arna.errors import DataFileError, DocumentError, InputError


def _scenario(tmp_path: Path, levers: dict[str, object], base: str = "baseline") -> Path:
    path = tmp_path / "my.yaml"
    path.write_text(yaml.safe_dump({"name": "my", "base": base, "levers": levers}),
                    encoding="utf-8")
    return path


def _edit_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_composition_summing_above_one(data_copy: Path) -> None:
    _edit_csv(data_copy / "material_params.csv", "food,composition,0.215", "food,composition,0.3")
    with pytest.raises(DocumentError, match=r"(?s)material_params\.csv.*composition shares sum to "
                       r"1\.085.*must sum to 1") as exc:
        load_dataset(data_copy / "dataset.yaml")
    assert exc.value.problems[0][0] == "composition"


def test_epr_shares_summing_above_one(tmp_path: Path) -> None:
    group = {"name": "x", "packaging": [{"material": "plastics", "share": 0.7, "source": "EST"}],
             "k": [{"year": 2020, "value": 1, "source": "EST"}],
             "obligation": [{"year": 2020, "value": 0.1, "source": "EST"}],
             "payout": {"collection": 1, "transport": 1, "processing": 1, "source": "EST"}}
    epr = {"mci_kzt": [{"year": 2020, "value": 3000, "source": "E10"}], "groups": [group, group]}
    path = _scenario(tmp_path, {"epr": epr})
    with pytest.raises(DocumentError, match=r"levers\.epr\.groups\[1\]\.packaging\[0\]\.share: "
                       r"EPR packaging shares of plastics .* sum to 1\.4 > 1"):
        run_scenario(path)


def test_negative_tonnage_in_scenario(tmp_path: Path) -> None:
    path = _scenario(tmp_path, {"sorting_capacity_t": [
        {"year": 2020, "value": -5000, "source": "EST"}]})
    pattern = ("(?s)" + re.escape(str(path)) + r".*levers\.sorting_capacity_t"
               r"\[0\]\.value: sorting_capacity_t must be >= 0, got -5000")
    with pytest.raises(DocumentError, match=pattern):
        run_scenario(path)


def test_negative_tonnage_in_observed_table(data_copy: Path) -> None:
    _edit_csv(data_copy / "observed.csv", "KZ,2018,4300000", "KZ,2018,-4300000")
    with pytest.raises(DocumentError, match=r"(?s)observed\.csv.*\[19\]\.value: must be >= 0"):
        load_dataset(data_copy / "dataset.yaml")


def test_negative_wte_capacity(tmp_path: Path) -> None:
    plant = {"name": "p", "region": "ASTANA", "t_per_day": -10, "availability": 0.9,
             "eta_el": 0.2, "mw_e": 10, "start_year": 2030, "source": "EST"}
    with pytest.raises(DocumentError, match=r"levers\.wte_plants\[0\]\.t_per_day"):
        run_scenario(_scenario(tmp_path, {"wte_plants": [plant]}))


def test_unknown_region(tmp_path: Path) -> None:
    path = _scenario(tmp_path, {"coverage": [
        {"year": 2020, "value": 0.9, "source": "EST", "region": "ATLANTIS"}]})
    with pytest.raises(DocumentError, match=r"levers\.coverage\[0\]\.region: unknown region "
                       r"'ATLANTIS'"):
        run_scenario(path)


def test_unknown_material(tmp_path: Path) -> None:
    path = _scenario(tmp_path, {"separate_capture": [
        {"year": 2020, "value": 0.2, "source": "EST"},
        {"year": 2020, "value": 0.2, "source": "EST", "material": "unobtainium"}]})
    with pytest.raises(DocumentError, match=r"levers\.separate_capture\[1\]\.material: unknown "
                       r"material 'unobtainium'"):
        run_scenario(path)


def test_unknown_material_in_dataset_table(data_copy: Path) -> None:
    _edit_csv(data_copy / "material_params.csv", "hazardous,ncv", "kryptonite,ncv")
    with pytest.raises(DocumentError, match=r"unknown material 'kryptonite'"):
        load_dataset(data_copy / "dataset.yaml")


def test_unknown_region_in_observed_table(data_copy: Path) -> None:
    _edit_csv(data_copy / "observed.csv", "SHYMKENT,2024", "GOTHAM,2024")
    with pytest.raises(DocumentError, match=r"unknown region 'GOTHAM'"):
        load_dataset(data_copy / "dataset.yaml")


def test_fraction_above_one(tmp_path: Path) -> None:
    path = _scenario(tmp_path, {"coverage": [{"year": 2020, "value": 1.3, "source": "S18"}]})
    with pytest.raises(DocumentError, match=r"coverage\[0\]\.value: coverage is a fraction"):
        run_scenario(path)


def test_misspelt_lever_is_rejected(tmp_path: Path) -> None:
    path = _scenario(tmp_path, {"coverag": [{"year": 2020, "value": 0.9, "source": "S18"}]})
    with pytest.raises(DocumentError, match=r"levers\.coverag: Extra inputs are not permitted"):
        run_scenario(path)


def test_figure_without_source_is_rejected(tmp_path: Path) -> None:
    path = _scenario(tmp_path, {"coverage": [{"year": 2020, "value": 0.9}]})
    with pytest.raises(DocumentError, match=r"levers\.coverage\[0\]\.source: Field required"):
        run_scenario(path)


def test_missing_lever_without_base(tmp_path: Path) -> None:
    path = tmp_path / "lonely.yaml"
    path.write_text("name: lonely\nlevers: {}\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"levers\.coverage: missing, and no base"):
        run_scenario(path)


def test_unknown_scenario_name() -> None:
    with pytest.raises(InputError, match=r"unknown scenario 'nope'.*baseline"):
        run_scenario("nope")


def test_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="not valid YAML"):
        run_scenario(path)


def test_missing_table(data_copy: Path) -> None:
    (data_copy / "regions.csv").unlink()
    with pytest.raises(DataFileError, match=r"regions\.csv: cannot read"):
        load_dataset(data_copy / "dataset.yaml")


def test_bad_csv_cell_names_row_and_line(data_copy: Path) -> None:
    _edit_csv(data_copy / "regions.csv", "ABAI,Abai Region", "ABAI,Abai Region,extra")
    with pytest.raises(DocumentError, match=r"regions\.csv") as exc:
        load_dataset(data_copy / "dataset.yaml")
    assert exc.value.problems[0][0].startswith("[0]")


def test_bundled_dataset_every_row_has_a_source() -> None:
    for name in ("regions.csv", "material_params.csv", "observed.csv"):
        text = (bundled_dir() / name).read_text(encoding="utf-8").splitlines()
        header = text[0].split(",")
        assert "source" in header and "estimate" in header, name


def _source_keys() -> set[str]:
    """Every source key used in the bundled data files."""
    keys: set[str] = set()
    folder = bundled_dir()
    for path in [*folder.glob("*.csv"), *folder.glob("*.yaml"), *folder.glob("scenarios/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":
            rows = csv.DictReader(text.splitlines())
            found = [r["source"] for r in rows]
        else:
            found = re.findall(r"source: ([^,}\n]+)", text)
        for value in found:
            keys.update(k.strip() for k in value.split(";"))
    return keys


def test_every_source_key_is_documented() -> None:
    sources = (bundled_dir() / "SOURCES.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| ([A-Z][A-Za-z0-9-]+) \|", sources, flags=re.M))
    documented |= {"W1", "W2", "W3", "W4"}   # listed together as W1-W4
    keys = _source_keys() - {"observed.csv"}
    assert keys, "no source keys found"
    assert keys <= documented, f"undocumented source keys: {sorted(keys - documented)}"


def test_base_file_next_to_scenario_and_cycles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               ) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nbase: b.yaml\nlevers: {}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\nbase: a.yaml\nlevers: {}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(InputError, match="scenario bases form a cycle"):
        run_scenario(tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("name: b\nbase: baseline\nlevers: {}\n", encoding="utf-8")
    assert run_scenario(tmp_path / "a.yaml").name == "a"
