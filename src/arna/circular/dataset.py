"""Loading and validating the waste dataset (``dataset.yaml`` and its CSV tables)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from arna.circular.docio import read_csv_rows, read_yaml, validate_doc
from arna.circular.schema import (
    MATERIAL_PARAMETERS,
    MATERIALS,
    REGIONAL_PARAMETERS,
    Anchor,
    CompositionRow,
    DatasetDoc,
    Figure,
    MaterialParamRow,
    ObservedRow,
    RegionalParamRow,
    RegionRow,
)
from arna.errors import DocumentError

NATIONAL = "KZ"
"""Region code of the national total."""

FloatArray = npt.NDArray[np.float64]

_FRACTION_PARAMS = frozenset(
    {"composition", "doc", "dry_matter", "carbon_fraction", "fossil_carbon_fraction", "ash_content"}
)
_COMPOSITION_TOL = 1e-6


@dataclass(frozen=True)
class Dataset:
    """A validated dataset: the dimensions and the fixed (non-lever) data.

    Attributes
    ----------
    doc:
        The ``dataset.yaml`` document.
    source:
        Path of ``dataset.yaml``.
    regions:
        Region rows in file order.
    material_params:
        ``parameter -> array(M)`` in :data:`MATERIALS` order.
    observed:
        The observed table (columns of :class:`ObservedRow`).
    """

    doc: DatasetDoc
    source: Path
    regions: tuple[RegionRow, ...]
    material_params: dict[str, FloatArray]
    observed: pd.DataFrame
    regional: dict[str, FloatArray]
    composition: FloatArray

    @property
    def region_codes(self) -> tuple[str, ...]:
        """Region codes in file order."""
        return tuple(r.code for r in self.regions)

    @property
    def years(self) -> npt.NDArray[np.int64]:
        """The model years (inclusive horizon)."""
        return np.arange(self.doc.years.start, self.doc.years.end + 1, dtype=np.int64)

    def param(self, name: str) -> float:
        """A scalar parameter from ``dataset.yaml``.

        Raises
        ------
        DocumentError
            The parameter is missing.
        """
        fig: Figure | None = self.doc.parameters.get(name)
        if fig is None:
            raise DocumentError(self.source, [(f"parameters.{name}", "required parameter missing")])
        return fig.value


def bundled_dir() -> Path:
    """Folder of the bundled dataset (``arna/data/waste``)."""
    return Path(str(resources.files("arna.data").joinpath("waste")))


def load_dataset(path: Path | None = None) -> Dataset:
    """Load and validate a dataset; ``None`` loads the bundled Kazakhstan dataset.

    Raises
    ------
    DocumentError
        Any document or table is invalid (all problems of a file are listed).
    DataFileError
        A file is missing or unreadable.
    """
    path = path or bundled_dir() / "dataset.yaml"
    doc = validate_doc(DatasetDoc, read_yaml(path), path)
    _check_doc(doc, path)
    folder = path.parent
    regions = tuple(read_csv_rows(RegionRow, folder / doc.regions_file))
    _check_regions(regions, folder / doc.regions_file)
    params = _material_table(read_csv_rows(MaterialParamRow, folder / doc.materials_file),
                             folder / doc.materials_file)
    obs_rows = read_csv_rows(ObservedRow, folder / doc.observed_file)
    _check_observed(obs_rows, {r.code for r in regions}, folder / doc.observed_file)
    observed = pd.DataFrame([r.model_dump() for r in obs_rows])
    regional = _regional_table(read_csv_rows(RegionalParamRow, folder / doc.regional_file),
                               tuple(r.code for r in regions), folder / doc.regional_file)
    codes = tuple(r.code for r in regions)
    composition = np.tile(params["composition"], (len(codes), 1))
    if doc.regional_composition_file is not None:
        comp_path = folder / doc.regional_composition_file
        composition = _regional_composition(read_csv_rows(CompositionRow, comp_path), codes,
                                            composition, comp_path)
    return Dataset(doc=doc, source=path, regions=regions, material_params=params,
                   observed=observed, regional=regional, composition=composition)


def _regional_composition(
    rows: list[CompositionRow], codes: tuple[str, ...], national: FloatArray, path: Path
) -> FloatArray:
    """``(R, M)`` composition: a region's published rows replace the national shares.

    A region that appears must give every material, and its shares must sum to 1.
    """
    problems: list[tuple[str, str]] = []
    given: dict[str, dict[str, float]] = {}
    first_row: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.region not in codes:
            problems.append((f"[{i}].region", f"unknown region {r.region!r} "
                             "(see regions.csv for the codes)"))
        elif r.material not in MATERIALS:
            problems.append((f"[{i}].material", _unknown_material(r.material)))
        elif r.material in given.get(r.region, {}):
            problems.append((f"[{i}]", f"duplicate row for {r.region}/{r.material}"))
        else:
            given.setdefault(r.region, {})[r.material] = r.value
            first_row.setdefault(r.region, i)
    out = national.copy()
    for region, shares in given.items():
        missing = [m for m in MATERIALS if m not in shares]
        total = sum(shares.values())
        where = f"[{first_row[region]}].region"
        if missing:
            problems.append((where, f"{region} gives no share for {', '.join(missing)}; give "
                             "every material (0 where absent)"))
        elif abs(total - 1.0) > _COMPOSITION_TOL:
            problems.append((where, f"composition of {region} sums to {total:.6g}; it must "
                             "sum to 1"))
        else:
            out[codes.index(region)] = [shares[m] for m in MATERIALS]
    if problems:
        raise DocumentError(path, problems)
    return out


def _regional_table(
    rows: list[RegionalParamRow], codes: tuple[str, ...], path: Path
) -> dict[str, FloatArray]:
    """``parameter -> array(R)`` from ``regional.csv``; every region needs every parameter."""
    problems: list[tuple[str, str]] = []
    table = {p: np.full(len(codes), np.nan) for p in REGIONAL_PARAMETERS}
    for i, r in enumerate(rows):
        unit = REGIONAL_PARAMETERS.get(r.parameter)
        if r.region not in codes:
            problems.append((f"[{i}].region", f"unknown region {r.region!r} "
                             "(see regions.csv for the codes)"))
        elif unit is None:
            problems.append((f"[{i}].parameter", f"unknown parameter {r.parameter!r}; known: "
                             f"{', '.join(REGIONAL_PARAMETERS)}"))
        elif r.unit != unit:
            problems.append((f"[{i}].unit", f"{r.parameter} is in {unit!r}, got {r.unit!r}"))
        elif r.value < 0 or (unit == "fraction" and r.value > 1):
            problems.append((f"[{i}].value", f"{r.parameter} of {r.region} must be "
                             f"{'in [0, 1]' if unit == 'fraction' else '>= 0'}, got {r.value}"))
        elif not np.isnan(table[r.parameter][codes.index(r.region)]):
            problems.append((f"[{i}]", f"duplicate row for {r.region}/{r.parameter}"))
        else:
            table[r.parameter][codes.index(r.region)] = r.value
    if not problems:
        for p, arr in table.items():
            missing = [c for c, v in zip(codes, arr, strict=True) if np.isnan(v)]
            if missing:
                problems.append(("", f"parameter {p!r} missing for {', '.join(missing)}; add a "
                                 "row for each region"))
    if problems:
        raise DocumentError(path, problems)
    return table


def _check_doc(doc: DatasetDoc, path: Path) -> None:
    problems: list[tuple[str, str]] = []
    if doc.years.end < doc.years.start:
        problems.append(("years.end", "must not be before years.start"))
    if not doc.years.start <= doc.base_year <= doc.years.end:
        problems.append(("base_year", "must lie within the years horizon"))
    for field in ("kz_targets", "eu_recycling_targets", "eu_landfill_cap", "eu_packaging_targets"):
        anchors: list[Anchor] = getattr(doc, field)
        problems.extend(_anchor_materials(anchors, field))
    seen: dict[str, float] = {}
    for i, ps in enumerate(doc.packaging_share):
        if ps.material not in MATERIALS:
            problems.append((f"packaging_share[{i}].material", _unknown_material(ps.material)))
            continue
        seen[ps.material] = seen.get(ps.material, 0.0) + ps.share
        if seen[ps.material] > 1.0 + _COMPOSITION_TOL:
            problems.append((f"packaging_share[{i}].share",
                             f"packaging shares of {ps.material} sum to "
                             f"{seen[ps.material]:.4g} > 1"))
    if problems:
        raise DocumentError(path, problems)


def _anchor_materials(anchors: list[Anchor], field: str) -> list[tuple[str, str]]:
    return [
        (f"{field}[{i}].material", _unknown_material(a.material))
        for i, a in enumerate(anchors)
        if a.material is not None and a.material not in MATERIALS
    ]


def _unknown_material(name: str | None) -> str:
    return f"unknown material {name!r}; known materials: {', '.join(MATERIALS)}"


def _check_regions(rows: tuple[RegionRow, ...], path: Path) -> None:
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, r in enumerate(rows):
        if r.code == NATIONAL:
            problems.append((f"[{i}].code", f"{NATIONAL!r} is reserved for the national total"))
        if r.code in seen:
            problems.append((f"[{i}].code", f"duplicate region code {r.code!r}"))
        seen.add(r.code)
    if problems:
        raise DocumentError(path, problems)


def _material_table(rows: list[MaterialParamRow], path: Path) -> dict[str, FloatArray]:
    problems: list[tuple[str, str]] = []
    table = {p: np.full(len(MATERIALS), np.nan) for p in MATERIAL_PARAMETERS}
    for i, r in enumerate(rows):
        if r.material not in MATERIALS:
            problems.append((f"[{i}].material", _unknown_material(r.material)))
        elif r.parameter not in table:
            problems.append((f"[{i}].parameter", f"unknown parameter {r.parameter!r}; known: "
                             f"{', '.join(MATERIAL_PARAMETERS)}"))
        elif r.value < 0 or (r.parameter in _FRACTION_PARAMS and r.value > 1):
            problems.append((f"[{i}].value", f"{r.parameter} of {r.material} must be "
                             f"{'in [0, 1]' if r.parameter in _FRACTION_PARAMS else '>= 0'}"
                             f", got {r.value}"))
        elif not np.isnan(table[r.parameter][MATERIALS.index(r.material)]):
            problems.append((f"[{i}]", f"duplicate row for {r.material}/{r.parameter}"))
        else:
            table[r.parameter][MATERIALS.index(r.material)] = r.value
    for p, arr in table.items():
        missing = [m for m, v in zip(MATERIALS, arr, strict=True) if np.isnan(v)]
        if missing and not problems:
            problems.append(("", f"parameter {p!r} missing for {', '.join(missing)}"))
    total = float(np.nansum(table["composition"]))
    if not problems and abs(total - 1.0) > _COMPOSITION_TOL:
        problems.append(("composition",
                         f"composition shares sum to {total:.6g}; they must sum to 1"))
    if problems:
        raise DocumentError(path, problems)
    return table


def _check_observed(rows: list[ObservedRow], regions: set[str], path: Path) -> None:
    problems: list[tuple[str, str]] = []
    for i, r in enumerate(rows):
        if r.region != NATIONAL and r.region not in regions:
            problems.append((f"[{i}].region", f"unknown region {r.region!r}"))
        if r.value < 0:
            problems.append((f"[{i}].value", f"must be >= 0 (negative {r.unit}), got {r.value}"))
        if r.uncertainty is not None and r.uncertainty < 0:
            problems.append((f"[{i}].uncertainty", "must be >= 0"))
    if problems:
        raise DocumentError(path, problems)
