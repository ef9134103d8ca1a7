"""Memory for a run's results: one ``(T, n_series, S)`` float array, zeroed.

``numpy.zeros`` asks the kernel for transparent huge pages (numpy advises them for large arrays);
where the kernel compacts memory to find them on demand (``defrag`` set to ``madvise``, the default of
common distributions) the first touch of a large results array stalled for up to a second and a half
on the development machine. These arrays are mapped without that advice: in a private mapping
populated when it is made (the pages are touched once, in the kernel, instead of faulting one by
one in the time loop), or in a shared mapping for forked workers, left to fault in the process that
writes each part.
"""

from __future__ import annotations

import mmap

import numpy as np

__all__ = ["zeroed"]


def zeroed(shape: tuple[int, ...], shared: bool = False) -> np.ndarray:
    """A zeroed float64 array of ``shape``; ``shared``: in memory that forked processes share."""
    size = int(np.prod(shape)) * 8
    flags = getattr(mmap, "MAP_ANONYMOUS", None)
    if size == 0 or flags is None:
        return np.zeros(shape)
    if shared:
        flags |= mmap.MAP_SHARED
    else:
        flags |= mmap.MAP_PRIVATE | getattr(mmap, "MAP_POPULATE", 0)
    buffer = mmap.mmap(-1, size, flags=flags)
    return np.frombuffer(buffer, dtype=np.float64).reshape(shape)
