"""Multi-site stochastic monthly flows: a seasonal lognormal model with annual persistence.

For site ``i``, calendar year ``y`` and month ``m`` the logarithm of the monthly
mean flow is

    ln Q[i, y, m] = a[i, m] + b[i, m] · X[i, y] + s[i, m] · E[i, y, m]

- ``X`` is a standard normal **annual factor**, a multi-site AR(1):
  ``X_y = Φ X_{y−1} + L ε_y`` with ``Φ = diag(φ)`` and ``L Lᵀ = R − Φ R Φ``, so
  ``Cov(X_y) = R`` (the annual cross-correlation in log space) and each site
  keeps its year-to-year persistence ``φ``.
- ``E`` is a standard normal **monthly noise**, a seasonal multi-site AR(1)
  running through the months across year ends:
  ``E_t = D_t E_{t−1} + M_t ε_t`` with ``D_t = diag(ρ[:, m(t)])``,
  ``M_t M_tᵀ = R − D_t R D_t`` (same cross-correlation as the annual factor).
- ``b = θ v``, ``s = √(1 − θ²) v`` with ``v² = ln(1 + CV_m²)``; ``θ`` is the
  share of each month's log spread that comes from the year as a whole.
- ``a = ln(mean_m) − v²/2`` so the monthly means are kept.

Everything is jointly lognormal, so every statistic of monthly flows and of
annual (day-weighted) means is known in closed form. The parameters ``θ``,
``φ``, ``ρ`` and ``R`` are solved so that the model reproduces, in expectation:
monthly means and CVs, month-to-month lag-one correlations (December → January
too), the CV and lag-one correlation of annual flows, and the cross-site
correlation of annual flows (see :class:`FlowStatistics`). Without monthly CVs
each year's months follow the regime scaled by the year (``θ = 1``); without
monthly lag-one correlations the monthly noise is independent from month to
month (``ρ = 0``). Both are reported as assumptions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from arna.errors import InputError

DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=float)
"""Days per month of a non-leap year: the weights of the annual mean flow."""
WEIGHTS = DAYS / DAYS.sum()
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RHO_MAX = 0.99


@dataclass
class FlowStatistics:
    """What the generator is asked to preserve, for ``n`` sites.

    Attributes
    ----------
    sites:
        Site names (``n``).
    monthly_mean:
        ``(n, 12)`` mean flow of each calendar month (any flow unit; m³/s in Arna's files).
    annual_cv, annual_lag1:
        ``(n,)`` CV and lag-one correlation of annual mean flows.
    correlation:
        ``(n, n)`` correlation of annual mean flows between sites.
    monthly_cv:
        ``(n, 12)`` CV of each calendar month's flow, or ``None`` (months scale with their year).
    monthly_lag1:
        ``(n, 12)`` correlation of month ``m`` with the month before (index 0: December → January),
        or ``None`` (monthly noise independent from month to month).
    sources:
        Where each statistic comes from, for the record.
    """

    sites: list[str]
    monthly_mean: np.ndarray
    annual_cv: np.ndarray
    annual_lag1: np.ndarray
    correlation: np.ndarray
    monthly_cv: np.ndarray | None = None
    monthly_lag1: np.ndarray | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_statistics(self)

    @property
    def annual_mean(self) -> np.ndarray:
        """Day-weighted mean of the monthly means, per site."""
        return np.asarray(self.monthly_mean @ WEIGHTS)


def check_statistics(st: FlowStatistics) -> None:
    """Shapes and ranges; each message names the site and the statistic."""
    n = len(st.sites)
    if n == 0 or len(set(st.sites)) != n:
        raise InputError(f"sites must be named and distinct (got {st.sites})")
    shapes = {"monthly_mean": (st.monthly_mean, (n, 12)), "annual_cv": (st.annual_cv, (n,)),
              "annual_lag1": (st.annual_lag1, (n,)), "correlation": (st.correlation, (n, n)),
              "monthly_cv": (st.monthly_cv, (n, 12)), "monthly_lag1": (st.monthly_lag1, (n, 12))}
    for name, (arr, shape) in shapes.items():
        if arr is not None and (np.shape(arr) != shape or not np.all(np.isfinite(arr))):
            raise InputError(f"{name}: expected {shape} finite values, got shape {np.shape(arr)}")
    for i, site in enumerate(st.sites):
        _check_site(st, i, site)
    check_correlation(st.correlation, st.sites)


def _check_site(st: FlowStatistics, i: int, site: str) -> None:
    if np.any(st.monthly_mean[i] <= 0):
        m = int(np.argmin(st.monthly_mean[i]))
        raise InputError(f"site '{site}': the mean flow of {MONTHS[m]} is {st.monthly_mean[i, m]:g}; "
                         "monthly means must be positive (a lognormal model)")
    if st.annual_cv[i] <= 0:
        raise InputError(f"site '{site}': annual_cv must be positive (got {st.annual_cv[i]:g})")
    if not -1 < st.annual_lag1[i] < 1:
        raise InputError(f"site '{site}': annual_lag1 must lie in (-1, 1) (got {st.annual_lag1[i]:g})")
    if st.monthly_cv is not None and np.any(st.monthly_cv[i] <= 0):
        raise InputError(f"site '{site}': monthly CVs must be positive")
    if st.monthly_lag1 is not None and np.any(np.abs(st.monthly_lag1[i]) >= 1):
        raise InputError(f"site '{site}': monthly lag-one correlations must lie in (-1, 1)")


def check_correlation(corr: np.ndarray, sites: list[str]) -> None:
    """A correlation matrix: symmetric, unit diagonal, entries in [-1, 1], positive definite."""
    if not np.allclose(corr, corr.T, atol=1e-9):
        raise InputError("the correlation matrix must be symmetric")
    if not np.allclose(np.diag(corr), 1.0):
        raise InputError("the correlation matrix must have 1 on its diagonal")
    if np.any(np.abs(corr) > 1):
        raise InputError("correlations must lie in [-1, 1]")
    low = float(np.linalg.eigvalsh(corr)[0]) if len(sites) > 1 else 1.0
    if low <= 1e-10:
        raise InputError(f"the correlation matrix between {', '.join(sites)} is not positive definite "
                         f"(smallest eigenvalue {low:.3g}): the correlations contradict each other; "
                         "lower the largest ones or re-derive them from one common period")


@dataclass
class _Site:
    """Solved parameters of one site."""

    a: np.ndarray  # (12,)
    b: np.ndarray  # (12,)
    s: np.ndarray  # (12,)
    phi: float
    rho: np.ndarray  # (12,) noise lag-one into month m (index 0: Dec → Jan)


@dataclass
class MultiSiteGenerator:
    """A fitted multi-site generator; build it with :meth:`from_statistics`."""

    stats: FlowStatistics
    params: list[_Site]
    log_corr: np.ndarray  # R, (n, n)
    notes: list[str]

    @classmethod
    def from_statistics(cls, stats: FlowStatistics, strict: bool = True) -> MultiSiteGenerator:
        """Solve the model's parameters so that it reproduces ``stats``.

        A statistic the others put out of reach raises :class:`InputError` when ``strict``
        (stated figures); otherwise (figures estimated from a short record) the nearest
        reachable value is used and a note says so.
        """
        notes = _assumptions(stats)
        params = [_solve_site(stats, i, notes, strict) for i in range(len(stats.sites))]
        log_corr = _solve_correlation(stats, params, notes, strict)
        gen = cls(stats, params, log_corr, notes)
        if not strict:
            gen._ease_correlation()
        gen._annual_innovation()  # fail early when persistence and correlation contradict
        gen._check_monthly_innovations()
        return gen

    def _check_monthly_innovations(self) -> None:
        rho = np.stack([p.rho for p in self.params])
        short = [MONTHS[m] for m in range(12)
                 if np.linalg.eigvalsh(self.log_corr - np.outer(rho[:, m], rho[:, m]) * self.log_corr)[0] < -1e-9]
        if short:
            self.notes.append(f"in {', '.join(short)} the monthly departures cannot keep the full cross-correlation "
                              "with such different month-to-month persistence; it is lowered there, and the "
                              "cross-correlations come out a little below the ones given")

    def _ease_correlation(self) -> None:
        """Shrink the cross-correlation until it fits the sites' persistence (estimated figures only)."""
        phi = np.diag([p.phi for p in self.params])
        base = self.log_corr
        for scale in np.linspace(1.0, 0.0, 41):
            corr = np.eye(len(base)) + scale * (base - np.eye(len(base)))
            if np.linalg.eigvalsh(corr - phi @ corr @ phi)[0] > 1e-10:
                break
        if scale < 1.0:
            self.log_corr = corr
            self.notes.append(f"the cross-correlations of {', '.join(self.sites)} do not fit their estimated "
                              f"year-to-year persistence; they are scaled by {scale:.3f}")

    @property
    def sites(self) -> list[str]:
        return self.stats.sites

    def generate(self, start: str | pd.Timestamp, months: int, members: int, seed: int) -> dict[str, pd.DataFrame]:
        """``members`` joint monthly sequences of ``months`` months from ``start``, one frame per site.

        Member ``k`` of every site comes from the same draw, so the sites of a member are
        cross-correlated; columns are ``member_0`` … and the index is the first day of each month.
        """
        if members < 1 or months < 1:
            raise InputError("members and months must be at least 1")
        first = pd.Timestamp(start).to_period("M").to_timestamp()
        offset = first.month - 1
        years = (offset + months + 11) // 12
        flows = self._draw(years, members, np.random.default_rng(seed))[offset:offset + months]
        dates = pd.DatetimeIndex(pd.date_range(first, periods=months, freq="MS"), name="date")
        cols = [f"member_{k}" for k in range(members)]
        return {site: pd.DataFrame(flows[:, i, :], index=dates, columns=cols) for i, site in enumerate(self.sites)}

    def _draw(self, years: int, members: int, rng: np.random.Generator) -> np.ndarray:
        """Flows of shape ``(years·12, sites, members)`` from January of the first year."""
        n = len(self.sites)
        x = _annual_factor(self._annual_innovation(), np.array([p.phi for p in self.params]),
                           np.linalg.cholesky(self.log_corr), rng.standard_normal((years, n, members)))
        e = self._monthly_noise(rng.standard_normal((years * 12, n, members)))
        a, b, s = (np.stack([getattr(p, k) for p in self.params]) for k in ("a", "b", "s"))
        month = np.tile(np.arange(12), years)
        logs = a.T[month][:, :, None] + b.T[month][:, :, None] * np.repeat(x, 12, axis=0) + s.T[month][:, :, None] * e
        return np.asarray(np.exp(logs))

    def _annual_innovation(self) -> np.ndarray:
        phi = np.diag([p.phi for p in self.params])
        cov = self.log_corr - phi @ self.log_corr @ phi
        try:
            return np.asarray(np.linalg.cholesky(cov))
        except np.linalg.LinAlgError:
            raise InputError(
                f"the annual lag-one correlations of {', '.join(self.sites)} and their cross-correlation "
                "cannot hold together (sites strongly correlated in the same year but with very different "
                "persistence); bring the lag-one values closer or lower the correlation") from None

    def _monthly_noise(self, eps: np.ndarray) -> np.ndarray:
        rho = np.stack([p.rho for p in self.params])  # (n, 12)
        factors = [_factor(self.log_corr - np.outer(rho[:, m], rho[:, m]) * self.log_corr) for m in range(12)]
        e = np.empty_like(eps)
        e[0] = np.linalg.cholesky(self.log_corr) @ eps[0]
        for t in range(1, len(eps)):
            m = t % 12
            e[t] = rho[:, m, None] * e[t - 1] + factors[m] @ eps[t]
        return e

    def implied(self) -> ImpliedStatistics:
        """The statistics the model reproduces in expectation (closed form)."""
        return implied_statistics(self)


def _assumptions(st: FlowStatistics) -> list[str]:
    notes = []
    if st.monthly_cv is None:
        notes.append("no monthly CVs: each year's months follow the seasonal regime scaled by that year's "
                     "flow (monthly CV = annual CV; months of a year fully correlated)")
    elif st.monthly_lag1 is None:
        notes.append("no monthly lag-one correlations: monthly departures from the year are independent "
                     "from month to month")
    if len(st.sites) > 1 and st.monthly_cv is not None:
        notes.append("monthly departures share the cross-site correlation of the annual flows (assumed)")
    return notes


def _annual_factor(chol_innov: np.ndarray, phi: np.ndarray, chol_corr: np.ndarray,
                   eps: np.ndarray) -> np.ndarray:
    x = np.empty_like(eps)
    x[0] = chol_corr @ eps[0]
    for y in range(1, len(eps)):
        x[y] = phi[:, None] * x[y - 1] + chol_innov @ eps[y]
    return x


def _factor(cov: np.ndarray) -> np.ndarray:
    """A square root of a covariance; tiny negative eigenvalues from round-off are clipped."""
    w, v = np.linalg.eigh(cov)
    return np.asarray(v * np.sqrt(np.clip(w, 0.0, None)))


# --- solving one site ---------------------------------------------------------------------------

def _solve_site(st: FlowStatistics, i: int, notes: list[str], strict: bool) -> _Site:
    site = st.sites[i]
    cv = st.monthly_cv[i] if st.monthly_cv is not None else np.full(12, st.annual_cv[i])
    v = np.sqrt(np.log1p(cv**2))
    a = np.log(st.monthly_mean[i]) - v**2 / 2

    def build(theta: float, phi: float) -> _Site:
        b, s = theta * v, np.sqrt(1 - theta**2) * v
        return _Site(a, b, s, phi, _noise_rho(st, i, b, s, v, phi)[0])

    def lag1(theta: float, phi: float) -> float:
        return _annual_moments(build(theta, phi))[1]

    def phi_for(theta: float) -> float:
        return _root(lambda f: lag1(theta, f) - st.annual_lag1[i], -_RHO_MAX, _RHO_MAX)

    def cv_of(theta: float) -> float:
        return _annual_moments(build(theta, phi_for(theta)))[0]

    theta = 1.0 if st.monthly_cv is None else _root(lambda t: cv_of(t) - st.annual_cv[i], 0.0, 1.0)
    out = build(theta, phi_for(theta))
    cv, lag = _annual_moments(out)
    if abs(cv - st.annual_cv[i]) > 1e-3:
        _miss(notes, strict, f"site '{site}': an annual CV of {st.annual_cv[i]:.3g} cannot be reproduced with these "
                     f"monthly CVs and correlations (reachable: {cv_of(0.0):.3f} to {cv_of(1.0):.3f})", cv)
    if abs(lag - st.annual_lag1[i]) > 1e-3:
        _miss(notes, strict, f"site '{site}': an annual lag-one correlation of {st.annual_lag1[i]:.3g} cannot be "
                     f"reproduced with these monthly statistics (reachable: {lag1(theta, -_RHO_MAX):.2f} to "
                     f"{lag1(theta, _RHO_MAX):.2f}; lower month-to-month correlations widen it)", lag)
    clipped = _noise_rho(st, i, out.b, out.s, v, out.phi)[1]
    if np.any(clipped):
        months = ", ".join(MONTHS[m] for m in np.flatnonzero(clipped))
        notes.append(f"site '{site}': the correlation of {months} with the month before cannot be met "
                     "together with the annual statistics; the nearest value is used")
    return out


def _miss(notes: list[str], strict: bool, what: str, used: float) -> None:
    """A statistic out of reach: an error for stated figures, a note (nearest value) for estimated ones."""
    if strict:
        raise InputError(f"{what}; check the statistics against each other")
    notes.append(f"{what}; {used:.3f} is used")


def _noise_rho(st: FlowStatistics, i: int, b: np.ndarray, s: np.ndarray, v: np.ndarray,
               phi: float) -> tuple[np.ndarray, np.ndarray]:
    """Noise lag-one per month so that flows keep their month-to-month correlation, and where it was clipped."""
    if st.monthly_lag1 is None:
        return np.zeros(12), np.zeros(12, dtype=bool)
    prev = np.roll(np.arange(12), 1)
    ev = np.expm1(v**2)
    target = np.log1p(st.monthly_lag1[i] * np.sqrt(ev[prev] * ev))
    shared = b[prev] * b * np.where(np.arange(12) == 0, phi, 1.0)
    denom = s[prev] * s
    safe = np.where(denom > 1e-12, denom, 1.0)
    rho = np.where(denom > 1e-12, (target - shared) / safe, 0.0)
    return np.asarray(np.clip(rho, -_RHO_MAX, _RHO_MAX)), np.asarray((np.abs(rho) > _RHO_MAX) & (denom > 1e-12))


def _root(f: Callable[[float], float], lo: float, hi: float) -> float:
    """Root of an increasing ``f`` on [lo, hi] (Brent's method); the nearer end when there is none."""
    if f(lo) >= 0:
        return lo
    if f(hi) <= 0:
        return hi
    return float(brentq(f, lo, hi, xtol=1e-10))


# --- closed-form moments ------------------------------------------------------------------------

def _noise_cov(rho_i: np.ndarray, rho_j: np.ndarray) -> np.ndarray:
    """Cov(E_i[t], E_j[u]) / R_ij for months t, u of two consecutive years (24 × 24).

    The later month's site carries the lag: ``Π ρ_j`` over the months after ``t`` up to ``u``.
    """
    return _chain(np.tile(rho_j, 2)) + np.triu(_chain(np.tile(rho_i, 2)), 1).T


def _chain(r: np.ndarray) -> np.ndarray:
    """``out[t, u] = Π_{k=t+1..u} r[k]`` for u ≥ t (1 on the diagonal), 0 below it."""
    k = np.arange(len(r))
    steps = np.where(k[None, :] > k[:, None], r[None, :], 1.0)
    return np.asarray(np.triu(np.cumprod(steps, axis=1)))


def _log_cov(p: _Site, q: _Site, corr: float) -> np.ndarray:
    """Covariance of the log flows of two sites over two consecutive years (24 × 24)."""
    b_p, b_q, s_p, s_q = np.tile(p.b, 2), np.tile(q.b, 2), np.tile(p.s, 2), np.tile(q.s, 2)
    year = np.arange(24) // 12
    same = year[:, None] == year[None, :]
    x_corr = corr * np.where(same, 1.0, _lag_cross(p, q, year))
    return np.outer(b_p, b_q) * x_corr + np.outer(s_p, s_q) * corr * _noise_cov(p.rho, q.rho)


def _lag_cross(p: _Site, q: _Site, year: np.ndarray) -> np.ndarray:
    """Cov(X_p[y], X_q[y']) / R for y ≠ y': the later site's φ carries the lag."""
    return np.where(year[:, None] < year[None, :], q.phi, p.phi)


def _annual_moments(p: _Site) -> tuple[float, float]:
    """(CV, lag-one correlation) of a site's annual mean flow."""
    mean = np.tile(np.exp(p.a + (p.b**2 + p.s**2) / 2) * WEIGHTS, 2)
    second = np.outer(mean, mean) * np.exp(_log_cov(p, p, 1.0))
    m1 = mean[:12].sum()
    var = second[:12, :12].sum() - m1**2
    cov = second[:12, 12:].sum() - m1**2
    return float(np.sqrt(var) / m1), float(cov / var)


def _annual_cross(p: _Site, q: _Site, corr: float) -> float:
    """Correlation of two sites' annual mean flows in the same year, for log correlation ``corr``."""
    mp = np.tile(np.exp(p.a + (p.b**2 + p.s**2) / 2) * WEIGHTS, 2)
    mq = np.tile(np.exp(q.a + (q.b**2 + q.s**2) / 2) * WEIGHTS, 2)
    cov = (np.outer(mp, mq) * np.expm1(_log_cov(p, q, corr)))[:12, :12].sum()
    var_p = (np.outer(mp, mp) * np.expm1(_log_cov(p, p, 1.0)))[:12, :12].sum()
    var_q = (np.outer(mq, mq) * np.expm1(_log_cov(q, q, 1.0)))[:12, :12].sum()
    return float(cov / np.sqrt(var_p * var_q))


def _solve_correlation(st: FlowStatistics, params: list[_Site], notes: list[str], strict: bool) -> np.ndarray:
    n = len(params)
    r = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            def f(c: float, i: int = i, j: int = j) -> float:
                return _annual_cross(params[i], params[j], c) - float(st.correlation[i, j])

            r[i, j] = r[j, i] = _root(f, -_RHO_MAX, _RHO_MAX)
            if abs(f(r[i, j])) > 1e-3:
                target = float(st.correlation[i, j])
                _miss(notes, strict, f"the annual correlation {target:.3g} between '{st.sites[i]}' and "
                      f"'{st.sites[j]}' cannot be reproduced with their monthly statistics (reachable: "
                      f"{f(-_RHO_MAX) + target:.2f} to {f(_RHO_MAX) + target:.2f})", f(r[i, j]) + target)
    if n > 1 and np.linalg.eigvalsh(r)[0] <= 1e-10:
        raise InputError(f"the correlations between {', '.join(st.sites)} cannot hold together once turned "
                         "into the model's log space; lower the largest ones")
    return r


@dataclass
class ImpliedStatistics:
    """Statistics of the generated flows in expectation (closed form), for ``n`` sites."""

    monthly_mean: np.ndarray  # (n, 12)
    monthly_cv: np.ndarray  # (n, 12)
    monthly_lag1: np.ndarray  # (n, 12), index 0: Dec → Jan
    annual_cv: np.ndarray  # (n,)
    annual_lag1: np.ndarray  # (n,)
    correlation: np.ndarray  # (n, n), annual
    monthly_correlation: np.ndarray  # (12, n, n)


def implied_statistics(gen: MultiSiteGenerator) -> ImpliedStatistics:
    """Closed-form statistics of the generated flows."""
    ps, n = gen.params, len(gen.params)
    mean = np.stack([np.exp(p.a + (p.b**2 + p.s**2) / 2) for p in ps])
    v2 = np.stack([p.b**2 + p.s**2 for p in ps])
    prev = np.roll(np.arange(12), 1)
    lag = np.empty((n, 12))
    for i, p in enumerate(ps):
        c = _log_cov(p, p, 1.0)
        cov = c[np.where(np.arange(12) == 0, 11, prev + 12), np.arange(12) + 12]
        lag[i] = np.expm1(cov) / np.sqrt(np.expm1(v2[i, prev]) * np.expm1(v2[i]))
    annual = np.array([_annual_moments(p) for p in ps])
    corr = np.eye(n)
    mcorr = np.tile(np.eye(n), (12, 1, 1))
    for i in range(n):
        for j in range(i + 1, n):
            corr[i, j] = corr[j, i] = _annual_cross(ps[i], ps[j], gen.log_corr[i, j])
            c = np.diag(_log_cov(ps[i], ps[j], gen.log_corr[i, j]))[:12]
            mcorr[:, i, j] = mcorr[:, j, i] = np.expm1(c) / np.sqrt(np.expm1(v2[i]) * np.expm1(v2[j]))
    return ImpliedStatistics(mean, np.sqrt(np.expm1(v2)), lag, annual[:, 0], annual[:, 1], corr, mcorr)
