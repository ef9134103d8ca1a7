"""`arna data import`: every table shape (CSV and xlsx made here) with its QA findings, and bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from openpyxl import Workbook

from arna.api import run
from arna.cli.main import main
from arna.data_import import import_table
from arna.errors import DataFileError, UnitError
from tests.conftest import model, write

MONTHS_RU = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
REGIME = [400, 420, 500, 600, 700, 650, 500, 400, 350, 380, 390, 410]


def year_month_rows() -> list[list[object]]:
    """Six years of a monthly regime (varied a little), with one gap, one negative, one outlier,
    a wrong annual value and a repeated year."""
    rows: list[list[object]] = [["Koktobe, Syr Darya: mean monthly discharge, m3/s"], [],
                                ["Год", *MONTHS_RU, "Среднее"]]
    for k, year in enumerate(range(2001, 2007)):
        vals: list[object] = [v + 5 * k for v in REGIME]
        rows.append([year, *vals, round(float(np.mean(vals)), 1)])
    rows[4][10] = None  # 2002 October empty
    rows[5][5] = -720  # 2003 May negative
    rows[5][13] = 999  # 2003 annual wrong
    rows[7][3] = 2900  # 2005 March outlier
    rows[7][13] = None
    rows.append(list(rows[6]))  # 2004 again
    return rows


def write_csv(path: Path, rows: list[list[object]], sep: str = ";") -> Path:
    text = "\n".join(sep.join("" if c is None else str(c).replace(".", ",") if sep == ";" else str(c)
                              for c in r) for r in rows)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Koktobe") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "notes"
    ws.append(["nothing here"])
    data = wb.create_sheet(sheet)
    for r in rows:
        data.append(r)
    wb.save(path)
    return path


def kinds(findings: list) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in findings:
        out[f.kind] = out.get(f.kind, 0) + 1
    return out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_year_by_month_with_each_kind_of_finding(tmp_path: Path, fmt: str) -> None:
    rows = year_month_rows()
    path = write_csv(tmp_path / "t.csv", rows) if fmt == "csv" else write_xlsx(tmp_path / "t.xlsx", rows)
    imp = import_table(path, unit="m3/s", sheet=None if fmt == "csv" else "Koktobe")
    assert imp.provenance["shape"] == "year-month" and imp.provenance["period"] == ["2001-01-01", "2006-12-01"]
    assert kinds(imp.findings) == {"duplicate": 1, "gap": 1, "negative": 1, "outlier": 2, "annual": 2}
    by_kind = {f.kind: f for f in imp.findings}
    cell = "cell K5" if fmt == "xlsx" else "row 5, column 11"
    assert by_kind["gap"].date == "2002-10-01" and by_kind["gap"].cell == cell
    annual = {f.date: f.message for f in imp.findings if f.kind == "annual"}
    assert "incomplete" in annual["2002-01-01"] and "neither the mean" in annual["2003-01-01"]
    assert "row 10" in by_kind["duplicate"].message and "row 7" in by_kind["duplicate"].message
    assert {f.date for f in imp.findings if f.kind == "outlier"} == {"2003-05-01", "2005-03-01"}
    assert len(imp.series) == 72 and np.isnan(imp.series["2002-10-01"])
    assert imp.series["2001-03-01"] == 500 and imp.series["2006-12-01"] == 410 + 25


def test_year_by_dekad_in_hm3_per_dekad_converts_by_dekad_length(tmp_path: Path) -> None:
    rows: list[list[object]] = [["year", *[str(i) for i in range(1, 37)], "total"]]
    rows.append([2024, *[10.0] * 36, 360.0])
    rows.append([2023, *[10.0] * 36, 12.5])
    imp = import_table(write_csv(tmp_path / "d.csv", rows, sep=","), unit="hm3/dekad", to_unit="m3/s")
    assert imp.provenance["resolution"] == "dekad" and imp.provenance["shape"] == "year-dekad"
    assert kinds(imp.findings) == {"annual": 1}  # 2023's 12.5 is neither 10 nor 360
    s = imp.series
    assert s.index[0] == pd.Timestamp("2023-01-01") and s.index[-1] == pd.Timestamp("2024-12-21")
    # 10 hm³ over 1–10 Jan, 21–28 Feb 2023 (8 days), 21–29 Feb 2024 (9 days)
    assert s["2023-01-01"] == pytest.approx(10e6 / (10 * 86_400))
    assert s["2023-02-21"] == pytest.approx(10e6 / (8 * 86_400))
    assert s["2024-02-21"] == pytest.approx(10e6 / (9 * 86_400))


def test_month_rows_by_three_dekads_in_excel(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Station Ushzharma"], ["Год", "Месяц", "I", "II", "III"]]
    for m in range(1, 13):
        rows.append([2020 if m == 1 else None, MONTHS_RU[m - 1], 100 + m, 110 + m, None if m == 7 else 120 + m])
    path = write_xlsx(tmp_path / "md.xlsx", rows)
    imp = import_table(path, unit="m3/s", sheet="Koktobe", station="Ushzharma")
    assert imp.provenance["shape"] == "month-dekad" and imp.provenance["station"] == "Ushzharma"
    assert kinds(imp.findings) == {"gap": 1}
    assert imp.findings[0].date == "2020-07-21" and imp.findings[0].cell == "cell E9"
    assert imp.series["2020-12-11"] == 122 and len(imp.series) == 36


def test_daily_long_table_gaps_duplicates_and_dates_day_first(tmp_path: Path) -> None:
    dates = pd.date_range("2021-01-01", "2021-03-31")
    rows: list[list[object]] = [["дата", "Q"]]
    rows += [[d.strftime("%d.%m.%Y"), 50.0 + (i % 7)] for i, d in enumerate(dates) if not 40 <= i < 43]
    rows.append(["05.01.2021", 99.0])  # 5 January again
    imp = import_table(write_csv(tmp_path / "q.csv", rows, sep=","), unit="m3/s")
    assert imp.provenance["resolution"] == "day"
    assert kinds(imp.findings) == {"gap": 1, "duplicate": 1}
    gap = next(f for f in imp.findings if f.kind == "gap")
    assert "2021-02-10 to 2021-02-12 (3 days)" in gap.message
    assert imp.series["2021-01-05"] == 54.0 and imp.series.isna().sum() == 3


def test_the_written_series_drives_a_dekad_run(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Year", *[m.capitalize() for m in
                                         ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                          "nov", "dec")]]]
    rows.append([2024, *[31.0, 29.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0]])
    out = tmp_path / "inflow.parquet"
    code = main(["data", "import", str(write_csv(tmp_path / "v.csv", rows, sep=",")), "-o", str(out),
                 "--unit", "hm3/month", "--to-unit", "hm3/day", "--name", "q", "--station", "test"])
    assert code == 0
    prov = json.loads((tmp_path / "inflow.parquet.provenance.json").read_text(encoding="utf-8"))
    assert prov["unit"] == "hm3/day" and prov["counts"]["gap"] == 0 and len(prov["sha256"]) == 64
    import pyarrow.parquet as pq

    assert b"arna.provenance" in pq.read_schema(out).metadata
    doc = model([{"name": "src", "type": "inflow",
                  "flow": {"type": "series", "file": "inflow.parquet", "column": "q", "unit": "hm3/day"}},
                 {"name": "sea", "type": "terminal"}], [["src", "sea"]],
                start="2024-01-01", step="dekad", end="2024-12-21")
    res = run(write(tmp_path, doc))
    assert_allclose(res.get("src", "flow")[:, 0] * 86_400 / 1e6, 1.0)  # 1 hm³ a day in every dekad
    assert abs(res.balance_error) < 1e-6


def test_strict_fails_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_csv(tmp_path / "t.csv", year_month_rows())
    out = tmp_path / "s.csv"
    assert main(["data", "import", str(src), "-o", str(out), "--unit", "m3/s", "--strict"]) == 2
    err = capsys.readouterr().err
    assert str(src) in err and "7 QA finding(s)" in err and "without --strict" in err
    assert not out.exists() and not list(tmp_path.glob("*.provenance.json")) and not list(tmp_path.glob(".s.csv*"))
    assert main(["data", "import", str(src), "-o", str(out), "--unit", "m3/s"]) == 0
    assert out.exists() and pd.read_csv(out)["value"].isna().sum() == 1


@pytest.mark.parametrize(("rows", "kw", "needles"), [
    ([["year", "a", "b"], [2001, 1, 2]], {}, ["row 1", "2 value columns", "12 month columns"]),
    ([["nothing"], [1, 2]], {}, ["no header row", "year column"]),
    ([["Год", *MONTHS_RU], [2001, *[1] * 5, "abc", *[1] * 6]], {}, ["row 2, column 7", "'abc' is not a number"]),
    ([["Год", *MONTHS_RU], ["20O1", *[1] * 12]], {}, ["row 2, column 1", "'20O1' is not a year"]),
    ([["date", "q"], ["2001-13-45", 1]], {}, ["row 2, column 1", "is not a date"]),
    ([["date", "q", "h"], ["2001-01-01", 1, 2]], {}, ["2 value columns", "--column"]),
    ([["date", "q"], ["2001-01-01", 1]], {"unit": "cfs"}, ["unknown unit 'cfs'", "m3/s"]),
])
def test_bad_tables_are_refused_naming_the_place(tmp_path: Path, rows: list[list[object]], kw: dict[str, str],
                                                 needles: list[str]) -> None:
    path = write_csv(tmp_path / "bad.csv", rows, sep=",")
    with pytest.raises((DataFileError, UnitError)) as info:
        import_table(path, **{"unit": "m3/s", **kw})
    assert all(n in str(info.value) for n in needles), str(info.value)


def test_bad_files_exit_2_with_the_file_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = write_xlsx(tmp_path / "t.xlsx", year_month_rows())
    for args, needle in (
        ([str(tmp_path / "none.csv")], "no such file"),
        ([str(xlsx), "--sheet", "Other"], "no sheet 'Other'; sheets: notes, Koktobe"),
        ([str(write_csv(tmp_path / "t.txt", [["a"]]))], "cannot read '.txt' files"),
        ([str(xlsx), "--sheet", "Koktobe", "-o", str(tmp_path / "x.json")], "write the series as .csv or .parquet"),
    ):
        argv = ["data", "import", *args, "--unit", "m3/s"]
        if "-o" not in argv:
            argv += ["-o", str(tmp_path / "x.csv")]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert needle in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()



def test_excel_date_cells_and_a_dekad_long_table(tmp_path: Path) -> None:
    import datetime as dt

    starts = pd.DatetimeIndex(["2022-02-01", "2022-02-11", "2022-02-21", "2022-03-11"])  # 1 March missing
    rows: list[list[object]] = [["Date", "Flow"], *[[d.to_pydatetime(), 10.0] for d in starts]]
    imp = import_table(write_xlsx(tmp_path / "l.xlsx", rows), unit="hm3/dekad", to_unit="hm3/day",
                       sheet="Koktobe")
    assert isinstance(rows[1][0], dt.datetime) and imp.provenance["resolution"] == "dekad"
    assert [f.message for f in imp.findings] == ["no row for 2022-03-01 (1 dekad)"]
    assert imp.series["2022-02-21"] == pytest.approx(10 / 8) and np.isnan(imp.series["2022-03-01"])


def test_a_bad_excel_cell_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Год", *MONTHS_RU], [2001, *[1] * 5, "n.a.", *[1] * 6]]
    with pytest.raises(DataFileError, match=r"t.xlsx sheet 'Koktobe' cell G2: 'n.a.' is not a number"):
        import_table(write_xlsx(tmp_path / "t.xlsx", rows), unit="m3/s", sheet="Koktobe")


def test_notes_below_the_table_are_skipped_and_an_empty_year_is_a_gap(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Год", *MONTHS_RU], [2001, *REGIME], [2002, *[None] * 12], [2003, *REGIME], [],
                                ["Примечание: данные за 2002 г. утеряны"], ["Source: Kazhydromet"]]
    imp = import_table(write_csv(tmp_path / "n.csv", rows), unit="m3/s")
    assert kinds(imp.findings) == {"gap": 12} and len(imp.series) == 36


def test_outliers_are_judged_on_logarithms_so_a_flood_year_is_not_flagged(tmp_path: Path) -> None:
    # May flows over 10 years (median 110), a flood year of 400: an outlier on the raw scale
    # (z ≈ +6.0), not on the log scale (z ≈ +3.1); 5000 is flagged either way (log z ≈ +9.1).
    may = [100, 70, 130, 85, 120, 60, 150, 400, 95, 5000]
    rows: list[list[object]] = [["date", "q"], *[[f"{2000 + i}-05-01", v] for i, v in enumerate(may)]]
    imp = import_table(write_csv(tmp_path / "f.csv", rows, sep=","), unit="m3/s")
    assert imp.provenance["resolution"] == "year"
    assert [(f.kind, f.date) for f in imp.findings] == [("outlier", "2009-05-01")]
