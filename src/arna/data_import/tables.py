"""Gauge tables: reading a CSV file or an Excel sheet, and recognising its shape.

Shapes, told apart by the header row (the first row naming a year or a date column):

- **year × month** — a year column and 12 month columns (``1``–``12``, ``Jan``–``Dec``,
  ``янв``–``дек``, ``қаң``–``жел`` or ``I``–``XII``), optionally an annual column;
- **year × dekad** — a year column and 36 dekad columns (January's three first), optionally an
  annual column;
- **month × dekad** — a year column, a month column and three dekad columns;
- **date/value** — a date column and a value column (daily, dekad or monthly rows).

Rows before the header (titles, station notes) and blank rows are skipped; a missing value is an
empty cell or one of ``-``, ``—``, ``н/б``, ``NA``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from arna.errors import DataFileError
from arna.schema.dekad import DEKAD_START_DAYS

Shape = Literal["year-month", "year-dekad", "month-dekad", "date-value"]
Resolution = Literal["day", "dekad", "month", "year"]

YEAR_WORDS = frozenset({"year", "years", "год", "годы", "жыл", "жылдар"})
DATE_WORDS = frozenset({"date", "дата", "күні", "күн", "time"})
MONTH_WORDS = frozenset({"month", "месяц", "ай"})
ANNUAL_WORDS = frozenset({"annual", "mean", "total", "sum", "avg", "average", "год.", "за год", "среднее",
                          "средний", "сумма", "годовой", "жылдық", "орташа", "барлығы", "жиыны"})
MISSING = frozenset({"", "-", "—", "–", "н/б", "нб", "na", "n/a", "nan", "…", "..."})
_MONTH_NAMES = (
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
    ("қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел"),
    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"),
)
_HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Sheet:
    """The cells of one CSV file or Excel sheet; ``rows[i][j]`` is row ``i + 1``, column ``j + 1``."""

    source: Path
    name: str | None
    rows: list[list[object]]

    def where(self, row: int, col: int | None = None) -> str:
        """``file sheet 'S' cell C5`` (Excel) or ``file row 5, column 3`` (CSV); 1-based."""
        sheet = f" sheet '{self.name}'" if self.name is not None else ""
        if col is None:
            return f"{self.source}{sheet} row {row}"
        return f"{self.source}{sheet} {self.cell(row, col)}"

    def cell(self, row: int, col: int) -> str:
        """``cell C5`` (Excel) or ``row 5, column 3`` (CSV)."""
        return f"cell {_letters(col)}{row}" if self.name is not None else f"row {row}, column {col}"


@dataclass(frozen=True)
class Observation:
    """One value of the table: the start of its period, the value (``None`` if missing) and its cell."""

    date: pd.Timestamp
    value: float | None
    cell: str
    row: int


@dataclass
class Table:
    """What a gauge table holds, in the order of its cells."""

    shape: Shape
    resolution: Resolution
    observations: list[Observation]
    annual: list[tuple[int, float, str]] = field(default_factory=list)  # (year, value, cell)


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """All cells of a ``.csv`` file or of one sheet of an ``.xlsx`` workbook (the first by default)."""
    if not path.is_file():
        raise DataFileError(f"{path}: no such file; give the path of a CSV or Excel (.xlsx) gauge table")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise DataFileError(f"{path}: a CSV file has no sheets; drop --sheet")
        return Sheet(path, None, _read_csv(path))
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    raise DataFileError(f"{path}: cannot read '{suffix}' files; save the table as .csv or .xlsx")


def _read_csv(path: Path) -> list[list[object]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1251")  # Cyrillic tables saved by older Excel versions
    lines = text.splitlines()
    return [list(r) for r in csv.reader(lines, delimiter=_delimiter(lines))]


def _delimiter(lines: list[str]) -> str:
    """``;`` or tab when most non-empty lines hold one (tables with decimal commas), else ``,``."""
    filled = [ln for ln in lines if ln.strip()]
    for d in (";", "\t"):
        if sum(d in ln for ln in filled) * 2 > len(filled):
            return d
    return ","


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise DataFileError(f"{path}: cannot open it as an Excel workbook ({type(exc).__name__}: {exc}); "
                            "save it again as .xlsx") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataFileError(f"{path}: no sheet '{sheet}'; sheets: {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        return Sheet(path, ws.title, rows)
    finally:
        book.close()


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _word(cell: object) -> str:
    return re.sub(r"\s+", " ", _text(cell).lower())


def month_number(cell: object) -> int | None:
    """1–12 for a month header or cell (number, English, Russian, Kazakh or Roman), else ``None``."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell) if 1 <= int(cell) <= 12 else None
    w = _word(cell).rstrip(".")
    if w.isdigit():
        return int(w) if 1 <= int(w) <= 12 else None
    for names in _MONTH_NAMES:
        if names is _MONTH_NAMES[3]:
            if w in names:
                return names.index(w) + 1
            continue
        for i, n in enumerate(names):
            if w.startswith(n):
                return i + 1
    return None


def number(sheet: Sheet, row: int, col: int) -> float | None:
    """The number in a cell (``None`` if it is empty or marked missing); decimal commas are read."""
    cell = sheet.rows[row - 1][col - 1] if col - 1 < len(sheet.rows[row - 1]) else None
    if isinstance(cell, bool):
        raise DataFileError(f"{sheet.where(row, col)}: '{cell}' is not a number; correct the cell")
    if isinstance(cell, int | float):
        return None if cell != cell else float(cell)  # NaN from a formula counts as missing
    text = _text(cell)
    if text.lower() in MISSING:
        return None
    try:
        return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        raise DataFileError(f"{sheet.where(row, col)}: '{text}' is not a number; correct the cell, "
                            "or leave it empty for a missing value") from None


def _year(sheet: Sheet, row: int, col: int) -> int | None:
    cell = sheet.rows[row - 1][col - 1] if col - 1 < len(sheet.rows[row - 1]) else None
    text = _text(cell)
    if isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    if re.fullmatch(r"(18|19|20|21)\d\d", text):
        return int(text)
    return None


def _header(sheet: Sheet) -> int:
    for i, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1):
        if any(_word(c) in YEAR_WORDS | DATE_WORDS for c in row):
            return i
    raise DataFileError(
        f"{sheet.where(1)}: no header row found in the first {_HEADER_SEARCH_ROWS} rows; the table needs a "
        f"header naming a year column ({', '.join(sorted(YEAR_WORDS))}) or a date column "
        f"({', '.join(sorted(DATE_WORDS))})")


def parse_table(sheet: Sheet, value_column: str | None = None) -> Table:
    """The observations of a gauge table, its shape recognised from the header row."""
    h = _header(sheet)
    heads = [_word(c) for c in sheet.rows[h - 1]]
    date_col = next((j + 1 for j, w in enumerate(heads) if w in DATE_WORDS), None)
    if date_col is not None:
        return _date_value(sheet, h, date_col, heads, value_column)
    year_col = next(j + 1 for j, w in enumerate(heads) if w in YEAR_WORDS)
    month_col = next((j + 1 for j, w in enumerate(heads) if w in MONTH_WORDS), None)
    rest = [j + 1 for j, w in enumerate(heads) if w and j + 1 not in {year_col, month_col}]
    # an annual column: "annual", "среднее", … or a second "год" after the months
    annual_col = next((j for j in rest if heads[j - 1] in ANNUAL_WORDS | YEAR_WORDS), None)
    values = [j for j in rest if j != annual_col]
    if month_col is not None:
        if len(values) != 3:
            raise DataFileError(f"{sheet.where(h)}: a table with year and month columns needs three dekad "
                                f"columns; found {len(values)} other columns")
        return _month_dekad(sheet, h, year_col, month_col, values)
    if len(values) == 36:
        return _year_wide(sheet, h, year_col, values, annual_col, "year-dekad")
    if len(values) == 12 and [month_number(sheet.rows[h - 1][j - 1]) for j in values] == list(range(1, 13)):
        return _year_wide(sheet, h, year_col, values, annual_col, "year-month")
    raise DataFileError(
        f"{sheet.where(h)}: the header has a year column and {len(values)} value columns; a year × month table "
        "has 12 month columns (January to December, e.g. 1–12, Jan–Dec, янв–дек), a year × dekad table 36, "
        "a month × dekad table a month column and 3; an annual column may follow (annual, mean, total, "
        "среднее, сумма, жылдық)")


def _data_rows(sheet: Sheet, header: int, key_col: int, value_cols: list[int]) -> list[int]:
    """Rows after the header holding data: blank rows and notes without values are skipped."""
    out = []
    for r in range(header + 1, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        key = _text(row[key_col - 1]) if key_col - 1 < len(row) else ""
        filled = [j for j in value_cols if j - 1 < len(row) and _text(row[j - 1]).lower() not in MISSING]
        if not filled and not _looks_like_key(row[key_col - 1] if key_col - 1 < len(row) else None):
            continue  # a blank row, or a note below the table
        if not key:
            raise DataFileError(f"{sheet.where(r, key_col)}: the row has values but this cell is empty; "
                                "fill it (year, month or date) or delete the row")
        out.append(r)
    return out


def _looks_like_key(cell: object) -> bool:
    """A year, a month or a date: a row keyed so is kept even when all its values are missing."""
    if isinstance(cell, dt.date | int | float) and not isinstance(cell, bool):
        return True
    text = _text(cell)
    return bool(re.fullmatch(r"\d{4}|\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{4}", text)) or (
        month_number(text) is not None)


def _need_year(sheet: Sheet, r: int, col: int) -> int:
    y = _year(sheet, r, col)
    if y is None:
        raise DataFileError(f"{sheet.where(r, col)}: '{_text(sheet.rows[r - 1][col - 1])}' is not a year; "
                            "write the year as four digits, or delete the row if it is a note")
    return y


def _year_wide(sheet: Sheet, h: int, year_col: int, values: list[int], annual_col: int | None,
               shape: Shape) -> Table:
    obs: list[Observation] = []
    annual: list[tuple[int, float, str]] = []
    dekads = shape == "year-dekad"
    for r in _data_rows(sheet, h, year_col, values + ([annual_col] if annual_col else [])):
        y = _need_year(sheet, r, year_col)
        for k, j in enumerate(values):
            month, day = (k // 3 + 1, DEKAD_START_DAYS[k % 3]) if dekads else (k + 1, 1)
            obs.append(Observation(pd.Timestamp(y, month, day), number(sheet, r, j), sheet.cell(r, j), r))
        if annual_col is not None:
            a = number(sheet, r, annual_col)
            if a is not None:
                annual.append((y, a, sheet.cell(r, annual_col)))
    return Table(shape, "dekad" if dekads else "month", obs, annual)


def _month_dekad(sheet: Sheet, h: int, year_col: int, month_col: int, values: list[int]) -> Table:
    obs: list[Observation] = []
    year: int | None = None
    for r in _data_rows(sheet, h, month_col, values):
        year = _year(sheet, r, year_col) or year  # the year is often written only on its first row
        if year is None:
            raise DataFileError(f"{sheet.where(r, year_col)}: no year for this row; write the year here or on "
                                "a row above")
        month = month_number(sheet.rows[r - 1][month_col - 1])
        if month is None:
            raise DataFileError(f"{sheet.where(r, month_col)}: '{_text(sheet.rows[r - 1][month_col - 1])}' is "
                                "not a month; use 1–12 or a month name")
        for k, j in enumerate(values):
            obs.append(Observation(pd.Timestamp(year, month, DEKAD_START_DAYS[k]), number(sheet, r, j),
                                   sheet.cell(r, j), r))
    return Table("month-dekad", "dekad", obs)


def _date_value(sheet: Sheet, h: int, date_col: int, heads: list[str], value_column: str | None) -> Table:
    others = [j + 1 for j, w in enumerate(heads) if w and j + 1 != date_col]
    if value_column is not None:
        match = [j for j in others if heads[j - 1] == _word(value_column)]
        if not match:
            raise DataFileError(f"{sheet.where(h)}: no column '{value_column}'; columns: "
                                f"{', '.join(heads[j - 1] for j in others)}")
        col = match[0]
    elif len(others) == 1:
        col = others[0]
    else:
        names = ", ".join(heads[j - 1] for j in others)
        raise DataFileError(f"{sheet.where(h)}: {len(others)} value columns ({names}); name the one to import "
                            "with --column")
    obs = []
    for r in _data_rows(sheet, h, date_col, [col]):
        obs.append(Observation(_date(sheet, r, date_col), number(sheet, r, col), sheet.cell(r, col), r))
    dates = pd.DatetimeIndex([o.date for o in obs])
    return Table("date-value", _resolution(dates), obs)


def _date(sheet: Sheet, r: int, col: int) -> pd.Timestamp:
    cell = sheet.rows[r - 1][col - 1]
    if isinstance(cell, dt.datetime | dt.date):
        return pd.Timestamp(cell).normalize()
    text = _text(cell)
    day_first = re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{4}", text) is not None
    try:
        stamp = pd.Timestamp(pd.to_datetime(text, dayfirst=day_first))
    except (ValueError, TypeError):
        raise DataFileError(f"{sheet.where(r, col)}: '{text}' is not a date; write it as YYYY-MM-DD "
                            "(or DD.MM.YYYY)") from None
    if stamp.tzinfo is not None or stamp != stamp.normalize():
        raise DataFileError(f"{sheet.where(r, col)}: '{text}' has a time of day; give dates only")
    return stamp


def _resolution(dates: pd.DatetimeIndex) -> Resolution:
    """Yearly when the dates are one a year on the same day, monthly when every date is a month's
    first, dekad when every one starts a dekad, else daily."""
    day = pd.Index(dates.day)
    if len(dates) > 1 and len(set(zip(dates.month, dates.day, strict=True))) == 1:
        return "year"
    if len(dates) > 1 and (day == 1).all():
        return "month"
    if len(dates) > 1 and day.isin(DEKAD_START_DAYS).all() and len(dates) > 2:
        return "dekad"
    return "day"
