"""Indicators: the Kazakh processing share, the EU recycling rate, landfill and packaging.

The two headline definitions, side by side:

* **Kazakh processing share** (Ministry of Ecology, MEPR): waste that passed
  through a sorting line or processing plant (and, configurably, composting
  and WtE) divided by waste *collected*. It is an input-to-treatment share.
* **EU recycling rate** (WFD Art. 11a, Implementing Decision 2019/1004):
  waste *entering the recycling operation* (after sorting and pre-treatment
  losses), plus separately collected bio-waste entering composting/digestion
  net of mechanically removed impurities, plus metals recovered from
  incineration bottom ash, divided by municipal waste *generated*.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from arna.circular.model import Flows
from arna.circular.schema import KzDefinition

FloatArray = npt.NDArray[np.float64]


def ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / den`` with 0 where ``den`` is 0."""
    out = np.zeros(np.broadcast_shapes(num.shape, den.shape))
    np.divide(num, den, out=out, where=den > 0)
    return out


def kz_processing_parts(flows: Flows, definition: KzDefinition) -> tuple[FloatArray, FloatArray]:
    """Numerator and denominator ``(R, T)`` of the Kazakh processing share.

    Each tonne is counted once: sorting input (separate dry + mixed sorted),
    separately collected bio-waste sent to composting/AD, and WtE input that
    did not pass a sorting line first.
    """
    num = np.zeros(flows.generated.shape[:2])
    if definition.count_sorting:
        num = num + (flows.separate_dry + flows.mixed_sorted).sum(axis=-1)
    if definition.count_biological:
        num = num + flows.separate_bio.sum(axis=-1)
    if definition.count_wte:
        num = num + flows.wte_input_direct.sum(axis=-1)
    den_flow = flows.collected if definition.denominator == "collected" else flows.generated
    return num, den_flow.sum(axis=-1)


def eu_recycling_parts(
    recycled: FloatArray,
    bio_recycled: FloatArray,
    bottom_ash_metals: FloatArray,
    generated: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Numerator and denominator of the EU municipal waste recycling rate.

    Parameters
    ----------
    recycled:
        Waste entering the recycling operation (calculation point), i.e. sorting
        output minus losses before recycling.
    bio_recycled:
        Separately collected bio-waste entering aerobic/anaerobic treatment,
        minus impurities removed mechanically.
    bottom_ash_metals:
        Metals separated from incineration bottom ash and recycled.
    generated:
        Municipal waste generated, including waste not collected.

    All arrays share a shape ``(..., M)``; the material axis is summed.
    """
    num = (recycled + bio_recycled + bottom_ash_metals).sum(axis=-1)
    return num, generated.sum(axis=-1)


def eu_recycling_rate(
    recycled: FloatArray, bio_recycled: FloatArray, bottom_ash_metals: FloatArray,
    generated: FloatArray,
) -> FloatArray:
    """The EU rate itself (see :func:`eu_recycling_parts`)."""
    return ratio(*eu_recycling_parts(recycled, bio_recycled, bottom_ash_metals, generated))


def landfill_parts(flows: Flows) -> tuple[FloatArray, FloatArray]:
    """Landfilled (sanitary + non-compliant + landfilled bottom ash + dumped uncollected) and
    generated, ``(R, T)``."""
    num = (flows.landfill_sanitary + flows.landfill_noncompliant + flows.wte_ash
           + flows.uncollected).sum(axis=-1)
    return num, flows.generated.sum(axis=-1)


def packaging_parts(
    flows: Flows, packaging_share: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Packaging recycled and placed on the market by material, ``(R, T, M)``.

    The packaging share of a material is assumed the same in generated and
    recycled tonnes, so the rate per material equals the material's recycling rate.
    """
    rec = (flows.recycled + flows.wte_metals) * packaging_share
    return rec, flows.generated * packaging_share


def first_year_reaching(
    years: npt.NDArray[np.int64], values: FloatArray, target: float
) -> int | None:
    """First year whose value is at least ``target`` (``None`` if never)."""
    hit = np.nonzero(values >= target - 1e-12)[0]
    return int(years[hit[0]]) if hit.size else None
