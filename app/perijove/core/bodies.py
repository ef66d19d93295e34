"""The bodies Perijove shows: names, NAIF ids, radii and masses, each with its source.

Radii: IAU WGCCRE 2015 report, Archinal et al. (2018), Celest. Mech. Dyn. Astron. 130:22,
Table 4 and 5 (as carried in NAIF's pck00011.tpc). The Sun: IAU 2015 Resolution B3 nominal
solar radius. GM: NAIF gm_de440.tpc (BVS/NAIF 2022-12-14: DE440 and Jacobson's satellite
solutions), km^3/s^2; Jupiter's GM is the planet's (599), not the system barycentre's (5).
"""

from __future__ import annotations

from dataclasses import dataclass

AU_KM = 149_597_870.7  # IAU 2012 Resolution B2


@dataclass(frozen=True)
class Body:
    name: str  # lower-case key used on the command line
    title: str  # for people
    naif_id: int
    radii_km: tuple[float, float, float]  # a (toward prime meridian), b, c (polar)
    gm_km3_s2: float

    @property
    def mean_radius_km(self) -> float:
        a, b, c = self.radii_km
        return (a * b * c) ** (1.0 / 3.0)

    @property
    def max_radius_km(self) -> float:
        return max(self.radii_km)


SUN = Body("sun", "Sun", 10, (695_700.0,) * 3, 132_712_440_041.279)
JUPITER = Body("jupiter", "Jupiter", 599, (71_492.0, 71_492.0, 66_854.0), 126_686_531.9)
IO = Body("io", "Io", 501, (1_829.4, 1_819.4, 1_815.7), 5_959.9155)
EUROPA = Body("europa", "Europa", 502, (1_562.6, 1_560.3, 1_559.5), 3_202.712)
GANYMEDE = Body("ganymede", "Ganymede", 503, (2_631.2, 2_631.2, 2_631.2), 9_887.833)
CALLISTO = Body("callisto", "Callisto", 504, (2_410.3, 2_410.3, 2_410.3), 7_179.289)

MOONS: tuple[Body, ...] = (IO, EUROPA, GANYMEDE, CALLISTO)
GLOBES: tuple[Body, ...] = (JUPITER, *MOONS)
BODIES: dict[str, Body] = {b.name: b for b in (SUN, *GLOBES)}

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
