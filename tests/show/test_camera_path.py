from __future__ import annotations

import math

import numpy as np
import pytest

from perijove.scene.easing import Easing
from perijove.show import quaternion
from perijove.show.camera_path import CameraPath, Keyframe, evaluate
from perijove.show.scene_file import SceneFileError, load_scene, scene_to_toml
from tests.conftest import ROOT

FRAME = np.eye(3)
POS = {"io": np.array([1000.0, 0.0, 0.0]), "juno": np.array([1000.0, 3000.0, 0.0])}


def test_distance_is_interpolated_logarithmically() -> None:
    path = CameraPath([Keyframe(0, "io", 100.0, ease=Easing.LINEAR),
                       Keyframe(10, "io", 10_000.0, ease=Easing.LINEAR)])
    pose = evaluate(path, 5.0, POS, FRAME)
    assert np.linalg.norm(pose.position_km - pose.focal_point_km) == pytest.approx(1000.0)


def test_orientation_slerps_at_constant_angular_rate() -> None:
    path = CameraPath([Keyframe(0, "io", 100.0, azimuth_deg=0, elevation_deg=0,
                                ease=Easing.LINEAR),
                       Keyframe(10, "io", 100.0, azimuth_deg=90, elevation_deg=0,
                                ease=Easing.LINEAR)])
    for t, az in ((2.5, 22.5), (5.0, 45.0), (7.5, 67.5)):
        pose = evaluate(path, t, POS, FRAME)
        d = (pose.position_km - pose.focal_point_km) / 100.0
        assert math.degrees(math.atan2(d[1], d[0])) == pytest.approx(az, abs=1e-6)


def test_endpoints_hold_and_easing_is_smooth() -> None:
    path = CameraPath([Keyframe(0, "io", 100.0), Keyframe(10, "juno", 0.1)])
    start, end = evaluate(path, -5, POS, FRAME), evaluate(path, 50, POS, FRAME)
    assert np.allclose(start.focal_point_km, POS["io"])
    assert np.allclose(end.focal_point_km, POS["juno"])
    # Zooming in from Io to Juno, the view reaches Juno early (pan while far out).
    mid = evaluate(path, 4.0, POS, FRAME)
    assert np.allclose(mid.focal_point_km, POS["juno"])


def test_quaternion_round_trip() -> None:
    rng = np.random.default_rng(1)
    for _ in range(20):
        q = rng.normal(size=4)
        q /= np.linalg.norm(q)
        m = quaternion.to_matrix(q)
        assert np.allclose(m @ m.T, np.eye(3))
        q2 = quaternion.from_matrix(m)
        assert np.allclose(q2, q) or np.allclose(q2, -q)


@pytest.mark.parametrize("name", ["pj34-ganymede", "pj45-europa", "pj57-io", "pj58-io"])
def test_shipped_scenes_load_and_round_trip(name: str, tmp_path) -> None:
    scene = load_scene(ROOT / "scenes" / f"{name}.toml")
    assert scene.flyby_id and len(scene.camera.keyframes) >= 3
    assert scene.start_tdb_s < scene.camera.keyframes[0].at_s + scene.end_tdb_s
    copy = tmp_path / "copy.toml"
    copy.write_text(scene_to_toml(scene))
    again = load_scene(copy)
    assert again.camera.sorted() == scene.camera.sorted()
    assert again.start_tdb_s == pytest.approx(scene.start_tdb_s)


@pytest.mark.parametrize("text,needle", [
    ("flyby = 'PJ57-Io'\n", "no [[keyframe]]"),
    ("flyby = 'PJ99'\n[[keyframe]]\nat_s=0\nanchor='io'\ndistance_km=1\n", "unknown flyby"),
    ("flyby = 'PJ57-Io'\n[[keyframe]]\nat_s=0\nanchor='pluto'\ndistance_km=1\n", "anchor"),
    ("flyby = 'PJ57-Io'\n[[keyframe]]\nat_s=0\nanchor='io'\ndistance_km=-1\n", "positive"),
    ("flyby = [\n", "not valid TOML"),
])
def test_bad_scene_files(text: str, needle: str, tmp_path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(text)
    with pytest.raises(SceneFileError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        load_scene(p)


def test_shipped_scenes_by_name() -> None:
    from perijove.show.scene_file import shipped_scenes

    assert {"pj34-ganymede", "pj45-europa", "pj57-io", "pj58-io"} <= set(shipped_scenes())
    assert load_scene("pj57-io").flyby_id == "PJ57-Io"


def test_unquoted_toml_datetimes_are_accepted(tmp_path) -> None:
    p = tmp_path / "dt.toml"
    p.write_text("flyby = 'PJ57-Io'\nstart = 2023-12-30T08:00:00Z\nend = 2023-12-30T09:00:00Z\n"
                 "[[keyframe]]\nat_s=0\nanchor='io'\ndistance_km=1e4\n")
    scene = load_scene(p)
    assert scene.end_tdb_s - scene.start_tdb_s == pytest.approx(3600.0)


@pytest.mark.parametrize("text,needle", [
    ("flyby = 'PJ57-Io'\nkeyframe = 3\n", "tables"),
    ("start='2023-12-30'\nend='2023-12-31'\n[[keyframe]]\nat_s=0\nanchor='juno'\n"
     "distance_km=1\n", "needs 'flyby'"),
    ("flyby = 'PJ57-Io'\n[[keyframe]]\nat_s=0\nanchor='io'\ndistance_km=inf\n", "finite"),
])
def test_more_bad_scene_files(text: str, needle: str, tmp_path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(text)
    with pytest.raises(SceneFileError, match=needle):
        load_scene(p)


def _some_of_the_disc_in_frame(camera, centre_km: np.ndarray, radius_km: float,  # noqa: ANN001
                               size_px: tuple[int, int]) -> bool:
    """Whether the point of a sphere's disc nearest the view axis lands inside the frame."""
    pos = camera.position_km
    f = camera.focal_point_km - pos
    f = f / np.linalg.norm(f)
    g = centre_km - pos
    d = float(np.linalg.norm(g))
    g = g / d
    radius = math.asin(min(1.0, radius_km / d))
    off = math.acos(float(np.clip(np.dot(f, g), -1.0, 1.0)))
    if off <= radius:
        return True  # the view axis itself meets the moon
    perp = g - np.dot(g, f) * f
    perp = perp / np.linalg.norm(perp)
    nearest = pos + (math.cos(off - radius) * f + math.sin(off - radius) * perp) * d
    xy, seen = camera.project(nearest, size_px)
    return bool(seen[0] and 0 <= xy[0][0] < size_px[0] and 0 <= xy[0][1] < size_px[1])


@pytest.mark.parametrize("name", ["pj34-ganymede", "pj45-europa", "pj57-io", "pj58-io"])
def test_story_paths_never_lose_the_moon(name: str) -> None:
    """Every quarter second of the shipped story paths (1280x720, 35 degrees), some of the
    moon is in frame: also while diving into the chase view and pulling back from Juno's own
    view (before the blends kept it in view, each path lost it for about 1.5 s twice)."""
    from perijove.scene.projection import Perspective
    from perijove.session import Session

    scene = load_scene(name)
    session = Session((), (), 0.0)
    session.open_flyby(scene.flyby_id)
    session.set_projection(Perspective(35.0), 16 / 9)
    mode = session.path_mode(scene)
    session.set_camera_mode(mode)
    moon = session.track.moon
    lost = []
    for anim_s in np.arange(0.0, scene.duration_s + 1e-9, 0.25):
        mode.anim_s = float(anim_s)
        state = session.state_at(scene.time_at(float(anim_s)))
        body = state.bodies[moon]
        if not _some_of_the_disc_in_frame(session.camera(state), body.position_km,
                                          float(body.radii_km.max()), (1280, 720)):
            lost.append(float(anim_s))
    assert not lost, f"{moon} out of frame at {lost} s"
