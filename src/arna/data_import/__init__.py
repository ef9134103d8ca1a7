"""Importing gauge tables as published by hydrometeorological services into Arna series.

:func:`read_sheet` reads a CSV file or an Excel sheet into rows of cells; :func:`parse_table`
recognises its shape (year × month, year × dekad, month rows × three dekads, or date/value) and
gives dated observations; :func:`check` finds gaps, duplicates, negative values, outliers and
annual totals that do not match; :func:`write_series` writes a series file that a ``series``
parameter reads, with its provenance beside it.
"""

from arna.data_import.qa import Finding, check
from arna.data_import.tables import Observation, Sheet, Table, parse_table, read_sheet
from arna.data_import.writer import Imported, import_table, write_series

__all__ = ["Finding", "Imported", "Observation", "Sheet", "Table", "check", "import_table", "parse_table",
           "read_sheet", "write_series"]
