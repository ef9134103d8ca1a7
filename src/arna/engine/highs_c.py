"""HiGHS through its C API (the shared library shipped by the ``highsbox`` package).

highspy copies every solution vector into a Python list (85 µs for 1,300 values);
the C API writes straight into preallocated numpy buffers, and each call costs a
microsecond or two through ctypes. Used when ``highsbox`` is installed.
"""

from __future__ import annotations

import ctypes
from ctypes import c_double, c_int32, c_void_p
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_STATUS = {7: "Optimal", 6: "Empty", 8: "Infeasible", 9: "Unbounded or infeasible", 10: "Unbounded"}
OPTIMAL, EMPTY = 7, 6


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL | None:
    """The HiGHS shared library, or ``None`` when highsbox is not installed."""
    try:
        import highsbox  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(highsbox.highs_lib_dir()) / "libhighs.so"
    if not path.exists():
        return None
    lib = ctypes.CDLL(str(path))
    dp = np.ctypeslib.ndpointer(dtype=np.float64, flags="C_CONTIGUOUS")
    ip = np.ctypeslib.ndpointer(dtype=np.int32, flags="C_CONTIGUOUS")
    lib.Highs_create.restype = c_void_p
    lib.Highs_destroy.argtypes = [c_void_p]
    lib.Highs_getSizeofHighsInt.argtypes = [c_void_p]
    lib.Highs_setBoolOptionValue.argtypes = [c_void_p, ctypes.c_char_p, c_int32]
    lib.Highs_setIntOptionValue.argtypes = [c_void_p, ctypes.c_char_p, c_int32]
    lib.Highs_setDoubleOptionValue.argtypes = [c_void_p, ctypes.c_char_p, c_double]
    lib.Highs_setStringOptionValue.argtypes = [c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.Highs_passLp.argtypes = [c_void_p, c_int32, c_int32, c_int32, c_int32, c_int32, c_double,
                                 dp, dp, dp, dp, dp, ip, ip, dp]
    # the per-step calls take raw addresses of buffers the caller keeps (see CHighs): a numpy
    # pointer argument costs a few microseconds of checks per call, an address a fraction of one
    for name in ("Highs_changeColsBoundsBySet", "Highs_changeRowsBoundsBySet"):
        getattr(lib, name).argtypes = [c_void_p, c_int32, c_void_p, c_void_p, c_void_p]
    lib.Highs_changeColsCostBySet.argtypes = [c_void_p, c_int32, c_void_p, c_void_p]
    # by mask: full-length data and an int32 mask, no index list for HiGHS to sort
    for name in ("Highs_changeColsBoundsByMask", "Highs_changeRowsBoundsByMask"):
        getattr(lib, name).argtypes = [c_void_p, c_void_p, c_void_p, c_void_p]
    lib.Highs_changeColsCostByMask.argtypes = [c_void_p, c_void_p, c_void_p]
    lib.Highs_changeCoeff.argtypes = [c_void_p, c_int32, c_int32, c_double]
    lib.Highs_run.argtypes = [c_void_p]
    lib.Highs_getModelStatus.argtypes = [c_void_p]
    lib.Highs_getSolution.argtypes = [c_void_p, c_void_p, c_void_p, c_void_p, c_void_p]
    probe = lib.Highs_create()
    try:
        if lib.Highs_getSizeofHighsInt(probe) != 4:
            return None
    finally:
        lib.Highs_destroy(probe)
    return lib


class CHighs:
    """A persistent HiGHS instance driven through the C API."""

    def __init__(self, lib: ctypes.CDLL, n_cols: int, n_rows: int, starts: np.ndarray, index: np.ndarray,
                 value: np.ndarray, options: dict[str, object]) -> None:
        self.lib = lib
        self.ptr = lib.Highs_create()
        for key, v in options.items():
            self._option(key, v)
        self.n_cols, self.n_rows = n_cols, n_rows
        z_c, z_r = np.zeros(n_cols), np.zeros(n_rows)
        self._keep = (np.ascontiguousarray(starts, np.int32), np.ascontiguousarray(index, np.int32),
                      np.ascontiguousarray(value, np.float64))
        lib.Highs_passLp(self.ptr, n_cols, n_rows, len(value), 1, 1, 0.0, z_c, z_c, z_c,
                         z_r, z_r, self._keep[0], self._keep[1], self._keep[2])
        self.x = np.zeros(n_cols)
        self._duals = np.zeros(n_cols)
        self._rows = np.zeros(n_rows)
        self._row_duals = np.zeros(n_rows)
        self._solution_at = tuple(a.ctypes.data for a in (self.x, self._duals, self._rows, self._row_duals))
        # staging buffers for the entries that changed: indices, lower/cost, upper
        n = max(n_cols, n_rows, 1)
        self._idx, self._lo, self._hi = np.zeros(n, np.int32), np.zeros(n), np.zeros(n)
        self._at = (self._idx.ctypes.data, self._lo.ctypes.data, self._hi.ctypes.data)

    def _option(self, key: str, v: object) -> None:
        name = key.encode()
        if isinstance(v, bool):
            self.lib.Highs_setBoolOptionValue(self.ptr, name, int(v))
        elif isinstance(v, int):
            self.lib.Highs_setIntOptionValue(self.ptr, name, v)
        elif isinstance(v, float):
            self.lib.Highs_setDoubleOptionValue(self.ptr, name, v)
        else:
            self.lib.Highs_setStringOptionValue(self.ptr, name, str(v).encode())

    def _stage(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray | None = None) -> int:
        """Copy ``idx`` and the values at it into the staging buffers; return how many."""
        n = len(idx)
        self._idx[:n] = idx
        self._lo[:n] = lo
        if hi is not None:
            self._hi[:n] = hi
        return n

    def change_cols_bounds(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        n = self._stage(idx, lo, hi)
        self.lib.Highs_changeColsBoundsBySet(self.ptr, n, *self._at)

    def change_cols_cost(self, idx: np.ndarray, cost: np.ndarray) -> None:
        n = self._stage(idx, cost)
        self.lib.Highs_changeColsCostBySet(self.ptr, n, self._at[0], self._at[1])

    def change_rows_bounds(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        n = self._stage(idx, lo, hi)
        self.lib.Highs_changeRowsBoundsBySet(self.ptr, n, *self._at)

    def change_by_mask(self, col_mask: int, col_lo: int, col_hi: int, row_mask: int, row_lo: int, row_hi: int,
                       cost_mask: int, cost: int) -> None:
        """Bounds (and costs, when ``cost_mask``) where the int32 masks are 1, from full-length arrays at
        these addresses; a cost mask of 0 (a null address) passes no cost."""
        lib, ptr = self.lib, self.ptr
        if self.n_cols:
            lib.Highs_changeColsBoundsByMask(ptr, col_mask, col_lo, col_hi)
            if cost_mask:
                lib.Highs_changeColsCostByMask(ptr, cost_mask, cost)
        if self.n_rows:
            lib.Highs_changeRowsBoundsByMask(ptr, row_mask, row_lo, row_hi)

    def solution_to(self, col_value: int) -> None:
        """Write the primal column values to the ``n_cols`` doubles at this address."""
        self.lib.Highs_getSolution(self.ptr, col_value, None, None, None)

    def change_coeff(self, row: int, col: int, value: float) -> None:
        self.lib.Highs_changeCoeff(self.ptr, row, col, value)

    def run(self) -> tuple[bool, str]:
        self.lib.Highs_run(self.ptr)
        status = int(self.lib.Highs_getModelStatus(self.ptr))
        return status in (OPTIMAL, EMPTY), MODEL_STATUS.get(status, f"status {status}")

    def solution(self) -> np.ndarray:
        self.lib.Highs_getSolution(self.ptr, *self._solution_at)
        return self.x.copy()

    def __del__(self) -> None:
        ptr, self.ptr = getattr(self, "ptr", None), None
        if ptr:
            self.lib.Highs_destroy(ptr)

    def __getstate__(self) -> dict[str, object]:
        raise TypeError("a HiGHS instance is not picklable; pickle the compiled network instead")
