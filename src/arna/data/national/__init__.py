"""Kazakhstan's national water balance: basins, transboundary inflows, withdrawals by sector.

The figures live in CSV files and ``national.yaml`` next to this module, each row with
its ``source`` and ``status`` (``cited``, ``D`` derived, ``E`` estimate, ``U``
unverified); see ``SOURCES.md``. :func:`load_national_balance` reads and checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from arna.errors import DocumentError

STATUSES = frozenset({"cited", "D", "E", "U"})

_COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    # file: (numeric columns, text columns)
    "basins.csv": (["mean_resource_km3", "formed_outside_km3"], ["basin", "status", "source", "note"]),
    "inflows.csv": (["inflow_km3", "newer_estimate_km3"], ["country", "status", "source"]),
    "withdrawals.csv": (["recent_km3", "share_2010_pct"], ["sector", "status", "source"]),
}
_TOTALS = ("surface_runoff_km3", "internal_runoff_km3", "transboundary_inflow_km3", "withdrawal_recent_km3")


def national_dir() -> Path:
    return Path(__file__).resolve().parent


@dataclass(frozen=True)
class NationalBalance:
    """The national tables and headline totals."""

    basins: pd.DataFrame
    inflows: pd.DataFrame
    withdrawals: pd.DataFrame
    totals: dict[str, dict[str, Any]]

    def total(self, key: str) -> float:
        return float(self.totals[key]["value"])

    def tables(self) -> dict[str, pd.DataFrame]:
        """Tables to print: basins (formed inside vs outside), inflows by country, withdrawals by sector."""
        b = self.basins
        basins = pd.DataFrame({
            "basin": b.basin,
            "resource km³/yr": b.mean_resource_km3,
            "formed outside": b.formed_outside_km3,
            "formed in KZ": b.formed_inside_km3,
            "outside %": 100.0 * b.formed_outside_km3 / b.mean_resource_km3,
            "status": b.status,
            "source": b.source,
        })
        basins = _with_total(basins, ["total", float(b.mean_resource_km3.sum()), float(b.formed_outside_km3.sum()),
                                          float(b.formed_inside_km3.sum()),
                                          100.0 * float(b.formed_outside_km3.sum() / b.mean_resource_km3.sum())])
        i = self.inflows
        inflows = pd.DataFrame({"country": i.country, "inflow km³/yr": i.inflow_km3,
                                "newer estimate": i.newer_estimate_km3, "status": i.status, "source": i.source})
        inflows = _with_total(inflows, ["total", float(i.inflow_km3.sum()), float(i.newer_estimate_km3.sum())])
        w = self.withdrawals
        withdrawals = pd.DataFrame({"sector": w.sector, "recent km³/yr": w.recent_km3,
                                    "2010 share %": w.share_2010_pct, "status": w.status, "source": w.source})
        withdrawals = _with_total(withdrawals, ["total", float(w.recent_km3.sum()), float(w.share_2010_pct.sum())])
        return {
            "Water-management basins: mean resources and where they form": basins,
            "Transboundary inflow by country of origin": inflows,
            "Withdrawals by sector": withdrawals,
        }

    def notes(self) -> list[str]:
        t = self.totals
        lines = [f"{key.replace('_', ' ')}: {v['value']} ({v['status']}; {v['source']})" for key, v in t.items()]
        return [*lines, "sources and status codes: arna/data/national/SOURCES.md (cited, D derived, E estimate, "
                        "U unverified)"]


def _with_total(frame: pd.DataFrame, values: list[str | float]) -> pd.DataFrame:
    """``frame`` with a last row: ``values`` then status ``D`` and source "sum of the rows"."""
    row = pd.DataFrame([[*values, "D", "sum of the rows"]], columns=frame.columns)
    return pd.concat([frame, row], ignore_index=True)


def _problem(path: Path, where: str, message: str) -> DocumentError:
    return DocumentError(path, [(where, message)])


def _read_table(path: Path) -> pd.DataFrame:
    numeric, text = _COLUMNS[path.name]
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise _problem(path, "", "file not found") from None
    except (OSError, ValueError) as exc:
        raise _problem(path, "", f"cannot read the table: {exc}") from None
    missing = [c for c in numeric + text if c not in frame.columns]
    if missing:
        raise _problem(path, "", f"missing column(s): {', '.join(missing)}")
    for row, rec in frame.iterrows():
        where = f"row {int(str(row)) + 2}"
        for c in numeric:
            try:
                value = float(rec[c])
            except ValueError:
                raise _problem(path, f"{where}.{c}", f"'{rec[c]}' is not a number") from None
            if not value >= 0:
                raise _problem(path, f"{where}.{c}", f"must be zero or more (got {value})")
        if rec["status"] not in STATUSES:
            raise _problem(path, f"{where}.status", f"'{rec['status']}' is not one of {', '.join(sorted(STATUSES))}")
        if not rec["source"].strip():
            raise _problem(path, f"{where}.source", "every figure needs a source")
    for c in numeric:
        frame[c] = frame[c].astype(float)
    return frame


def load_national_balance(folder: str | Path | None = None) -> NationalBalance:
    """Read and check the national balance (the bundled one by default)."""
    root = Path(folder) if folder is not None else national_dir()
    basins = _read_table(root / "basins.csv")
    inflows = _read_table(root / "inflows.csv")
    withdrawals = _read_table(root / "withdrawals.csv")
    path = root / "national.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _problem(path, "", "file not found") from None
    except yaml.YAMLError as exc:
        raise _problem(path, "", f"malformed YAML: {exc}") from None
    totals = data.get("totals") if isinstance(data, dict) else None
    if not isinstance(totals, dict):
        raise _problem(path, "totals", "a mapping of headline figures is required")
    for key in _TOTALS:
        if key not in totals:
            raise _problem(path, f"totals.{key}", "required")
    for key, v in totals.items():
        if not isinstance(v, dict) or not isinstance(v.get("value"), int | float) or not v.get("source") \
                or v.get("status") not in STATUSES:
            raise _problem(path, f"totals.{key}", "give value (a number), status (cited, D, E or U) and source")
    if (basins.formed_outside_km3 > basins.mean_resource_km3).any():
        bad = basins.basin[basins.formed_outside_km3 > basins.mean_resource_km3].tolist()
        raise _problem(root / "basins.csv", "formed_outside_km3", f"larger than the resource for {', '.join(bad)}")
    if len(basins) != 8:
        raise _problem(root / "basins.csv", "",
                       f"Kazakhstan has 8 water-management basins; the table has {len(basins)}")
    basins["formed_inside_km3"] = basins.mean_resource_km3 - basins.formed_outside_km3
    nb = NationalBalance(basins, inflows, withdrawals, totals)
    surface, internal, inflow = (nb.total(k) for k in _TOTALS[:3])
    if abs(internal + inflow - surface) > 0.05:
        raise _problem(path, "totals", f"internal {internal} + inflow {inflow} should equal surface runoff {surface}")
    if abs(float(inflows.inflow_km3.sum()) - inflow) > 0.05:
        raise _problem(root / "inflows.csv", "inflow_km3",
                       f"the countries sum to {inflows.inflow_km3.sum():.2f}, not the total inflow {inflow}")
    return nb


def plot_national_balance(nb: NationalBalance, path: str | Path) -> Path:
    """Draw the three national tables as bar charts (.png or .svg)."""
    from matplotlib.figure import Figure

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fig = Figure(figsize=(13, 4.8), layout="constrained")
    ax1, ax2, ax3 = fig.subplots(1, 3, width_ratios=[2.2, 1, 1])
    b = nb.basins
    ax1.barh(b.basin, b.formed_inside_km3, color="#2f7fb5", label="formed in Kazakhstan")
    ax1.barh(b.basin, b.formed_outside_km3, left=b.formed_inside_km3, color="#e39b3a", label="formed outside")
    ax1.invert_yaxis()
    ax1.set_xlabel("km³/yr")
    ax1.set_title("Mean resources of the 8 basins")
    ax1.legend(loc="lower right", fontsize=8)
    i = nb.inflows
    ax2.bar(i.country, i.inflow_km3, color="#e39b3a")
    ax2.set_ylabel("km³/yr")
    ax2.set_title(f"Inflow by country ({i.inflow_km3.sum():.1f})")
    ax2.tick_params(axis="x", labelrotation=30)
    w = nb.withdrawals
    ax3.bar(w.sector, w.recent_km3, color="#5a9e5a")
    ax3.set_ylabel("km³/yr")
    ax3.set_title(f"Withdrawals ({w.recent_km3.sum():.1f} km³/yr)")
    fig.suptitle("Kazakhstan national water balance (sources: arna/data/national/SOURCES.md)", fontsize=10)
    fig.savefig(p)
    return p
