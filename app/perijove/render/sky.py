"""The sky as drawn: which catalogue stars are shown, where they lie at the displayed epoch,
how bright and in what colour each is drawn, the Milky Way glow as a display image, which
star is under the pointer. Pure numpy: the layers in render/layers draw what this module
decides; the labels (render/star_labels.py) and the window's picking use it too.

A star is drawn as a round Gaussian spot in linear light (the image of a point source through
real optics), sRGB-encoded per pixel: its peak is the star's B-V colour
(perijove.catalogs.star_colour) times its linear display intensity
(perijove.catalogs.star_brightness: flux 10^(-0.4 V), gain from the limiting magnitude and the
exposure); `StarLook.rgb` holds that peak sRGB-encoded. A saturated star's spot grows so that its
area follows its flux (star_brightness.point_area_scale), up to MAX_AREA_SCALE. Spots have a
constant size on the screen whatever the zoom: sigma is in pixels of the frame the viewer sees.

Stars are directions at infinity (ICRF unit vectors), drawn as seen from the solar system's
barycentre: seen from Jupiter (5.2 au out), alpha Centauri, the nearest, shifts by at most
about 4" (Hipparcos parallax 754 mas), below a pixel for any field wider than a degree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from perijove.catalogs.milky_way import MilkyWayMap, galactic_latitude_deg
from perijove.catalogs.sky_catalogues import star_catalogue
from perijove.catalogs.star_brightness import display_intensity, point_area_scale
from perijove.catalogs.star_colour import srgb_encode, star_colours_linear
from perijove.catalogs.star_names import star_names
from perijove.catalogs.stars import StarCatalog
from perijove.core.timescale import SECONDS_PER_DAY
from perijove.scene.camera import CameraState
from perijove.scene.options import ViewOptions

# Gaussian sigma of a star's spot, pixels. Sampled at pixel centres, a Gaussian's summed light
# varies with its sub-pixel position by 2 exp(-2 pi^2 sigma^2) (Poisson summation): 1e-5 at
# 0.8 px, so stars keep their brightness as the view turns (no shimmer), yet look like points.
STAR_SIGMA_PX = 0.8
MAX_AREA_SCALE = 25.0  # a saturated spot grows to at most 5x the base width (Sirius at V 6.5)
# Proper motion moves the fastest star (Barnard's, 10.4"/yr) 0.03" a day: directions are
# recomputed when the displayed day changes, not every frame.
EPOCH_STEP_S = SECONDS_PER_DAY

# The Milky Way glow: the map's surface brightness minus its mean at the galactic poles
# (|b| > 60 deg), scaled so that the mean of the galactic plane (|b| < 5 deg) is drawn at this
# linear level (sRGB 0.10, 26/255, at brightness 1: a subtle glow on a black sky). The
# catalogue behind the map is shallow (G < 10), so a physical gain would make it invisible
# (perijove.catalogs.milky_way); the map has no colour, so the glow is neutral.
MILKY_WAY_PLANE_LINEAR = 0.010
PLANE_DEG, POLE_DEG = 5.0, 60.0


@dataclass(frozen=True, eq=False)
class StarLook:
    """How the stars brighter than a limit are drawn (rows as in `stars`, brightest first)."""

    stars: StarCatalog
    rgb: np.ndarray  # uint8 (n, 3): sRGB-encoded peak colour
    sigma_px: np.ndarray  # float32 (n,): Gaussian sigma of the spot on the viewer's frame


def build_star_look(catalogue: StarCatalog, limiting_mag: float, exposure_ev: float
                    ) -> StarLook:
    """Colours and spot sizes of the catalogue's stars with V <= limiting_mag (ValueError, one
    sentence, for a limit or exposure out of range)."""
    shown = catalogue.brighter_than(limiting_mag)
    intensity = display_intensity(shown.v_mag, limiting_mag, exposure_ev)
    linear = star_colours_linear(shown.b_minus_v) * intensity[:, None]
    rgb = np.rint(srgb_encode(linear) * 255.0).astype(np.uint8)
    area = np.minimum(point_area_scale(shown.v_mag, limiting_mag, exposure_ev), MAX_AREA_SCALE)
    sigma = (STAR_SIGMA_PX * np.sqrt(area)).astype(np.float32)
    return StarLook(shown, rgb, sigma)


@lru_cache(maxsize=4)
def star_look(limiting_mag: float, exposure_ev: float) -> StarLook:
    """`build_star_look` for the app's star catalogue, kept for the last few settings."""
    return build_star_look(star_catalogue(), float(limiting_mag), float(exposure_ev))


def epoch_tdb_s(t_tdb_s: float) -> float:
    """The epoch star directions are computed for: t rounded to EPOCH_STEP_S."""
    return round(float(t_tdb_s) / EPOCH_STEP_S) * EPOCH_STEP_S


def radec_deg(directions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Right ascension (0-360) and declination of ICRF unit vectors, degrees."""
    d = np.atleast_2d(directions)
    ra = np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 360.0
    return ra, np.degrees(np.arcsin(np.clip(d[:, 2], -1.0, 1.0)))


def project_directions(camera: CameraState, directions: np.ndarray, size_px: tuple[int, int]
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Pixels (n, 2) of directions at infinity and whether each is in the projection's view."""
    return camera.projection.forward(np.atleast_2d(directions) @ camera.basis(), size_px)


def hidden_by_globes(state, camera: CameraState, directions: np.ndarray) -> np.ndarray:  # noqa: ANN001
    """Whether each direction, seen from the camera, passes through a body (SceneState)."""
    d = np.atleast_2d(directions)
    hidden = np.zeros(len(d), dtype=bool)
    eye = np.asarray(camera.position_km, float)
    for key, body in state.bodies.items():
        if key in camera.hidden:
            continue
        to_centre = body.position_km - eye
        along = d @ to_centre
        miss2 = float(to_centre @ to_centre) - along ** 2
        hidden |= (along > 0.0) & (miss2 < float(body.radii_km.max()) ** 2)
    return hidden


@dataclass(frozen=True)
class PickedStar:
    hip: int
    name: str  # IAU name, or "" when the star has none
    v_mag: float
    ra_deg: float
    dec_deg: float

    def describe(self) -> str:
        """'Sirius (HIP 32349), V -1.46' or 'HIP 12345, V 5.31'."""
        title = f"{self.name} (HIP {self.hip})" if self.name else f"HIP {self.hip}"
        return (f"{title}, V {self.v_mag:.2f}, RA {self.ra_deg:.3f}°, "
                f"Dec {self.dec_deg:+.3f}°")


def star_at(state, camera: CameraState, size_px: tuple[int, int],  # noqa: ANN001
            xy_px: tuple[float, float], options: ViewOptions, radius_px: float = 6.0
            ) -> PickedStar | None:
    """The drawn star nearest the pixel `xy_px` (x right, y down) within `radius_px` (more
    for a big saturated spot), not behind a body; None if there is none."""
    if not options.stars:
        return None
    look = star_look(options.limiting_mag, options.star_exposure_ev)
    if not len(look.stars):
        return None
    d = look.stars.directions_icrf(epoch_tdb_s(state.t_tdb_s))
    xy, visible = project_directions(camera, d, size_px)
    dist = np.hypot(xy[:, 0] - xy_px[0], xy[:, 1] - xy_px[1])
    near = visible & (dist <= np.maximum(radius_px, 3.0 * look.sigma_px))
    if not near.any():
        return None
    rows = np.flatnonzero(near)
    rows = rows[~hidden_by_globes(state, camera, d[rows])]
    if not rows.size:
        return None
    i = int(rows[np.argmin(dist[rows])])
    ra, dec = radec_deg(d[i])
    hip = int(look.stars.hip[i])
    return PickedStar(hip, star_names().get(hip, ""), float(look.stars.v_mag[i]),
                      float(ra[0]), float(dec[0]))


def milky_way_levels(sky: MilkyWayMap) -> tuple[float, float]:
    """The map's mean surface brightness at the galactic poles and in the plane (solid-angle
    weighted), in its own units."""
    ra, dec = sky.cell_centres_deg()
    b = np.abs(galactic_latitude_deg(ra[None, :], dec[:, None]))
    weight = np.broadcast_to(np.cos(np.radians(dec))[:, None], b.shape)
    s = sky.surface_flux_per_deg2

    def mean(mask: np.ndarray) -> float:
        return float(np.sum(s[mask] * weight[mask]) / max(np.sum(weight[mask]), 1e-30))

    return mean(b > POLE_DEG), mean(b < PLANE_DEG)


def milky_way_image(sky: MilkyWayMap, brightness: float = 1.0) -> np.ndarray:
    """The glow as an sRGB image (height, width, 3) uint8 on the map's grid (north at row 0,
    RA increasing with the column); all black for an empty map or brightness 0."""
    pole, plane = milky_way_levels(sky)
    if not (plane > pole and math.isfinite(plane)) or brightness <= 0.0:
        return np.zeros((*sky.shape, 3), np.uint8)
    level = (sky.surface_flux_per_deg2 - pole) / (plane - pole)
    linear = np.clip(level, 0.0, None) * (MILKY_WAY_PLANE_LINEAR * brightness)
    grey = np.rint(srgb_encode(linear) * 255.0).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)
