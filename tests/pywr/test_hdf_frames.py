"""HDF5 data read straight from pandas's arrays where the layout is the plain one, else by pandas: the same frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from arna.pywr.data import _read_plain_frame, read_file

pytest.importorskip("tables")

DATES = pd.date_range("2000-01-01", periods=40, freq="D")


def _frames() -> dict[str, pd.DataFrame | pd.Series]:
    rng = np.random.default_rng(3)
    plain = pd.DataFrame(rng.random((40, 5)), index=DATES, columns=[str(i) for i in range(5)])
    return {
        "plain": plain,
        "int_columns": pd.DataFrame(rng.random((40, 3)), index=DATES, columns=[0, 1, 2]),
        "microseconds": pd.DataFrame(rng.random((40, 2)), index=DATES.as_unit("us"), columns=["a", "b"]),
        "named_index": plain.rename_axis("date"),
        "two_blocks": plain.assign(flag=np.arange(40)),
        "integers": pd.DataFrame(np.arange(80).reshape(40, 2), index=DATES, columns=["a", "b"]),
        "number_index": pd.DataFrame(rng.random((40, 2)), columns=["a", "b"]),
        "timezone": pd.DataFrame(rng.random((40, 2)), index=DATES.tz_localize("UTC"), columns=["a", "b"]),
        "series": pd.Series(rng.random(40), index=DATES, name="q"),
        "table_format": plain,
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("h5") / "inflows.h5"
    for key, obj in _frames().items():
        obj.to_hdf(path, key=key, format="table" if key == "table_format" else "fixed")
    return path


@pytest.mark.parametrize("key", list(_frames()))
def test_every_layout_reads_as_pandas_reads_it(store: Path, key: str) -> None:
    expected = pd.read_hdf(store, key)
    expected = expected.to_frame() if isinstance(expected, pd.Series) else expected
    got = read_file(store, {"key": key}, "parameters.p")
    pd.testing.assert_frame_equal(got, expected, check_freq=False)


@pytest.mark.parametrize(("key", "fast"), [("plain", True), ("int_columns", True), ("microseconds", True),
                                           ("named_index", False), ("two_blocks", False), ("integers", False),
                                           ("number_index", False), ("timezone", False), ("series", False),
                                           ("table_format", False), ("missing", False)])
def test_only_the_plain_layout_takes_the_short_way(store: Path, key: str, fast: bool) -> None:
    assert (_read_plain_frame(store, key) is not None) is fast
