"""One place to ask where any body is: picks SPICE where a kernel covers, else the defaults.

Every state here is relative to the Jupiter-system barycentre (NAIF 5) on ICRF/J2000 axes:
the scene's origin. Jupiter's centre (599) is offset from it by up to ~200 km by the moons'
pull; without a kernel holding 599 that offset is computed from the moons' positions and
their masses (GM from jup365).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import numpy as np

from perijove.core.bodies import BODIES, JUPITER, MOON_NAMES, MOONS
from perijove.core.provenance import Provenance, SourceKind
from perijove.core.timescale import format_utc
from perijove.ephem import EphemerisError, moons_analytic, planets, spice_kernels
from perijove.ephem.juno import JunoProvider
from perijove.ephem.spice_kernels import Kernel

BARYCENTER_ID = 5
# A kernel's moon farther than this from the analytic theory is refused: the theory is good to
# ~300 km (tests/ephem/test_moons.py against jup310); ten times that is no rounding.
MOON_SANITY_KM = 3000.0
MOON_SANITY_KM_S = 1.0  # and its velocity (the theory's is good to ~0.01 km/s)
_MOON_NAMES = MOON_NAMES
_GM_SYSTEM = JUPITER.gm_km3_s2 + sum(m.gm_km3_s2 for m in MOONS)
CENTER_NAMES = tuple(BODIES)
BODY_NAMES = (*CENTER_NAMES, "juno")

DE421 = Provenance(SourceKind.PLANETARY_EPHEMERIS, "DE421", planets.DE421_CREDIT, "DE421")
JUPITER_FROM_MOONS = Provenance(
    SourceKind.PLANETARY_EPHEMERIS, "DE421 + moons",
    f"{planets.DE421_CREDIT}; Jupiter's offset from the barycentre from the moons' masses",
    "DE421 + moons")
ANALYTIC_MOONS = Provenance(SourceKind.ANALYTIC_THEORY, "L1.2", moons_analytic.ANALYTIC_CREDIT,
                            "analytic L1.2 (embedded default)")


def kernel_provenance(kernel: Kernel) -> Provenance:
    return Provenance(SourceKind.KERNEL, kernel.name, f"SPICE kernel {kernel.name} (NASA/JPL "
                      "NAIF and the mission navigation teams)", f"SPICE: {kernel.name}")


class SystemEphemeris:
    """States of the Sun, Jupiter, the Galilean moons (and extra providers) at TDB times."""

    def __init__(self, kernel_paths: Iterable[str | os.PathLike] = (),
                 trajectory_paths: Iterable[str] = (),
                 installed_paths: Iterable[str | os.PathLike] = ()) -> None:
        """Kernels given explicitly win over the installed ones (`perijove data`), which the
        caller hands over as paths: the ephemeris never looks in the data folder itself."""
        self.kernels: list[Kernel] = []
        # kernels from the data folder (`perijove data`): used where they cover, never strict
        self.installed: set[os.PathLike] = set()
        self.warnings: list[str] = []
        self.juno = JunoProvider()
        # name -> provider with state_km(eph, t, strict) and source(eph, t)
        self.extra_providers: dict[str, object] = {"juno": self.juno}
        self.load_installed(installed_paths)
        for p in kernel_paths:
            self.add_kernel(p)
        for p in trajectory_paths:
            self.juno.add_table(p)

    # ---- kernels -------------------------------------------------------------------------
    def add_kernel(self, path: str | os.PathLike) -> Kernel:
        kernel = spice_kernels.load_spk(path)
        try:
            self._check_moons_against_theory(kernel)
        except EphemerisError:
            spice_kernels.unload(kernel)
            raise
        self.kernels.append(kernel)
        return kernel

    def _check_moons_against_theory(self, kernel: Kernel) -> None:
        """No checksum says a satellite kernel's numbers are right: compare its moons with the
        analytic theory (good to ~300 km, see moons_analytic) at a few times it covers. Bytes
        flipped inside its data records put a moon thousands of km off: said, not drawn."""
        for moon in MOONS:
            windows = kernel.coverage.get(moon.naif_id)
            if windows is None or not len(windows):
                continue
            start, stop = windows[0]
            t = np.linspace(start, stop, 25)
            try:
                got_p, got_v = spice_kernels.state_km(moon.naif_id, BARYCENTER_ID, t)
            except EphemerisError:
                continue  # the kernel alone does not reach the barycentre: nothing to compare
            jup_p, jup_v = self._jupiter_from_barycenter_km(t, False)
            exp_p, exp_v = moons_analytic.state_from_jupiter_km(moon.name, t)
            with np.errstate(all="ignore"):  # garbage numbers overflow: that is the point
                miss = np.linalg.norm(got_p - exp_p - jup_p, axis=1)
                miss_v = np.linalg.norm(got_v - exp_v - jup_v, axis=1)
            bad = ~np.isfinite(miss) | ~np.isfinite(miss_v) | (miss > MOON_SANITY_KM) | (
                miss_v > MOON_SANITY_KM_S)
            if bad.any():
                worst = int(np.argmax(bad))
                when = format_utc(float(t[worst]))
                if np.isfinite(miss[worst]) and miss[worst] <= MOON_SANITY_KM:
                    what = (f"moves {moon.title} at a speed "
                            f"{miss_v[worst]:,.1f} km/s off the L1.2 theory's at {when}"
                            if np.isfinite(miss_v[worst]) else
                            f"gives {moon.title} no finite velocity (unlike the L1.2 theory) "
                            f"at {when}")
                else:
                    off = (f"{miss[worst]:,.0f} km" if np.isfinite(miss[worst])
                           and miss[worst] < 1e9 else "absurdly far")
                    what = f"puts {moon.title} {off} from where the L1.2 theory has it at {when}"
                raise EphemerisError(
                    f"kernel '{kernel.name}' {what} (they agree to a few hundred km and "
                    "0.01 km/s); the file is damaged or is not a Jovian satellite ephemeris: "
                    "download it again")

    def load_installed(self, paths: Iterable[str | os.PathLike]) -> None:
        """(Re)load the SPKs installed with `perijove data`, before any given explicitly.

        A damaged installed file is skipped with a warning: start-up never fails on it.
        """
        for k in [k for k in self.kernels if k.path in self.installed]:
            spice_kernels.unload(k)
            self.kernels.remove(k)
        self.installed.clear()
        self.warnings.clear()
        explicit, self.kernels = self.kernels, []
        for p in paths:
            try:
                self.installed.add(self.add_kernel(p).path)
            except EphemerisError as exc:
                self.warnings.append(f"skipped installed kernel {os.path.basename(p)}: {exc}")
        for k in explicit:  # given on the command line: loaded last, so they win
            self.add_kernel(k.path)

    def _covering_kernel(self, naif_id: int, t: np.ndarray, strict: bool) -> Kernel | None:
        having = [k for k in self.kernels if naif_id in k.coverage]
        for k in reversed(having):  # the last loaded wins, as in SPICE
            if k.covers(naif_id, t):
                return k
        having = [k for k in having if k.path not in self.installed]
        if strict and having:
            k = having[-1]
            w = k.coverage[naif_id]
            lo, hi = format_utc(float(np.min(t))), format_utc(float(np.max(t)))
            when = lo if lo == hi else f"{lo} to {hi}"
            raise EphemerisError(
                f"{when} is outside "
                f"{k.name}'s coverage of body {naif_id} ({format_utc(w[0, 0])} to "
                f"{format_utc(w[-1, 1])}); choose a time inside it or drop --kernel"
            )
        return None

    def require_coverage(self, name: str, t: np.ndarray) -> None:
        """For a moon asked for with --kernel: one-line error if a given kernel holds it but
        covers none of the times (a typo'd date, not a silent switch to the theory).
        Juno and Jupiter's centre fall back instead (issue #6: kernel where it covers, else
        the model; Jupiter's centre offset is modelled to a few km)."""
        if name not in _MOON_NAMES:
            return
        naif_id = BODIES[name].naif_id
        having = [k for k in self.kernels if naif_id in k.coverage and k.path not in self.installed]
        if having and not any(k.covers(naif_id, np.array([ti])) for k in having for ti in t):
            self._covering_kernel(naif_id, t, strict=True)  # raises the coverage sentence

    # ---- states ----------------------------------------------------------------------------
    def state_from_barycenter_km(
        self, name: str, t_tdb_s: float | np.ndarray, strict: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """((n,3) km, (n,3) km/s) of a body from the Jupiter-system barycentre."""
        t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
        if name in self.extra_providers:
            return self.extra_providers[name].state_km(self, t, strict)
        if name in ("sun", "earth"):
            return planets.state_from_jupiter_barycenter_km(name, t)
        if name not in BODIES:
            raise EphemerisError(f"unknown body '{name}'; choose one of: {self.names()}")
        body = BODIES[name]
        kernel = self._covering_kernel(body.naif_id, t, strict)
        if kernel is not None:
            return spice_kernels.state_km(body.naif_id, BARYCENTER_ID, t)
        jup_pos, jup_vel = self._jupiter_from_barycenter_km(t, strict)
        if name == "jupiter":
            return jup_pos, jup_vel
        pos, vel = moons_analytic.state_from_jupiter_km(name, t)
        return pos + jup_pos, vel + jup_vel

    def _jupiter_from_barycenter_km(
        self, t: np.ndarray, strict: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        if self._covering_kernel(JUPITER.naif_id, t, strict) is not None:
            return spice_kernels.state_km(JUPITER.naif_id, BARYCENTER_ID, t)
        # r_J = -sum(m_i rho_i) / M_system, rho_i the moons from Jupiter's centre.
        pos = np.zeros((t.size, 3))
        vel = np.zeros((t.size, 3))
        for moon in MOONS:
            kernel = self._covering_kernel(moon.naif_id, t, False)
            if kernel is not None and self._covering_kernel(JUPITER.naif_id, t, False):
                p, v = spice_kernels.state_km(moon.naif_id, JUPITER.naif_id, t)
            else:
                p, v = moons_analytic.state_from_jupiter_km(moon.name, t)
            pos -= moon.gm_km3_s2 * p
            vel -= moon.gm_km3_s2 * v
        return pos / _GM_SYSTEM, vel / _GM_SYSTEM

    def state_km(
        self, name: str, center: str, t_tdb_s: float | np.ndarray, strict: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """((n,3) km, (n,3) km/s) of `name` as seen from `center`."""
        p1, v1 = self.state_from_barycenter_km(name, t_tdb_s, strict)
        p0, v0 = self.state_from_barycenter_km(center, t_tdb_s, strict)
        return p1 - p0, v1 - v0

    def scene_positions_km(self, t_tdb_s: float, names: Sequence[str]) -> dict[str, np.ndarray]:
        """Every named body's position (3,) from the barycentre at one time."""
        return {n: s[0] for n, s in self.scene_states_km(t_tdb_s, names).items()}

    def scene_states_km(self, t_tdb_s: float, names: Sequence[str]
                        ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Every named body's (position (3,) km, velocity (3,) km/s) from the barycentre at
        one time: the per-frame call. The analytic moons come from one theory evaluation
        for all four."""
        t = np.array([t_tdb_s])
        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        need_analytic = [
            n for n in names
            if n in _MOON_NAMES and self._covering_kernel(BODIES[n].naif_id, t, False) is None
        ]
        jup_p, jup_v = self._jupiter_from_barycenter_km(t, False)
        jup = (jup_p[0], jup_v[0])
        analytic = moons_analytic.all_moon_states_from_jupiter_km(t_tdb_s) if need_analytic \
            else {}
        for n in names:
            if n == "jupiter":
                out[n] = jup
            elif n in analytic:
                p, v = analytic[n]
                out[n] = (p + jup[0], v + jup[1])
            else:
                p, v = self.state_from_barycenter_km(n, t)
                out[n] = (p[0], v[0])
        return out

    # ---- provenance ------------------------------------------------------------------------
    def source(self, name: str, t_tdb_s: float) -> Provenance:
        """Which data gives this body's position at t."""
        t = np.array([t_tdb_s])
        if name in self.extra_providers:
            return self.extra_providers[name].source(self, t_tdb_s)
        if name in ("sun", "earth"):
            return DE421
        if name not in BODIES:
            raise EphemerisError(f"unknown body '{name}'; choose one of: {self.names()}")
        kernel = self._covering_kernel(BODIES[name].naif_id, t, False)
        if kernel is not None:
            return kernel_provenance(kernel)
        return JUPITER_FROM_MOONS if name == "jupiter" else ANALYTIC_MOONS

    def names(self) -> str:
        return ", ".join(BODY_NAMES)

    def has_juno_kernel(self) -> bool:
        return any(-61 in k.coverage for k in self.kernels)
