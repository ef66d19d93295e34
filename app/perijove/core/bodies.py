"""The body table: one row per body Perijove shows, every fact with its source.

A new body is one row here (plus its rotation model in rotation.py and, for a globe, a map
in maps/): everything else (ephemeris name checks, orbit lines and colours, labels, the
body list, data status) reads this table.

Sources, per column:
- radii: IAU WGCCRE 2015 report, Archinal et al. (2018), Celest. Mech. Dyn. Astron. 130:22,
  Tables 4 and 5 (as carried in NAIF's pck00011.tpc). The Sun: IAU 2015 Resolution B3
  nominal solar radius.
- GM: NAIF gm_de440.tpc (BVS/NAIF 2022-12-14: DE440 and Jacobson's satellite solutions),
  km^3/s^2; Jupiter's GM is the planet's (599), not the system barycentre's (5).
- orbit periods: sidereal, days, NASA/NSSDCA Jovian satellite fact sheet (D. Williams).
- rotation: the IAU model of the same name in core/rotation.py.
- colours: Perijove's choice for orbit lines and labels (not a fact).
"""

from __future__ import annotations

from dataclasses import dataclass

AU_KM = 149_597_870.7  # IAU 2012 Resolution B2


@dataclass(frozen=True)
class Body:
    name: str  # lower-case key used on the command line and in the scene
    title: str  # for people
    naif_id: int
    parent: str | None  # the body it orbits in the scene ("jupiter" for the moons)
    radii_km: tuple[float, float, float]  # a (toward prime meridian), b, c (polar)
    gm_km3_s2: float
    colour: tuple[float, float, float]  # orbit line and label marker, 0..1
    orbit_period_d: float | None = None  # sidereal period around the parent
    is_globe: bool = True  # drawn as a textured, rotating globe

    @property
    def mean_radius_km(self) -> float:
        a, b, c = self.radii_km
        return (a * b * c) ** (1.0 / 3.0)

    @property
    def max_radius_km(self) -> float:
        return max(self.radii_km)

    @property
    def rotation_model(self) -> str:
        """Key of this body's IAU rotation model in core/rotation.py."""
        return self.name


SUN = Body("sun", "Sun", 10, None, (695_700.0,) * 3, 132_712_440_041.279, (1.0, 0.95, 0.8),
           is_globe=False)
JUPITER = Body("jupiter", "Jupiter", 599, None, (71_492.0, 71_492.0, 66_854.0), 126_686_531.9,
               (0.9, 0.8, 0.6))
IO = Body("io", "Io", 501, "jupiter", (1_829.4, 1_819.4, 1_815.7), 5_959.9155,
          (0.95, 0.85, 0.35), 1.769138)
EUROPA = Body("europa", "Europa", 502, "jupiter", (1_562.6, 1_560.3, 1_559.5), 3_202.712,
              (0.75, 0.8, 0.9), 3.551181)
GANYMEDE = Body("ganymede", "Ganymede", 503, "jupiter", (2_631.2, 2_631.2, 2_631.2), 9_887.833,
                (0.6, 0.75, 0.6), 7.154553)
CALLISTO = Body("callisto", "Callisto", 504, "jupiter", (2_410.3, 2_410.3, 2_410.3), 7_179.289,
                (0.7, 0.6, 0.5), 16.689018)

MOONS: tuple[Body, ...] = (IO, EUROPA, GANYMEDE, CALLISTO)
GLOBES: tuple[Body, ...] = (JUPITER, *MOONS)
BODIES: dict[str, Body] = {b.name: b for b in (SUN, *GLOBES)}
MOON_NAMES: tuple[str, ...] = tuple(m.name for m in MOONS)

# Jupiter's second zonal harmonic, normalised to 71,492 km: Durante et al. (2020), Geophys.
# Res. Lett. 47, e2019GL086572, Table 2 (Juno gravity science).
JUPITER_J2 = 14_696.5735e-6
JUPITER_J2_REFERENCE_RADIUS_KM = 71_492.0


def body(name: str) -> Body:
    """Look up a body by its command-line name; unknown names raise a one-line KeyError."""
    try:
        return BODIES[name.lower()]
    except KeyError:
        raise KeyError(
            f"unknown body '{name}'; choose one of: {', '.join(BODIES)}"
        ) from None
