"""What the About / Data sources dialog says: every dataset and image the app shows, and
the libraries it is made with."""

from __future__ import annotations

import html

from perijove.ephem.moons_analytic import ANALYTIC_CREDIT
from perijove.ephem.planets import DE421_CREDIT
from perijove.session import sky_credits


def data_sources_html(session) -> str:  # noqa: ANN001 - Session
    maps = "".join(
        f"<li><b>{body.capitalize()} map</b> ({html.escape(m.label or m.path.name)}): "
        f"{html.escape(m.credit)}</li>" for body, m in session.maps.items())
    eph = session.ephemeris
    kernels = "".join(
        f"<li><b>SPICE kernel</b> {html.escape(k.name)}: NASA/JPL NAIF, loaded from "
        f"{html.escape(str(k.path))}</li>" for k in eph.kernels)
    juno = ""
    if session.flyby is not None:
        juno = (f"<li><b>Juno's trajectory now</b>: "
                f"{html.escape(eph.source('juno', session.clock.t_tdb_s).credit)}</li>")
    sky = "".join(f"<li>{html.escape(line)}</li>" for line in sky_credits(session.options))
    return (
        "<h3>Perijove</h3><p>The Jovian system and NASA's Juno flybys in 3D.</p>"
        "<h4>Data sources</h4><ul>"
        f"<li><b>Sun and Jupiter</b>: {DE421_CREDIT}</li>"
        f"<li><b>Galilean moons</b> (embedded default): {ANALYTIC_CREDIT}</li>"
        f"{kernels}{juno}"
        "<li><b>Rotation models and radii</b>: IAU WGCCRE 2015, Archinal et al. (2018), "
        "Celest. Mech. Dyn. Astron. 130:22</li>"
        "<li><b>Masses</b>: NAIF gm_de440.tpc</li>"
        "<li><b>Juno</b>: SPICE kernels where loaded (NASA/JPL Juno navigation team, NAIF); "
        "otherwise Perijove's model fitted to published flyby facts (assets/flybys.csv: NASA/"
        "JPL and NASA/SwRI releases, Hansen et al. 2022, J. Perry) and perijove times (LASP "
        "mission planning tables via jpmorgen/IoIO)</li>"
        "<li><b>Juno spacecraft</b>: built from the NASA Juno launch press kit (2011) "
        "dimensions, or NASA 3D Resources' model when installed</li>"
        f"{maps}{sky}</ul>"
        "<p>Libraries: VTK (Kitware), Qt for Python, skyfield (B. Rhodes), SpiceyPy "
        "(A. Annex), astronomy-engine (D. Cross), NumPy, SciPy, OpenCV, trimesh, PyAV.</p>"
    )
