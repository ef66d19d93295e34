"""Feature labels join the frame's label layout: they never collide with each other or with the
scene's other labels and overlays, never show through a globe (the far side, the limb, a globe
in front), appear by size on screen with the largest first, and follow View > Features."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from perijove.catalogs.features import find_feature, load_features
from perijove.core.bodies import IO
from perijove.core.timescale import parse_utc
from perijove.export.overlays import overlay_items
from perijove.render.annotations import annotate, text_box
from perijove.scene.camera import look_from
from perijove.scene.camera_modes import BodyMode
from perijove.scene.projection import Perspective
from perijove.scene.state import BodyState
from perijove.scene.surface_labels import MIN_LABEL_DIAMETER_PX, seen_points
from perijove.session import Session

SIZE = (1280, 720)
PJ57_CA = parse_utc("2023-12-30T08:36:01Z")


def _overlaps(a, b) -> bool:  # noqa: ANN001
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _session(**options) -> Session:
    s = Session(use_installed=False)
    s.options = s.options.with_(features=True, hotspots=True, **options)
    s.set_projection(Perspective(35.0), SIZE[0] / SIZE[1])
    return s


def _close_over(s: Session, t: float, lat: float, lon_east: float, altitude_km: float):  # noqa: ANN202
    state = s.state_at(t)
    io = state.bodies["io"]
    u = np.array([np.cos(np.radians(lat)) * np.cos(np.radians(lon_east)),
                  np.cos(np.radians(lat)) * np.sin(np.radians(lon_east)),
                  np.sin(np.radians(lat))])
    s.set_camera_mode(BodyMode(body="io", distance_km=IO.max_radius_km + altitude_km,
                               direction=io.body_to_icrf @ u))
    return state, s.camera(state)


def _scenes():
    s = _session()
    s.open_flyby("PJ57-Io", PJ57_CA)  # the flyby's own camera at closest approach
    state = s.state_at(PJ57_CA)
    yield "PJ57 CA, flyby camera", s, state, s.camera(state)
    s = _session()
    yield ("1,500 km over Loki", s, *_close_over(s, PJ57_CA, 13.0, 51.2, 1_500.0))
    s = _session()
    yield ("Io's limb from 3,000 km", s, *_close_over(s, PJ57_CA, 0.0, 200.0, 3_000.0))


def _first_hit_on_io(state, eye: np.ndarray, point: np.ndarray) -> float:  # noqa: ANN001
    """Distance along the ray eye -> point to where it first meets Io's ellipsoid."""
    io = state.bodies["io"]
    to_body = io.body_to_icrf.T
    o = to_body @ (eye - io.position_km) / io.radii_km
    d = to_body @ (point - eye) / io.radii_km
    length = np.linalg.norm(d)
    d = d / length
    b = float(o @ d)
    disc = b * b - (float(o @ o) - 1.0)
    return (-b - np.sqrt(disc)) / 1.0 * np.linalg.norm(
        io.body_to_icrf @ (d * io.radii_km)) if disc > 0 else np.inf


@pytest.mark.parametrize("name,session,state,camera", list(_scenes()),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_feature_labels_never_collide_and_never_show_through_the_globe(name, session, state,
                                                                      camera) -> None:
    fixed = overlay_items({"title": "Juno's flyby", "time": "2023-12-30 08:36:01 UTC"},
                          camera.projection, SIZE)
    ann = annotate(state, session.scene.graph, camera, SIZE, session.focus(), True,
                   session.maps, fixed, options=session.options)
    labelled = [p for p in ann.picks if p.kind == "feature" and p.box is not None]
    assert len(labelled) >= 3, name
    boxes = [text_box(t) for t in ann.texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not _overlaps(boxes[i], boxes[j]), (name, ann.texts[i].text,
                                                       ann.texts[j].text)
    eye = np.asarray(camera.position_km, float)
    io = state.bodies["io"]
    px_per_rad = camera.projection.pixels_per_radian(SIZE)
    for pick in labelled:
        _, body, feature_name = pick.key.split(":", 2)
        assert body == "io"
        f = find_feature("io", feature_name)
        point = io.position_km + io.body_to_icrf @ (f.unit_vector() * io.radii_km)
        # Seen: the line of sight meets Io first at the feature itself (not the far side
        # through the globe), and its surface faces the camera.
        dist = np.linalg.norm(point - eye)
        assert _first_hit_on_io(state, eye, point) == pytest.approx(dist, rel=1e-4), f.name
        # No other globe in between.
        for key, other in state.bodies.items():
            if key == "io":
                continue
            ray = (point - eye) / dist
            along = float(ray @ (other.position_km - eye))
            miss = np.linalg.norm(other.position_km - eye - along * ray)
            assert not (0 < along < dist and miss < other.radii_km.min()), (f.name, key)
        # Big enough on screen to be named.
        diameter = f.diameter_km or 50.0
        assert diameter / dist * px_per_rad >= 0.99 * MIN_LABEL_DIAMETER_PX


def test_a_feature_on_the_far_side_has_no_label_and_no_dot_to_click() -> None:
    loki = find_feature("io", "Loki Patera")
    s = _session()
    state, camera = _close_over(s, PJ57_CA, -loki.lat_deg, loki.lon_east_deg + 180.0, 4_000.0)
    ann = annotate(state, s.scene.graph, camera, SIZE, "io", True, s.maps, options=s.options)
    keys = {p.key for p in ann.picks}
    assert "feature:io:Loki Patera" not in keys and "veeder2011-loki-patera" not in keys
    assert "Loki Patera" not in [t.text for t in ann.texts]
    assert any(p.kind == "feature" for p in ann.picks)  # the near side is labelled
    # Turned round to face it, Loki is named.
    state, camera = _close_over(s, PJ57_CA, loki.lat_deg, loki.lon_east_deg, 4_000.0)
    ann = annotate(state, s.scene.graph, camera, SIZE, "io", True, s.maps, options=s.options)
    assert "Loki Patera" in [t.text for t in ann.texts]


def test_a_globe_in_front_hides_the_features_behind_it() -> None:
    # A unit-radius moon at the origin seen from +x at 10 radii, and a larger globe between
    # the eye and the moon's upper half: only the lower points stay seen.
    eye = np.array([10.0, 0.0, 0.0])
    moon = BodyState("io", np.zeros(3), np.zeros(3), np.eye(3), np.ones(3))
    blocker = BodyState("europa", np.array([5.0, 0.0, 0.55]), np.zeros(3), np.eye(3),
                        np.full(3, 0.3))
    state = SimpleNamespace(bodies={"io": moon, "europa": blocker})
    camera = look_from(eye, np.zeros(3), np.array([0.0, 0.0, 1.0]), Perspective(35.0))
    lats = np.radians([60.0, 0.0, -60.0])
    unit = np.stack([np.cos(lats), np.zeros(3), np.sin(lats)], axis=1)
    far_side = np.array([[-1.0, 0.0, 0.0]])
    _, seen, _ = seen_points(state, camera, (640, 640), "io", np.vstack([unit, far_side]))
    assert seen.tolist() == [False, True, True, False]


def test_the_largest_features_on_screen_are_named_first_and_the_menu_filters_apply() -> None:
    s = _session()
    state, camera = _close_over(s, PJ57_CA, 13.0, 51.2, 6_000.0)
    ann = annotate(state, s.scene.graph, camera, SIZE, "io", True, s.maps, options=s.options)
    features = {p.key: p for p in ann.picks if p.kind == "feature"}
    eye = camera.position_km
    io = state.bodies["io"]
    by_name = {f.name: f for f in load_features("io").items}

    def size_px(key: str) -> float:
        f = by_name[key.split(":", 2)[2]]
        point = io.position_km + io.body_to_icrf @ (f.unit_vector() * io.radii_km)
        return (f.diameter_km or 50.0) / np.linalg.norm(point - eye)

    largest = max(features, key=size_px)
    assert features[largest].box is not None  # the largest seen is always named
    # Hide Io's paterae: none is named, other types still are.
    s.options = s.options.with_(features_hidden=frozenset({"io:patera"}))
    ann = annotate(state, s.scene.graph, camera, SIZE, "io", True, s.maps, options=s.options)
    names = [p.key.split(":", 2)[2] for p in ann.picks if p.kind == "feature"]
    assert names and all(by_name[n].feature_type != "patera" for n in names)
    # Labels off: no feature label (the dots can still be clicked).
    s.options = s.options.with_(labels=False)
    ann = annotate(state, s.scene.graph, camera, SIZE, "io", False, s.maps, options=s.options)
    assert ann.texts == [] and all(p.box is None for p in ann.picks)
