"""What the About / Data sources dialog says: every dataset and image the app shows."""

from __future__ import annotations

from perijove.ephem.moons_analytic import ANALYTIC_CREDIT
from perijove.ephem.planets import DE421_CREDIT


def data_sources_html(maps: dict, ephemeris) -> str:  # noqa: ANN001
    rows = []
    for body, surface in maps.items():
        label = "embedded default" if surface.is_default else surface.path.name
        rows.append(f"<li><b>{body.capitalize()} map</b> ({label}): {surface.credit}</li>")
    kernels = "".join(
        f"<li><b>SPICE kernel</b> {k.name}: NASA/JPL NAIF, loaded from {k.path}</li>"
        for k in ephemeris.kernels
    )
    return (
        "<h3>Perijove</h3><p>The Jovian system and NASA's Juno flybys in 3D.</p>"
        "<h4>Data sources</h4><ul>"
        f"<li><b>Sun and Jupiter</b>: {DE421_CREDIT}</li>"
        f"<li><b>Galilean moons</b> (embedded default): {ANALYTIC_CREDIT}</li>"
        f"{kernels}"
        "<li><b>Rotation models and radii</b>: IAU WGCCRE 2015, Archinal et al. (2018), "
        "Celest. Mech. Dyn. Astron. 130:22</li>"
        "<li><b>Masses</b>: NAIF gm_de440.tpc</li>"
        "<li><b>Juno</b>: SPICE kernels where loaded (NASA/JPL Juno navigation team, NAIF); "
        "otherwise Perijove's model fitted to published flyby facts (assets/flybys.csv: NASA/"
        "JPL and NASA/SwRI releases, Hansen et al. 2022, J. Perry) and perijove times (LASP "
        "mission planning tables via jpmorgen/IoIO)</li>"
        "<li><b>Juno spacecraft</b>: built from the NASA Juno launch press kit (2011) "
        "dimensions, or NASA 3D Resources' model when installed</li>"
        f"{''.join(rows)}</ul>"
        "<p>Libraries: VTK (Kitware), Qt for Python, skyfield (B. Rhodes), SpiceyPy "
        "(A. Annex), astronomy-engine (D. Cross), NumPy, trimesh.</p>"
    )
