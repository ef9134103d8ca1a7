"""The water balance of a run, per scenario: what came in, what was taken, lost, stored and left.

Every term is a volume over the run (hm³) and a mean annual volume (km³/yr); ``sign`` says how
it enters the balance (+1 in, −1 out, 0 a memo line already counted in another term)::

      inflow + recharge + return flows
    − withdrawals (by demand sector, at the source, supply losses included)
    − conveyance losses (reach, canal and loss-link losses)
    − evaporation − seepage − aquifer overflow
    − outflow (to terminals, borders and sinks with no downstream edge; a terminal that drains into
      its lake is not an outflow)
    − storage change (reservoirs, aquifers, storages: final − initial volume)
    = closure  (zero within the solver's precision)

Memo lines: ``supply_loss`` (the part of withdrawals lost on the supply links), ``delivered``
and ``consumed`` at the demands. The basin is ``metadata.basin`` if given, else the model name.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from arna.engine.results import Results
from arna.indicators._common import volume_hm3, years
from arna.schema.document import ModelDocument
from arna.schema.quantities import constant_in
from arna.schema.units import Dimension

COLUMNS = ["basin", "scenario", "term", "detail", "sign", "volume_hm3", "km3_per_year"]
STORAGE_KINDS = frozenset({"reservoir", "groundwater", "storage"})
TERMS = ("inflow", "recharge", "return_flow", "withdrawal", "conveyance_loss", "evaporation", "seepage",
         "overflow", "outflow", "storage_change", "supply_loss", "delivered", "consumed")
"""The terms in the order they are listed."""


def initial_volumes(
    doc: ModelDocument, scenarios: list[str], source: str | Path | None = None
) -> dict[str, np.ndarray]:
    """Initial volume (hm³) of every storage node per scenario ``(S,)``.

    Constants are read from the document; anything else (a scenario value, a share of the
    capacity) is evaluated by compiling the document, which reads its data files next to ``source``.
    """
    out: dict[str, np.ndarray] = {}
    pending: list[str] = []
    for n in doc.nodes:
        if n.type not in STORAGE_KINDS:
            continue
        value = getattr(n, "initial_volume", None)
        v = constant_in(value, Dimension.VOLUME) if value is not None else None
        if v is None or doc.units.volume != "hm3":
            pending.append(n.name)
        else:
            out[n.name] = np.full(len(scenarios), v)
    if pending:
        from arna.engine.simulate import StaticValues  # local: compiling is only needed here
        from arna.network.native import compile_document

        net = compile_document(doc, source or "<model>")
        idx = [net.scenarios.index(s) for s in scenarios]
        first = StaticValues(net, idx).at(0)
        from arna.schema.units import static_factor

        to_hm3 = static_factor(doc.units.volume, Dimension.VOLUME)
        for s in net.storages:
            if s.name in pending and not s.virtual:
                out[s.name] = np.asarray(first[s.initial], dtype=float) * to_hm3
    return out


def water_balance(doc: ModelDocument, res: Results, source: str | Path | None = None,
                  initial: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """The balance terms per scenario (see the module docstring), in a long table.

    ``initial`` gives the initial volumes (hm³, per scenario) when known; otherwise they are read
    from the document (see :func:`initial_volumes`).
    """
    n_s = len(res.scenarios)
    terms: list[tuple[str, str, int, np.ndarray]] = []

    def add(term: str, detail: str, sign: int, node: str, attribute: str) -> None:
        if res.has(node, attribute):
            terms.append((term, detail, sign, volume_hm3(res, node, attribute).sum(axis=0)))

    has_down = {a for a, _ in doc.edges}
    for n in doc.nodes:
        t = n.type
        if t in {"inflow", "source"}:
            add("inflow", n.name, 1, n.name, "flow")
        elif t == "groundwater":
            add("recharge", n.name, 1, n.name, "recharge")
            add("overflow", n.name, -1, n.name, "overflow")
        elif t == "demand":
            sector = getattr(n, "sector", "other")
            add("withdrawal", sector, -1, n.name, "withdrawal")
            add("return_flow", sector, 1, n.name, "return_flow")
            add("supply_loss", sector, 0, n.name, "supply_loss")
            add("delivered", sector, 0, n.name, "delivered")
            add("consumed", sector, 0, n.name, "consumed")
        elif t in {"reach", "canal", "diversion"}:
            add("conveyance_loss", t, -1, n.name, "loss")
        elif t == "loss_link" and res.has(n.name, "gross_flow"):
            lost = volume_hm3(res, n.name, "gross_flow") - volume_hm3(res, n.name, "flow")
            terms.append(("conveyance_loss", t, -1, lost.sum(axis=0)))
        if t == "reservoir":
            add("evaporation", n.name, -1, n.name, "evaporation")
            add("seepage", n.name, -1, n.name, "seepage")
        if t in {"terminal", "sink", "border"} and n.name not in has_down:  # a terminal may drain into its lake
            add("outflow", n.name, -1, n.name, "flow")
    stores = [n.name for n in doc.nodes if n.type in STORAGE_KINDS and res.has(n.name, "volume")]
    if stores:
        start = initial if initial is not None else initial_volumes(doc, res.scenarios, source)
        for name in stores:
            end = res.get(name, "volume")[-1] if len(res.timesteps) else np.zeros(n_s)
            terms.append(("storage_change", name, -1, np.asarray(end, dtype=float) - start[name]))
    return _table(doc, res, terms)


def _table(doc: ModelDocument, res: Results, terms: list[tuple[str, str, int, np.ndarray]]) -> pd.DataFrame:
    basin = str(doc.metadata.get("basin") or doc.name)
    n_years = years(res)
    grouped: dict[tuple[str, str, int], np.ndarray] = {}
    for term, detail, sign, v in terms:
        # inflows and outflows keep their node; the others are summed by sector / kind
        key = (term, detail, sign)
        grouped[key] = grouped.get(key, 0.0) + v
    order = {t: i for i, t in enumerate(TERMS)}
    rows = []
    for k, scen in enumerate(res.scenarios):
        for (term, detail, sign), v in sorted(grouped.items(), key=lambda kv: order[kv[0][0]]):
            rows.append({"basin": basin, "scenario": scen, "term": term, "detail": detail, "sign": sign,
                         "volume_hm3": float(v[k]), "km3_per_year": float(v[k]) / 1e3 / n_years})
    return pd.DataFrame(rows, columns=COLUMNS)


def balance_closure(table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: Σ sign × volume (the closure, hm³) and the water moved (Σ |volume| of counted terms)."""
    counted = table[table["sign"] != 0]
    signed = counted["sign"] * counted["volume_hm3"]
    out = pd.DataFrame({"scenario": counted["scenario"], "closure_hm3": signed,
                        "moved_hm3": counted["volume_hm3"].abs()})
    return out.groupby("scenario", sort=False).sum().reset_index()


def balance_by_term(table: pd.DataFrame) -> pd.DataFrame:
    """Mean annual volumes (km³/yr) by term and detail, one column per scenario (for reports)."""
    if table.empty:
        return pd.DataFrame(columns=["term", "detail", "sign"])
    wide = table.pivot_table(index=["term", "detail", "sign"], columns="scenario", values="km3_per_year",
                             aggfunc="sum", sort=False)
    wide = wide[list(dict.fromkeys(table["scenario"]))]
    wide.columns.name = None
    return wide.reset_index()
