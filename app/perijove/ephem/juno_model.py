"""Juno's embedded default trajectory: a physical model built from published facts only.

For each flyby with a published closest-approach (CA) time and distance, Juno's state at CA
(Jupiter-centred, ICRF axes) is fitted so that a numerical integration under Jupiter's
gravity (GM and J2 about its IAU pole) and the flyby moon's gravity:
  - passes the moon at the published CA time, at the published distance (CA lies where the
    moon-relative position is perpendicular to the moon-relative velocity);
  - has the published relative speed, where one is published;
  - reaches the following perijove at its published time;
  - has the orbital periods implied by the perijove and apojove times before and after the
    flyby (twice the apojove-to-perijove half orbits);
  - lies near a polar plane (Juno's orbit is polar: Bolton et al. 2017, Space Sci. Rev.
    213:5), a weak prior that only decides what the facts leave open.
The moon's position comes from the same analytic theory the scene draws it with, so the
flyby looks right against the globe on screen. Accuracy against the navigation team's
PJ45 kernel is measured by `perijove juno-model accuracy` and tests/ephem/test_juno.py,
and written in docs/juno-model.md.

Away from the flyby arcs Juno follows a Kepler orbit per revolution: periapsis at the
published perijove time, period from consecutive perijoves, orientation and periapsis
distance from the nearest fitted arc. That is an illustration, and labelled as such.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from perijove.core.bodies import BODIES, JUPITER, JUPITER_J2, JUPITER_J2_REFERENCE_RADIUS_KM
from perijove.core.provenance import Provenance, SourceKind
from perijove.core.rotation import body_to_icrf
from perijove.ephem import moons_analytic
from perijove.flybys.catalog import Flyby, assets_dir, flybys, perijove, perijoves

MODEL_VERSION = 1
GM_JUPITER = JUPITER.gm_km3_s2
# Far from Jupiter, Juno orbits the planet and its moons together: the system GM sets the
# period. (gm_de440.tpc BODY5_GM.)
GM_SYSTEM = 126_712_764.1
ARC_HALF_SPAN_S = 3.0 * 86400.0
_MOON_SAMPLE_S = 120.0
_RTOL, _ATOL_KM = 1e-10, 1e-4


@dataclass
class ArcFit:
    flyby_id: str
    ca_tdb_s: float
    state_km: np.ndarray  # (6,) position km, velocity km/s, Jupiter-centred, at CA
    residuals: dict

    def to_json(self) -> dict:
        return {"flyby": self.flyby_id, "ca_tdb_s": self.ca_tdb_s,
                "state_km_km_s": [float(x) for x in self.state_km],
                "residuals": self.residuals}


class MoonTrack:
    """A moon's Jupiter-centred position from the analytic theory, splined for the integrator."""

    def __init__(self, moon: str, t0: float, t1: float) -> None:
        t = np.arange(t0 - 600.0, t1 + 600.0, _MOON_SAMPLE_S)
        from scipy.interpolate import CubicSpline  # scipy's import costs ~1 s: only if used

        pos, vel = moons_analytic.state_from_jupiter_km(moon, t)
        self.spline = CubicSpline(t, pos, axis=0)
        self.gm = BODIES[moon].gm_km3_s2

    def __call__(self, t: float) -> np.ndarray:
        return self.spline(t)


def _acceleration(t: float, y: np.ndarray, pole: np.ndarray, moon: MoonTrack) -> np.ndarray:
    r = y[:3]
    r2 = r @ r
    rn = math.sqrt(r2)
    z = r @ pole
    k = 1.5 * JUPITER_J2 * GM_JUPITER * JUPITER_J2_REFERENCE_RADIUS_KM**2 / rn**5
    acc = -GM_JUPITER * r / (r2 * rn) - k * ((1.0 - 5.0 * z * z / r2) * r + 2.0 * z * pole)
    rm = moon(t)
    d = rm - r
    dn = math.sqrt(d @ d)
    rmn = math.sqrt(rm @ rm)
    # The moon pulls Juno (direct) and Jupiter (indirect: the frame is Jupiter-centred).
    acc += moon.gm * (d / dn**3 - rm / rmn**3)
    return np.concatenate([y[3:], acc])


def propagate(state_km: np.ndarray, t_ca: float, t_end: float, pole: np.ndarray,
              moon: MoonTrack):  # noqa: ANN201 - scipy OdeSolution
    from scipy.integrate import solve_ivp

    sol = solve_ivp(_acceleration, (t_ca, t_end), state_km, method="DOP853", rtol=_RTOL,
                    atol=_ATOL_KM, dense_output=True, args=(pole, moon))
    if not sol.success:
        raise RuntimeError(f"Juno model integration failed: {sol.message}")
    return sol.sol


def _energy_semi_major_axis_km(state: np.ndarray, pole: np.ndarray) -> float:
    r, v = state[:3], state[3:]
    rn = float(np.linalg.norm(r))
    sin_lat = float(r @ pole) / rn
    p2 = 0.5 * (3.0 * sin_lat**2 - 1.0)
    potential = -GM_SYSTEM / rn * (1.0 - JUPITER_J2 * (JUPITER_J2_REFERENCE_RADIUS_KM / rn)**2 * p2)
    energy = 0.5 * float(v @ v) + potential
    return -GM_SYSTEM / (2.0 * energy)


def _period_s(a_km: float) -> float:
    return 2.0 * math.pi * math.sqrt(a_km**3 / GM_SYSTEM) if a_km > 0 else float("inf")


def _periapsis_time(sol, t_lo: float, t_hi: float) -> tuple[float, float]:  # noqa: ANN001
    ts = np.linspace(t_lo, t_hi, 400)
    r = np.linalg.norm(sol(ts)[:3], axis=0)
    i = int(np.argmin(r))
    lo, hi = ts[max(i - 1, 0)], ts[min(i + 1, len(ts) - 1)]
    from scipy.optimize import minimize_scalar

    res = minimize_scalar(lambda t: float(np.linalg.norm(sol(t)[:3])), bounds=(lo, hi),
                          method="bounded", options={"xatol": 0.01})
    return float(res.x), float(res.fun)


def _ca_state(params: np.ndarray, flyby: Flyby, moon_state: np.ndarray, pole: np.ndarray
              ) -> np.ndarray:
    v_ca = params[:3]
    psi = params[3]
    v_rel = v_ca - moon_state[3:]
    u = v_rel / np.linalg.norm(v_rel)
    e1 = np.cross(pole, u)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(u, e1)
    offset = flyby.distance_km * (math.cos(psi) * e1 + math.sin(psi) * e2)
    return np.concatenate([moon_state[:3] + offset, v_ca])


def fit_flyby(flyby: Flyby) -> ArcFit:
    """Fit Juno's CA state to the flyby's facts (see the module docstring)."""
    if not flyby.ca_is_known:
        raise ValueError(f"{flyby.id}: closest-approach time or distance not published")
    pj = perijove(flyby.perijove)
    prev = perijove(flyby.perijove - 1)
    if pj is None or prev is None:
        raise ValueError(f"{flyby.id}: perijove times PJ{flyby.perijove - 1}/PJ{flyby.perijove}"
                         " missing from the catalogue")
    t_ca = flyby.ca_tdb_s
    period_before = 2.0 * (pj.tdb_s - prev.following_apojove_tdb_s)
    period_after = 2.0 * (pj.following_apojove_tdb_s - pj.tdb_s)
    pole = body_to_icrf("jupiter", t_ca)[:, 2]
    moon = MoonTrack(flyby.moon, t_ca - 0.5 * 86400, pj.tdb_s + 0.5 * 86400)
    mp, mv = moons_analytic.state_from_jupiter_km(flyby.moon, t_ca)
    moon_state = np.concatenate([mp[0], mv[0]])

    # First guess: falling inward on a polar orbit towards a perijove north of the equator.
    a = (GM_SYSTEM * (period_after / (2 * math.pi))**2) ** (1 / 3)
    rn = float(np.linalg.norm(mp[0]))
    r_p = 1.04 * JUPITER.radii_km[0]
    h = math.sqrt(GM_SYSTEM * a * (1 - ((a - r_p) / a) ** 2))
    v2 = GM_SYSTEM * (2 / rn - 1 / a)
    v_t = h / rn
    v_r = -math.sqrt(max(v2 - v_t**2, 1.0))
    r_hat = mp[0] / rn
    t_hat = pole - (pole @ r_hat) * r_hat
    t_hat /= np.linalg.norm(t_hat)
    guesses = [np.concatenate([v_r * r_hat + v_t * t_hat, [psi]])
               for psi in (0.0, math.pi / 2, math.pi, -math.pi / 2)]

    def residuals(params: np.ndarray) -> np.ndarray:
        state = _ca_state(params, flyby, moon_state, pole)
        t_end = pj.tdb_s + 1800.0
        fwd = propagate(state, t_ca, t_end, pole, moon)
        back = propagate(state, t_ca, t_ca - 6 * 3600.0, pole, moon)
        t_pj, _ = _periapsis_time(fwd, t_ca + 600.0, t_end)
        a_after = _energy_semi_major_axis_km(fwd(min(t_ca + 6 * 3600.0, t_end)), pole)
        a_before = _energy_semi_major_axis_km(back(t_ca - 6 * 3600.0), pole)
        h_vec = np.cross(state[:3], state[3:])
        incl = math.degrees(math.acos(float(h_vec @ pole) / float(np.linalg.norm(h_vec))))
        out = [
            (t_pj - pj.tdb_s) / 30.0,
            (_period_s(a_after) - period_after) / (0.005 * period_after),
            (_period_s(a_before) - period_before) / (0.005 * period_before),
            (incl - 90.0) / 10.0,
        ]
        if flyby.speed_km_s is not None:
            out.append((np.linalg.norm(state[3:] - moon_state[3:]) - flyby.speed_km_s) / 0.1)
        return np.array(out)

    from scipy.optimize import least_squares

    best = None
    for guess in guesses:
        try:
            res = least_squares(residuals, guess, x_scale=[1.0, 1.0, 1.0, 0.3],
                                diff_step=1e-6, max_nfev=60)
        except (RuntimeError, ValueError):
            continue
        if best is None or res.cost < best.cost:
            best = res
    if best is None:
        raise RuntimeError(f"{flyby.id}: the Juno model did not converge")
    r = residuals(best.x)
    names = ["perijove_time_sigma", "period_after_sigma", "period_before_sigma",
             "inclination_sigma", "speed_sigma"]
    return ArcFit(flyby.id, t_ca, _ca_state(best.x, flyby, moon_state, pole),
                  {n: round(float(v), 4) for n, v in zip(names, r, strict=False)})


# ---- the shipped model file ----------------------------------------------------------
def model_path():  # noqa: ANN201
    return assets_dir() / "juno_model.json"


def facts_fingerprint(flyby: Flyby) -> str:
    pj = perijove(flyby.perijove)
    prev = perijove(flyby.perijove - 1)
    return json.dumps([flyby.ca_utc, flyby.distance_km, flyby.speed_km_s, pj.utc if pj else None,
                       prev.following_apojove_tdb_s if prev else None,
                       pj.following_apojove_tdb_s if pj else None, MODEL_VERSION])


@lru_cache(maxsize=1)
def load_fits() -> dict[str, ArcFit]:
    """The fitted CA states shipped in assets/juno_model.json, if their facts still match."""
    path = model_path()
    if not path.is_file():
        return {}
    doc = json.loads(path.read_text())
    known = {f.id: f for f in flybys()}
    out = {}
    for entry in doc.get("arcs", []):
        f = known.get(entry["flyby"])
        if f is None or entry.get("facts") != facts_fingerprint(f):
            continue  # facts changed since the fit: that arc must be rebuilt
        out[f.id] = ArcFit(f.id, entry["ca_tdb_s"], np.array(entry["state_km_km_s"]),
                           entry.get("residuals", {}))
    return out


class FlybyArc:
    """One fitted flyby: Juno's Jupiter-centred state at any time within +-3 days of CA.

    The integration is lazy and grows on demand: a +-1 hour export integrates hours, not
    days (start-up time is export time).
    """

    MIN_SPAN_S = 6 * 3600.0

    def __init__(self, flyby: Flyby, fit: ArcFit) -> None:
        self.flyby = flyby
        self.fit = fit
        self.t0 = fit.ca_tdb_s - ARC_HALF_SPAN_S
        self.t1 = fit.ca_tdb_s + ARC_HALF_SPAN_S
        self._fwd = self._back = None
        self._fwd_to = self._back_to = fit.ca_tdb_s
        self._pole = body_to_icrf("jupiter", fit.ca_tdb_s)[:, 2]
        self._moon: MoonTrack | None = None

    def _extend(self, t_min: float, t_max: float) -> None:
        t_ca = self.fit.ca_tdb_s
        if self._moon is None:
            self._moon = MoonTrack(self.flyby.moon, self.t0, self.t1)
        if t_max > self._fwd_to or self._fwd is None:
            end = min(self.t1, max(t_max, t_ca + self.MIN_SPAN_S,
                                   t_ca + 2 * (self._fwd_to - t_ca)))
            self._fwd = propagate(self.fit.state_km, t_ca, end, self._pole, self._moon)
            self._fwd_to = end
        if t_min < self._back_to or self._back is None:
            start = max(self.t0, min(t_min, t_ca - self.MIN_SPAN_S,
                                     t_ca - 2 * (t_ca - self._back_to)))
            self._back = propagate(self.fit.state_km, t_ca, start, self._pole, self._moon)
            self._back_to = start

    def covers(self, t: np.ndarray) -> np.ndarray:
        return (t >= self.t0) & (t <= self.t1)

    def state_from_jupiter_km(self, t: np.ndarray) -> np.ndarray:
        self._extend(float(np.min(t)), float(np.max(t)))
        out = np.empty((t.size, 6))
        after = t >= self.fit.ca_tdb_s
        if after.any():
            out[after] = self._fwd(t[after]).T
        if (~after).any():
            out[~after] = self._back(t[~after]).T
        return out


def _kepler_state(t: np.ndarray, t_peri: float, period_s: float, r_p: float,
                  orientation: np.ndarray) -> np.ndarray:
    """Jupiter-centred states on an ellipse (periapsis along orientation[:,0])."""
    a = (GM_SYSTEM * (period_s / (2 * math.pi)) ** 2) ** (1 / 3)
    e = 1.0 - r_p / a
    n = 2 * math.pi / period_s
    m = n * (t - t_peri)
    m = (m + math.pi) % (2 * math.pi) - math.pi
    ecc_anom = m.copy()
    for _ in range(30):
        ecc_anom -= (ecc_anom - e * np.sin(ecc_anom) - m) / (1 - e * np.cos(ecc_anom))
    cos_e, sin_e = np.cos(ecc_anom), np.sin(ecc_anom)
    b = a * math.sqrt(1 - e * e)
    x, y = a * (cos_e - e), b * sin_e
    rdot = n * a / (1 - e * cos_e)
    vx, vy = -a * sin_e * rdot / a, b * cos_e * rdot / a
    p_hat, q_hat = orientation[:, 0], orientation[:, 1]
    pos = np.outer(x, p_hat) + np.outer(y, q_hat)
    vel = np.outer(vx, p_hat) + np.outer(vy, q_hat)
    return np.hstack([pos, vel])


class JunoModel:
    """Juno from the embedded model: fitted flyby arcs, else per-revolution Kepler orbits."""

    def __init__(self) -> None:
        fits = load_fits()
        by_id = {f.id: f for f in flybys()}
        self.arcs = [FlybyArc(by_id[i], fit) for i, fit in fits.items()]
        self._pj_times = np.array([p.tdb_s for p in perijoves()])
        self._orbit_shapes: dict[str, tuple[float, np.ndarray]] = {}

    def arc_at(self, t: float) -> FlybyArc | None:
        for arc in self.arcs:
            if arc.t0 <= t <= arc.t1:
                return arc
        return None

    def covers(self, t: np.ndarray) -> bool:
        t = np.atleast_1d(t)
        return bool(len(self.arcs)) and bool(
            (t >= self._pj_times[0]).all() and (t <= self._pj_times[-1] + 40 * 86400).all())

    def _shape_from_arc(self, arc: FlybyArc) -> tuple[float, np.ndarray]:
        if arc.flyby.id not in self._orbit_shapes:
            pj = perijove(arc.flyby.perijove)
            state = arc.state_from_jupiter_km(np.array([pj.tdb_s]))[0]
            r, v = state[:3], state[3:]
            p_hat = r / np.linalg.norm(r)
            h = np.cross(r, v)
            q_hat = np.cross(h / np.linalg.norm(h), p_hat)
            self._orbit_shapes[arc.flyby.id] = (float(np.linalg.norm(r)),
                                                np.column_stack([p_hat, q_hat]))
        return self._orbit_shapes[arc.flyby.id]

    def state_from_jupiter_km(self, t: np.ndarray) -> np.ndarray:
        t = np.atleast_1d(np.asarray(t, dtype=float))
        out = np.full((t.size, 6), np.nan)
        done = np.zeros(t.size, dtype=bool)
        for arc in self.arcs:
            m = arc.covers(t) & ~done
            if m.any():
                out[m] = arc.state_from_jupiter_km(t[m])
                done |= m
        if not done.all():
            if not self.arcs:
                raise ValueError("the Juno model has no fitted flyby arcs")
            rest = np.where(~done)[0]
            # Revolution k runs from apojove k-1 to apojove k, periapsis at perijove k.
            idx = np.clip(np.searchsorted(self._pj_times, t[rest]), 1, len(self._pj_times) - 1)
            nearer = np.where(t[rest] - self._pj_times[idx - 1] < self._pj_times[idx] - t[rest],
                              idx - 1, idx)
            centres = np.array([a.fit.ca_tdb_s for a in self.arcs])
            for k in np.unique(nearer):
                sel = rest[nearer == k]
                t_peri = self._pj_times[k]
                neighbour = k + 1 if k + 1 < len(self._pj_times) else k - 1
                period = abs(self._pj_times[neighbour] - t_peri)
                arc = self.arcs[int(np.argmin(np.abs(centres - t_peri)))]
                r_p, orientation = self._shape_from_arc(arc)
                out[sel] = _kepler_state(t[sel], t_peri, period, r_p, orientation)
        return out

    def source(self, t: float) -> Provenance:
        arc = self.arc_at(t)
        if arc is not None:
            return Provenance(
                SourceKind.FITTED_MODEL, f"{arc.flyby.id} arc",
                "Juno trajectory: Perijove's model fitted to published flyby facts (NASA/JPL, "
                "NASA/SwRI releases, Hansen et al. 2022, J. Perry; assets/flybys.csv)",
                f"model: {arc.flyby.id} arc fitted to published facts (embedded default)")
        return Provenance(
            SourceKind.ILLUSTRATIVE_MODEL, "Kepler orbit",
            "Juno trajectory: illustrative Kepler orbit through published perijove times "
            "(LASP mission planning tables via jpmorgen/IoIO)",
            "model: Kepler orbit through perijove times (illustrative; embedded default)")


def build_model_file() -> dict:
    """Fit every flyby with known facts and write assets/juno_model.json (maintainers)."""
    arcs = []
    for f in flybys():
        if not f.ca_is_known:
            continue
        fit = fit_flyby(f)
        entry = fit.to_json()
        entry["facts"] = facts_fingerprint(f)
        arcs.append(entry)
        print(f"{f.id}: {fit.residuals}", flush=True)
    doc = {"model_version": MODEL_VERSION,
           "what": "Juno's state at closest approach for each flyby, fitted to the facts in "
                   "flybys.csv and perijoves.csv by perijove.ephem.juno_model.fit_flyby",
           "frame": "Jupiter-centred, ICRF axes, km and km/s, TDB seconds past J2000",
           "arcs": arcs}
    model_path().write_text(json.dumps(doc, indent=1) + "\n")
    load_fits.cache_clear()
    return doc

