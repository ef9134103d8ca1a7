"""The water balance of every timestep and scenario: inflows − outflows − losses − Δstorage = 0."""

from __future__ import annotations

import numpy as np

from arna.engine.assemble import Layout
from arna.engine.csr import CSR
from arna.errors import BalanceError
from arna.network.ir import LinearNetwork

TOLERANCE = 1e-9
SCALE_FLOOR = 1.0
"""Errors are relative to the water moved in a timestep (flow units: hm³/day for Arna documents),
or to 1 flow unit when less moves — so a nearly dry step is held to 1e-9 flow units absolute."""


def balance_terms(
    layout: Layout, net: LinearNetwork, x: np.ndarray, values: np.ndarray,
    v_prev: np.ndarray, v_new: np.ndarray, dt: float,
) -> dict[str, np.ndarray]:
    """The terms of the balance for one timestep, each ``(S,)`` in flow units.

    Computed from the arcs' meaning (where they come from and go to), not
    from the LP rows, so that it checks the LP rather than repeats it.
    """
    inflow = x[layout.source_arcs].sum(axis=0) + values[layout.junction_inflow_param].sum(axis=0)
    outflow = x[layout.sink_arcs].sum(axis=0)
    gains = np.repeat(layout.lossy_gain[:, None], x.shape[1], axis=1)
    for k, p in layout.lossy_dynamic:
        gains[k] = values[p]
    loss = ((1.0 - gains) * x[layout.lossy_arcs]).sum(axis=0)
    real = layout.real_storages
    change = (v_new[real] - v_prev[real]).sum(axis=0) / dt
    return {"inflow": inflow, "outflow": outflow, "loss": loss, "storage_change": change}


class BalanceTracker:
    """Keeps the worst relative balance error of a run and where it happened."""

    def __init__(self, layout: Layout, net: LinearNetwork) -> None:
        self.layout = layout
        self._net = net
        self.max_error = 0.0
        self.where: tuple[int, int] | None = None
        self.detail: dict[str, float] = {}
        # water in, out and lost: three long rows, so a dense product (a sparse one adds entry by entry)
        self._flow_map = None if layout.lossy_dynamic else _flow_terms(layout, x_rows=net.n_columns)
        self._flows = None if self._flow_map is None else self._flow_map.toarray()

    @property
    def composable(self) -> bool:
        """True when the check reads the columns through one matrix (:meth:`compose` can then apply)."""
        return self._flows is not None

    def compose(self, expansion: CSR) -> None:
        """Check from the LP's own columns: ``expansion`` maps them to the network's columns."""
        assert self._flow_map is not None
        self._flow_map = self._flow_map @ expansion
        self._flows = self._flow_map.toarray()

    def _terms(self, x: np.ndarray, values: np.ndarray, v_prev: np.ndarray, v_new: np.ndarray,
               dt: float) -> dict[str, np.ndarray]:
        """:func:`balance_terms`; with every gain fixed for the run, the arc terms are one (dense) product."""
        if self._flows is None:
            return balance_terms(self.layout, self._net, x, values, v_prev, v_new, dt)
        lay = self.layout
        inflow, outflow, loss = self._flows @ x
        real = lay.real_storages
        return {"inflow": inflow + values[lay.junction_inflow_param].sum(axis=0), "outflow": outflow,
                "loss": loss, "storage_change": (v_new[real] - v_prev[real]).sum(axis=0) / dt}

    def check(
        self, t: int, x: np.ndarray, values: np.ndarray, v_prev: np.ndarray, v_new: np.ndarray, dt: float
    ) -> None:
        terms = self._terms(x, values, v_prev, v_new, dt)
        err = terms["inflow"] - terms["outflow"] - terms["loss"] - terms["storage_change"]
        scale = terms["inflow"] + terms["outflow"] + terms["loss"] + np.abs(terms["storage_change"])
        rel = np.abs(err) / np.maximum(scale, SCALE_FLOOR)
        rel[~np.isfinite(rel)] = np.inf  # a NaN must fail the check, not slip past every comparison
        k = int(np.argmax(rel))
        if rel[k] > self.max_error:
            self.max_error = float(rel[k])
            self.where = (t, k)
            self.detail = {name: float(v[k]) for name, v in terms.items()}

    def raise_if_open(self, net: LinearNetwork, scenarios: list[int] | None = None) -> None:
        if self.max_error <= TOLERANCE or self.where is None:
            return
        t, k = self.where
        s = scenarios[k] if scenarios else k
        raise BalanceError(
            f"model '{net.name}': the water balance does not close at timestep {t} "
            f"({net.timesteps[t].date()}), scenario '{net.scenarios[s]}': relative error "
            f"{self.max_error:.3e} > {TOLERANCE:g} (terms: {self.detail}). This is a bug in Arna; "
            "please report it with the model."
        )


def _flow_terms(layout: Layout, x_rows: int) -> CSR:
    """Rows: water in from outside, out to outside, lost on the way — each a sum over the arcs (``x_rows``
    columns of the network) with the weights :func:`balance_terms` uses."""
    entries = ([(0, int(j), 1.0) for j in layout.source_arcs] + [(1, int(j), 1.0) for j in layout.sink_arcs]
               + [(2, int(j), float(1.0 - g)) for j, g in zip(layout.lossy_arcs, layout.lossy_gain, strict=True)])
    return CSR.from_entries(entries, (3, x_rows))
