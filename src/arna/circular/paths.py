"""Turning anchor paths into (region, year, material) arrays."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from arna.circular.schema import Anchor
from arna.errors import DocumentError

FloatArray = npt.NDArray[np.float64]


def interpolate(anchors: Sequence[Anchor], years: npt.NDArray[np.int64]) -> FloatArray:
    """Linear interpolation between anchors, flat before the first and after the last.

    Parameters
    ----------
    anchors:
        Anchors of one (region, material) key; at least one.
    years:
        Years to evaluate.
    """
    pts = sorted((a.year, a.value) for a in anchors)
    xs = np.array([p[0] for p in pts], dtype=np.float64)
    ys = np.array([p[1] for p in pts], dtype=np.float64)
    return np.interp(years.astype(np.float64), xs, ys)


def resolve(
    anchors: Sequence[Anchor],
    years: npt.NDArray[np.int64],
    regions: Sequence[str],
    materials: Sequence[str] | None,
    where: tuple[str, str],
) -> FloatArray:
    """Resolve a lever path to an array.

    For each (region, material) the most specific anchors apply:
    (region, material) > (region, any) > (any, material) > (any, any).

    Parameters
    ----------
    anchors:
        The lever's anchors.
    years, regions, materials:
        Dimensions; ``materials=None`` gives a (region, year) array.
    where:
        ``(source file, json path)`` for the error message.

    Returns
    -------
    numpy.ndarray
        Shape ``(R, T, M)`` or ``(R, T)``.

    Raises
    ------
    DocumentError
        No anchor applies to some (region, material).
    """
    groups: dict[tuple[str | None, str | None], list[Anchor]] = {}
    for a in anchors:
        groups.setdefault((a.region, a.material), []).append(a)
    mats: Sequence[str | None] = list(materials) if materials is not None else [None]
    out = np.empty((len(regions), len(years), len(mats)))
    cache: dict[tuple[str | None, str | None], FloatArray] = {}
    for i, r in enumerate(regions):
        for j, m in enumerate(mats):
            key = _pick(groups, r, m)
            if key is None:
                what = f"region {r}" + (f", material {m}" if m else "")
                raise DocumentError(where[0], [(where[1], f"no anchor applies to {what}; add a "
                                                "default anchor without region/material")])
            if key not in cache:
                cache[key] = interpolate(groups[key], years)
            out[i, :, j] = cache[key]
    return out if materials is not None else out[:, :, 0]


def _pick(
    groups: dict[tuple[str | None, str | None], list[Anchor]], region: str, material: str | None
) -> tuple[str | None, str | None] | None:
    for key in ((region, material), (region, None), (None, material), (None, None)):
        if key in groups:
            return key
    return None
