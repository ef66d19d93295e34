"""The moment every flyby exists for: at closest approach, every camera mode and the flyby's
story (the default export camera) show the moon large and lit (the night sides by
Jupitershine, with the automatic exposure), and Juno in frame."""

from __future__ import annotations

import math

import numpy as np
import pytest

from perijove.core.bodies import BODIES
from perijove.export.frames import FrameSource
from perijove.export.settings import ExportSettings
from perijove.flybys.catalog import find
from perijove.scene.lighting import jupitershine
from perijove.scene.projection import Perspective
from perijove.session import Session
from perijove.show.scene_file import load_scene
from tests.conftest import ROOT
from tests.render.offscreen import OffscreenView

SIZE = (640, 360)
MAJOR = {"PJ34-Ganymede": "pj34-ganymede", "PJ45-Europa": "pj45-europa",
         "PJ57-Io": "pj57-io", "PJ58-Io": "pj58-io"}


def _moon_mask(camera, centre: np.ndarray, radius_km: float) -> np.ndarray:  # noqa: ANN001
    """Pixels whose ray meets the moon, from the camera alone (not from VTK)."""
    w, h = SIZE
    ys, xs = np.mgrid[0:h, 0:w]
    right, up, fwd = camera.basis().T
    t = math.tan(math.radians(camera.projection.fov_deg) / 2)
    d = (fwd + ((xs + 0.5 - w / 2) / (h / 2) * t)[..., None] * right
         + ((h / 2 - ys - 0.5) / (h / 2) * t)[..., None] * up)
    d /= np.linalg.norm(d, axis=-1, keepdims=True)
    oc = centre - camera.position_km
    along = d @ oc
    return (along > 0) & (oc @ oc - along ** 2 < (radius_km * 0.98) ** 2)


def _check(img: np.ndarray, state, camera, moon: str, juno_expected: bool) -> None:  # noqa: ANN001
    mask = _moon_mask(camera, state.bodies[moon].position_km, BODIES[moon].mean_radius_km)
    assert mask.mean() >= 0.15, f"the moon covers {mask.mean():.0%} of the frame"
    mean = img[mask].mean()
    assert mean >= 25, f"the moon's pixels average {mean:.1f}/255"
    if juno_expected:
        xy, visible = camera.project(state.spacecraft["juno"].position_km, SIZE)
        assert visible[0] and 0 <= xy[0, 0] < SIZE[0] and 0 <= xy[0, 1] < SIZE[1]


@pytest.mark.parametrize("flyby", list(MAJOR))
@pytest.mark.parametrize("mode", ["target", "follow", "from-juno"])
def test_camera_modes_at_ca(flyby: str, mode: str) -> None:
    session = Session(use_installed=False)
    session.open_flyby(flyby)
    session.set_projection(Perspective(35.0), SIZE[0] / SIZE[1])
    session.set_camera_mode(mode)
    view = OffscreenView(SIZE, session)
    view.update(session.flyby.ca_tdb_s)
    view.camera = session.camera(view.state)
    view.focus = session.focus()
    img = view.render().astype(float)
    _check(img, view.state, view.camera, session.flyby.moon, mode != "from-juno")


@pytest.mark.parametrize("flyby", list(MAJOR))
def test_story_path_at_ca(flyby: str, tmp_path) -> None:
    scene = load_scene(ROOT / "scenes" / f"{MAJOR[flyby]}.toml")
    # The story's frame at closest approach: the animation time its time keys give CA.
    scene_ca = find(flyby).ca_tdb_s
    anim_s = scene.anim_s_at(scene_ca)
    fps = 10
    s = ExportSettings(out=tmp_path / "x.mp4", start_tdb_s=scene.start_tdb_s,
                       end_tdb_s=scene.end_tdb_s, duration_s=scene.duration_s, fps=fps,
                       size=SIZE, camera=f"path:{MAJOR[flyby]}", flyby_id=flyby,
                       overlays=(), time_keys=tuple((k.at_s, k.t_tdb_s)
                                                    for k in scene.time_keys))
    i = round(anim_s * fps)
    assert abs(s.frame_time(i) - scene_ca) < 1.0  # the frame shows CA
    source = FrameSource(s)
    img = source.render(i).astype(float)
    state = source.session.state_at(s.frame_time(i))
    camera = source.session.camera(state)
    _check(img, state, camera, source.session.flyby.moon, "juno" not in camera.hidden)


def test_jupitershine_is_brighter_when_jupiter_is_fuller() -> None:
    # Io's night side faces Jupiter when Io is between the Sun and Jupiter (Jupiter full as
    # seen from Io); a quarter of an orbit later Jupiter is half lit: less light reaches Io.
    session = Session(use_installed=False)
    t0 = session.clock.t_tdb_s
    times = t0 + np.arange(0, 1.77 * 86400, 600.0)  # one Io orbit (1.769 d, NSSDCA)
    levels = [jupitershine(session.state_at(t), "io")[1] for t in times]
    full = times[int(np.argmax(levels))]
    quarter = full + 0.25 * 1.769138 * 86400
    s_full, s_quarter = session.state_at(full), session.state_at(quarter)
    # At "full Jupiter" the Sun is behind Io as seen from Jupiter: phase angle near 0.
    to_io = s_full.bodies["io"].position_km - s_full.bodies["jupiter"].position_km
    assert np.dot(to_io / np.linalg.norm(to_io), s_full.sun_direction) > 0.99
    # 0.538 (Mallama et al. 2017) x (71,492 / 421,700 km)^2 = 1.5% of sunlight at full phase.
    assert jupitershine(s_full, "io")[1] == pytest.approx(0.0155, rel=0.08)
    # And the rendered night side (the sub-Jupiter point, seen from above it) is brighter
    # at full than at quarter phase, at the same fixed exposure.
    brightness = []
    for state in (s_full, s_quarter):
        view = OffscreenView((200, 200), session)
        view.state = state
        view.options = view.options.with_(labels=False, orbits=False, exposure_ev=6.0)
        io, jup = state.bodies["io"].position_km, state.bodies["jupiter"].position_km
        toward = (jup - io) / np.linalg.norm(jup - io)
        night = toward - np.dot(toward, state.sun_direction) * state.sun_direction
        night = night / np.linalg.norm(night) - 1.5 * state.sun_direction  # over the night side
        view.place_camera("io", 6000.0, night)
        img = view.render().astype(float)
        brightness.append(img[90:110, 90:110].mean())
    assert brightness[0] > 1.3 * brightness[1] > 0, brightness
