"""Constituent transport: after each timestep's allocation, the dissolved mass follows the water.

Over the compiled network (junctions, arcs, storages) every junction ``j`` gets one
unknown concentration ``c_j`` per constituent and one mass balance, solved for all
junctions at once (return-flow loops included) as a sparse linear system::

    c_j · D_j − Σ_{arcs a: i → j} dt · g_a · k_a · x_a · c_i = M_old,j + dt · (external mass into j)

- a junction without storage mixes completely: ``D_j = dt · Σ_{a out of j} x_a`` (all the water
  leaving it), so ``c_j`` is the concentration of what arrives;
- a storage (reservoir, lake, aquifer) is fully mixed, implicit in time: ``D_j = V_new,j + dt ·
  Σ k_a x_a`` over its outflows, so evaporation (``k = 0``) leaves its salt behind and a terminal
  lake concentrates; ``c_j`` is the end-of-step concentration and ``M_new = c_j · V_new``;
- an arc carries ``k_a · x_a · c_i`` (``k = 0`` for evaporation and consumptive use, 1 for water,
  ``> 1`` for a leaching return flow); its loss ``(1 − g_a)`` leaves the network with the same
  concentration; a return flow with a given concentration carries that instead;
- what a junction keeps back (consumptive use's salt; the difference between a given return
  concentration and what was applied; the salt of a storage that dries out) goes to the node's
  *store* (soil or aquifer under the irrigated area, salt crust).

Every constituent's mass balance (in − out − Δstorage − Δstore = 0) is checked each step with the
water balance's tolerance. Concentrations are in g/L, masses in (internal volume × g/L).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from arna.engine.balance import SCALE_FLOOR, TOLERANCE
from arna.engine.csr import CSR
from arna.errors import BalanceError
from arna.network.ir import OUTSIDE, LinearNetwork
from arna.network.quality import STATE_KEY, QualityNode

TONNES_PER_HM3_GL = 1000.0
"""1 g/L in 1 hm³ is 10⁶ m³ × 1 kg/m³ = 1000 t."""

DENSE_LIMIT = 300
"""Networks with at most this many junctions are solved densely (batched over scenarios), larger ones sparsely."""

_DRY = 1e-12
"""A junction through which less water than this (internal volume per step) moves is dry: c = 0."""


@dataclass
class QualityHistory:
    """Per-timestep quality results of a run."""

    constituents: list[str]
    nodes: list[str]
    concentration: np.ndarray  # (T, n_c, n_nodes, S) g/L
    load: np.ndarray  # (T, n_c, n_nodes, S) t/day
    store: np.ndarray  # (T, n_c, n_nodes, S) t, cumulative since the start
    has_store: np.ndarray  # (n_nodes,) bool: the node can keep salt back (consumption, evaporation, drainage)
    balance_error: float
    seconds: float


class Transport:
    """Quality state of one run (one block of scenarios); call :meth:`step` after each allocation."""

    def __init__(self, net: LinearNetwork, n_scen: int, values0: np.ndarray, volumes0: np.ndarray) -> None:
        if net.quality is None:
            raise ValueError(f"model '{net.name}' has no quality section")
        self.net, self.q, self.n_s = net, net.quality, n_scen
        q, n_j, n_c = self.q, len(net.junctions), len(self.q.constituents)
        self.n_j, self.n_c = n_j, n_c
        arcs = net.arcs
        self.src = np.array([a.source for a in arcs], dtype=np.intp)
        self.tgt = np.array([a.target for a in arcs], dtype=np.intp)
        self.gain = np.array([a.gain for a in arcs], dtype=float)
        self.gain_dyn = [(i, a.gain_param) for i, a in enumerate(arcs) if a.gain_param is not None]
        fixed = np.zeros(len(arcs), dtype=bool)
        fixed[list(q.fixed)] = True
        real = [s for s in net.storages if not s.virtual]
        self.storage_junction = np.array([s.row for s in real], dtype=np.intp)
        self.storage_pos = np.array([i for i, s in enumerate(net.storages) if not s.virtual], dtype=np.intp)
        is_storage = np.zeros(n_j + 1, dtype=bool)
        is_storage[self.storage_junction] = True
        inside = (self.src != OUTSIDE)
        # water counted in D_j: all of it at a mixing junction, what carries salt at a storage
        self.weight = np.where(is_storage[np.where(inside, self.src, n_j)], q.factor, 1.0)
        self.out_arcs = np.flatnonzero(inside)
        self.evap_arcs = np.flatnonzero(inside & is_storage[np.where(inside, self.src, n_j)] & (q.factor == 0))
        self.internal = np.flatnonzero(inside & (self.tgt != OUTSIDE) & ~fixed)
        self.exit_arcs = np.flatnonzero(inside & (self.tgt == OUTSIDE) & (q.factor > 0) & ~fixed)
        self.fixed_arcs = np.flatnonzero(fixed)
        self.out_is_fixed = fixed[self.out_arcs]
        self.is_fixed = fixed
        self._sources(values0)
        self._pattern()
        self.mass = np.zeros((n_c, len(real), n_scen))
        for k in range(n_c):
            for st, ref in q.initial[k].items():
                pos = int(np.searchsorted(self.storage_pos, st))
                self.mass[k, pos] = values0[ref] * volumes0[st]
        self.last = np.zeros((n_c, n_j, n_scen))
        for k in range(n_c):  # before the first step: storages at their initial concentration
            for st, ref in q.initial[k].items():
                self.last[k, net.storages[st].row] = values0[ref]
        self.store_j = np.zeros((n_c, n_j, n_scen))
        self.max_error = 0.0
        self.where: tuple[int, int, int] | None = None
        self.seconds = 0.0
        self._recording(len(net.timesteps))

    def _recording(self, n_t: int) -> None:
        nodes = self.q.nodes
        self.node_junction = np.array([n.junction for n in nodes], dtype=np.intp)
        flows = [(i, n.flow) for i, n in enumerate(nodes) if n.flow is not None]
        nf = [self.net.node_flows[f] for _, f in flows]
        rows = [(r, c, v) for r, f in enumerate(nf) for c, v in f.columns]
        prow = [(r, p, v) for r, f in enumerate(nf) for p, v in f.params]
        self.flow_nodes = np.array([i for i, _ in flows], dtype=np.intp)
        self.flow_cols = _csr(rows, len(nf), self.net.n_columns)
        self.flow_pars = _csr(prow, len(nf), len(self.net.params))
        self.store_map = _csr([(i, j, 1.0) for i, n in enumerate(nodes) for j in n.store], len(nodes), self.n_j)
        shape = (n_t, self.n_c, len(nodes), self.n_s)
        self.conc_hist, self.load_hist, self.store_hist = np.zeros(shape), np.zeros(shape), np.zeros(shape)
        self.has_store = self._can_keep(nodes)

    def _can_keep(self, nodes: list[QualityNode]) -> np.ndarray:
        """Nodes that can keep salt back (a structural choice, so every scenario block reports the same series):
        those with consumptive use, evaporation, a given or leaching return flow."""
        keeps = np.zeros(self.n_j, dtype=bool)
        special = np.flatnonzero((self.q.factor != 1.0) | self.is_fixed)
        keeps[self.src[special][self.src[special] != OUTSIDE]] = True
        return np.array([keeps[n.store].any() for n in nodes], dtype=bool)

    def _sources(self, values0: np.ndarray) -> None:
        q = self.q
        del values0
        self.inflow_rows = [np.array(sorted(d), dtype=np.intp) for d in q.junction_conc]
        self.inflow_param = [np.array([net_p for _, net_p in sorted(d.items())], dtype=np.intp)
                             for d in q.junction_conc]
        self.inflow_flow = [np.array([self._inflow_ref(j) for j in rows], dtype=np.intp) for rows in self.inflow_rows]
        self.arc_rows = [np.array(sorted(d), dtype=np.intp) for d in q.arc_conc]
        self.arc_param = [np.array([p for _, p in sorted(d.items())], dtype=np.intp) for d in q.arc_conc]
        self.given = [dict(d) for d in q.arc_conc]

    def _inflow_ref(self, j: int) -> int:
        ref = self.net.junctions[j][1]
        if ref is None:
            raise ValueError(f"junction {self.net.junctions[j][0]} has no inflow")
        return ref

    def _pattern(self) -> None:
        """Row and column indices of the block-diagonal matrix (one block per scenario), fixed for the run."""
        n_j, n_s, m = self.n_j, self.n_s, len(self.internal)
        offs = np.arange(n_s) * n_j
        self.rows = np.concatenate([(self.tgt[self.internal][None, :] + offs[:, None]).ravel(),
                                    np.arange(n_j * n_s)])
        self.cols = np.concatenate([(self.src[self.internal][None, :] + offs[:, None]).ravel(),
                                    np.arange(n_j * n_s)])
        self.n_off = m * n_s
        self.off_flat = self.tgt[self.internal] * n_j + self.src[self.internal]
        self.diag_flat = np.arange(n_j) * (n_j + 1)

    # -------------------------------------------------------------------------------------
    def state(self) -> dict[str, np.ndarray]:
        """What dynamic parameters (limits) read: the last step's concentrations (the last wet one where dry)."""
        return {STATE_KEY: self.last}

    def step(self, t: int, x: np.ndarray, values: np.ndarray, v_old: np.ndarray, v_new: np.ndarray,
             dt: float) -> np.ndarray:
        """Move the constituents for timestep ``t``; returns concentrations ``(n_c, n_junctions, S)``.

        ``v_old`` is not read (storage masses are carried over), but kept for symmetry with the water
        balance's check.
        """
        del v_old
        t0 = time.perf_counter()
        gain = np.repeat(self.gain[:, None], self.n_s, axis=1)
        for i, p in self.gain_dyn:
            gain[i] = values[p]
        vol_new = v_new[self.storage_pos]
        diag, dry, evap = self._diagonal(x, vol_new, dt)
        into = dt * gain[self.internal] * self.q.factor[self.internal, None] * x[self.internal]  # (m, S)
        into_dry = dry[self.tgt[self.internal]]
        off = np.where(into_dry, 0.0, -into)
        rhs = self._rhs(x, values, gain, dt)
        deposit = np.where(dry[None], rhs, 0.0)
        rhs = np.where(dry[None], 0.0, rhs)
        sol = self._solve(off, diag, rhs)
        c: np.ndarray = np.maximum(sol, 0.0)
        if into_dry.any():  # what still trickles into a dry junction stays there as a deposit
            for k in range(self.n_c):
                m = np.where(into_dry, into * c[k][self.src[self.internal]], 0.0)
                np.add.at(deposit[k], self.tgt[self.internal], m)
        self._account(t, c, x, values, gain, dt, vol_new, deposit, evap)
        self.last = np.where(dry[None], self.last, c)  # a dry junction keeps its last concentration for limits
        self._record(t, c, x, values)
        self.seconds += time.perf_counter() - t0
        return c

    def _solve(self, off: np.ndarray, diag: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        """Concentrations ``(n_c, J, S)``: dense batched solves for small networks, one sparse LU otherwise."""
        n, n_s = self.n_j, self.n_s
        if n <= DENSE_LIMIT:
            a = np.zeros((n_s, n * n))
            a[:, self.diag_flat] = diag.T
            np.add.at(a, (np.arange(n_s)[:, None], self.off_flat[None, :]), off.T)
            b = rhs.transpose(2, 1, 0)  # (S, J, n_c)
            return np.linalg.solve(a.reshape(n_s, n, n), b).transpose(2, 1, 0)
        from scipy import sparse  # only here: scipy's import costs every run ~0.1 s
        from scipy.sparse.linalg import splu

        data = np.concatenate([off.T.ravel(), diag.T.ravel()])
        mat = sparse.csc_matrix((data, (self.rows, self.cols)), shape=(n * n_s,) * 2)
        flat = rhs.transpose(0, 2, 1).reshape(self.n_c, -1).T  # (J·S, n_c), scenario-major
        sol = splu(mat).solve(np.ascontiguousarray(flat))
        return np.asarray(sol.T.reshape(self.n_c, n_s, n).transpose(0, 2, 1))

    def _diagonal(self, x: np.ndarray, vol_new: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        diag = np.zeros((self.n_j, self.n_s))
        np.add.at(diag, self.src[self.out_arcs], dt * self.weight[self.out_arcs, None] * x[self.out_arcs])
        diag[self.storage_junction] += vol_new
        evap = np.zeros((self.n_j, self.n_s))
        np.add.at(evap, self.src[self.evap_arcs], dt * x[self.evap_arcs])
        dried = diag <= _DRY  # a storage left without water: its salt stays behind as a deposit
        diag = np.where(dried, diag + evap, diag)
        dry = diag <= _DRY
        evap = np.where(dried & ~dry, evap, 0.0)
        return np.where(dry, 1.0, diag), dry, evap

    def _rhs(self, x: np.ndarray, values: np.ndarray, gain: np.ndarray, dt: float) -> np.ndarray:
        """Known mass entering each junction ``(n_c, J, S)``: inflows, given returns, storage at the start."""
        rhs = np.zeros((self.n_c, self.n_j, self.n_s))
        for k in range(self.n_c):
            rows = self.inflow_rows[k]
            if len(rows):
                np.add.at(rhs[k], rows, dt * values[self.inflow_flow[k]] * values[self.inflow_param[k]])
            arcs = self.arc_rows[k]
            if len(arcs):
                m = dt * gain[arcs] * x[arcs] * values[self.arc_param[k]]
                np.add.at(rhs[k], self.tgt[arcs], m)
            rhs[k, self.storage_junction] += self.mass[k]
        return rhs

    def _account(self, t: int, c: np.ndarray, x: np.ndarray, values: np.ndarray, gain: np.ndarray, dt: float,
                 vol_new: np.ndarray, deposit: np.ndarray, evap: np.ndarray) -> None:
        """New storage masses, stores, and the mass balance of every constituent."""
        carrying = np.r_[self.internal, self.fixed_arcs].astype(np.intp)
        for k in range(self.n_c):
            ck = c[k]
            old = self.mass[k].sum(axis=0)
            new_mass = ck[self.storage_junction] * vol_new
            ext = self._external(k, x, values, gain, dt)
            out = (dt * self.q.factor[self.exit_arcs, None] * x[self.exit_arcs]
                   * ck[self.src[self.exit_arcs]]).sum(axis=0)
            lost = ((1.0 - gain[carrying]) * self._carried(k, carrying, ck, x, values, dt)).sum(axis=0)
            kept = self._kept(k, ck, x, values, dt) + deposit[k] + evap * ck
            self.store_j[k] += kept
            total_new, total_kept = new_mass.sum(axis=0), kept.sum(axis=0)
            err = ext + old - out - lost - total_new - total_kept
            scale = ext + old + out + lost + total_new + np.abs(kept).sum(axis=0)
            rel = np.abs(err) / np.maximum(scale, SCALE_FLOOR)
            rel[~np.isfinite(rel)] = np.inf
            s = int(np.argmax(rel))
            if rel[s] > self.max_error:
                self.max_error, self.where = float(rel[s]), (t, k, s)
            self.mass[k] = new_mass

    def _external(self, k: int, x: np.ndarray, values: np.ndarray, gain: np.ndarray, dt: float) -> np.ndarray:
        """Mass arriving from outside the network (inflows, recharge, sources)."""
        ext = np.zeros(self.n_s)
        if len(self.inflow_rows[k]):
            ext += (dt * values[self.inflow_flow[k]] * values[self.inflow_param[k]]).sum(axis=0)
        arcs = self.arc_rows[k]
        from_out = self.src[arcs] == OUTSIDE
        if from_out.any():
            a = arcs[from_out]
            ext += (dt * gain[a] * x[a] * values[self.arc_param[k][from_out]]).sum(axis=0)
        return ext

    def _carried(self, k: int, arcs: np.ndarray, ck: np.ndarray, x: np.ndarray, values: np.ndarray,
                 dt: float) -> np.ndarray:
        """Mass entering each arc (before its loss) ``(len(arcs), S)``."""
        m: np.ndarray = dt * self.q.factor[arcs, None] * x[arcs] * ck[self.src[arcs]]
        given = self.given[k]
        for pos in np.flatnonzero(self.is_fixed[arcs]):
            m[pos] = dt * x[arcs[pos]] * values[given[int(arcs[pos])]]
        return m

    def _kept(self, k: int, ck: np.ndarray, x: np.ndarray, values: np.ndarray, dt: float) -> np.ndarray:
        """Mass each junction keeps back this step ``(J, S)``: consumptive use, given returns, leaching."""
        kept = np.zeros((self.n_j, self.n_s))
        arcs = self.out_arcs
        diff = (self.weight[arcs] - self.q.factor[arcs])[:, None] * x[arcs] * dt * ck[self.src[arcs]]
        is_fixed = self.out_is_fixed
        if is_fixed.any():
            fa = arcs[is_fixed]
            diff[is_fixed] = dt * x[fa] * ck[self.src[fa]] - self._carried(k, fa, ck, x, values, dt)
        np.add.at(kept, self.src[arcs], diff)
        return kept

    def _record(self, t: int, c: np.ndarray, x: np.ndarray, values: np.ndarray) -> None:
        tonnes = TONNES_PER_HM3_GL * self.q.hm3_per_unit
        flow = np.asarray(self.flow_cols @ x + self.flow_pars @ values)  # internal volume per day
        for k in range(self.n_c):
            self.conc_hist[t, k] = c[k][self.node_junction]
            self.load_hist[t, k, self.flow_nodes] = flow * self.conc_hist[t, k, self.flow_nodes] * tonnes
            self.store_hist[t, k] = np.asarray(self.store_map @ self.store_j[k]) * tonnes

    def history(self) -> QualityHistory:
        """The run's quality results (call after the last step)."""
        return QualityHistory(self.q.constituents, [n.name for n in self.q.nodes], self.conc_hist,
                              self.load_hist, self.store_hist, self.has_store, self.max_error, self.seconds)

    def raise_if_open(self) -> None:
        if self.max_error <= TOLERANCE or self.where is None:
            return
        t, k, s = self.where
        raise BalanceError(
            f"model '{self.net.name}': the mass balance of '{self.q.constituents[k]}' does not close at "
            f"timestep {t} ({self.net.timesteps[t].date()}), scenario {s}: relative error {self.max_error:.3e} > "
            f"{TOLERANCE:g}. This is a bug in Arna; please report it with the model."
        )


def _csr(entries: list[tuple[int, int, float]], n: int, width: int) -> CSR:
    return CSR.from_entries(entries, (n, width))
