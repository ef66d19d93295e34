"""Juno in the scene: trail through the craft, spin and antenna pointing, the glTF model."""

from __future__ import annotations

import numpy as np
import pytest

from perijove.core.spacecraft import SPAN_M
from perijove.core.timescale import parse_utc
from perijove.render.layers.spacecraft import JunoActor
from perijove.scene.flyby import format_countdown
from perijove.session import Session
from tests.conftest import shared_file
from tests.render.offscreen import OffscreenView

CA = parse_utc("2023-12-30T08:36:01Z")


@pytest.fixture(scope="module")
def view() -> OffscreenView:
    session = Session(t_tdb_s=CA, use_installed=False)
    session.open_flyby("PJ57-Io", CA)
    v = OffscreenView((320, 240), session)
    v.update(CA)
    return v


def _trail_points(view: OffscreenView) -> np.ndarray:
    """The trail as the renderer drew it: its line's vertices, placed at its anchor."""
    from vtkmodules.util.numpy_support import vtk_to_numpy

    actor, mapper = view.renderer.layer("trail").actors["trail:juno"]
    poly = mapper.GetInput()
    return vtk_to_numpy(poly.GetPoints().GetData()) + np.array(actor.GetPosition())


def test_trail_passes_through_the_craft_at_closest_approach(view) -> None:
    for t in (CA, CA + 0.7, CA - 333.3):
        view.update(t)
        view.renderer.update(view.state, view.session.scene.graph, view.options)
        points = _trail_points(view)
        juno = view.state.spacecraft["juno"].position_km
        nearest = np.min(np.linalg.norm(points - juno, axis=1))
        assert nearest < 1e-6  # km: the craft's position is a vertex of the line


def test_trail_chords_follow_the_path_within_metres_near_ca(view) -> None:
    # Between 2 s samples the straight chord must stay within 10 m (half the craft's size)
    # of the true path: no kink or gap at 1,500 km from Io.
    eph = view.session.ephemeris
    track = view.session.track
    t = CA + np.arange(-120.0, 120.0, 2.0)
    rel, _ = eph.state_km("juno", "io", t)
    mid, _ = eph.state_km("juno", "io", t[:-1] + 1.0)
    chord_mid = 0.5 * (rel[:-1] + rel[1:])
    assert np.max(np.linalg.norm(mid - chord_mid, axis=1)) < 0.010
    assert np.all(np.diff(track.times[(track.times > CA - 100)
                                      & (track.times < CA + 100)]) <= 2.0 + 1e-9)


def test_spin_rate_and_antenna_toward_earth(view) -> None:
    # Science spin rate 2 rpm = 12 deg/s (Bolton et al. 2017): 5 s later, 60 deg around.
    eph = view.session.ephemeris
    mats = []
    for t in (CA, CA + 5.0):
        view.update(t)
        view.renderer.update(view.state, view.session.scene.graph, view.options)
        craft = view.renderer.layer("spacecraft").craft["juno"]
        m = np.array([[craft._matrix.GetElement(i, j) for j in range(3)]
                      for i in range(3)]) / 1e-3
        mats.append(m)
        juno = view.state.spacecraft["juno"].position_km
        earth = eph.state_from_barycenter_km("earth", np.array([t]))[0][0]
        to_earth = (earth - juno) / np.linalg.norm(earth - juno)
        assert np.dot(m[:, 2], to_earth) == pytest.approx(1.0, abs=1e-9)
    angle = np.degrees(np.arccos(np.clip(np.dot(mats[0][:, 0], mats[1][:, 0]), -1, 1)))
    assert angle == pytest.approx(60.0, abs=0.5)


def test_true_scale() -> None:
    juno = JunoActor()
    bounds = juno.assembly.GetBounds()  # metres before the km scale of the pose
    span = max(bounds[1] - bounds[0], bounds[3] - bounds[2])
    assert span == pytest.approx(SPAN_M - 2.0, abs=2.5)  # ~20-24 m tip to tip (NASA)
    assert juno.radius_km == pytest.approx(SPAN_M / 2 / 1000)


def test_nasa_gltf_model_loads() -> None:
    path = shared_file("models", "juno_nasa.glb")
    juno = JunoActor(path)
    assert juno.source.startswith("NASA 3D model")
    bounds = juno.assembly.GetBounds()
    span = max(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4])
    assert 15 < span < 30  # metres: the README gives about 23 m


def test_countdown_format() -> None:
    assert format_countdown(750.0) == "T-00:12:30"
    assert format_countdown(-3661.0) == "T+01:01:01"
    assert format_countdown(90000.0) == "T-1d 01:00:00"
