"""Labels never collide: placed by priority (Juno, the focused body, other bodies, markers),
each near its object, none over another, none over the titles and readouts."""

from __future__ import annotations

import math

import pytest

from perijove.export.overlays import overlay_items
from perijove.render.annotations import annotate, text_box
from perijove.scene.camera_modes import overview
from perijove.scene.layout import LabelRequest, layout_labels
from perijove.scene.projection import Perspective
from perijove.session import Session

SIZE = (1920, 1080)


def _overlaps(a, b) -> bool:  # noqa: ANN001
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _distance_to_box(p, box) -> float:  # noqa: ANN001
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return math.hypot(dx, dy)


def _scenes():
    s = Session(use_installed=False)
    s.open_flyby("PJ57-Io")
    s.set_camera_mode(overview())
    yield "PJ57 overview at CA", s, s.flyby.ca_tdb_s
    for flyby in ("PJ34-Ganymede", "PJ45-Europa", "PJ57-Io", "PJ58-Io"):
        s = Session(use_installed=False)
        s.open_flyby(flyby)  # opens 30 minutes before CA, moon-and-Juno camera
        yield f"{flyby} opening", s, s.clock.t_tdb_s


@pytest.mark.parametrize("name,session,t", list(_scenes()), ids=lambda x: x if isinstance(
    x, str) else "")
def test_no_two_labels_intersect_and_each_is_near_its_object(name, session, t) -> None:
    session.set_projection(Perspective(35.0), SIZE[0] / SIZE[1])
    state = session.state_at(t)
    camera = session.camera(state)
    fixed = overlay_items({"title": "Juno's flyby", "time": "2023-12-30 08:36:01 UTC",
                           "distance": "altitude above Io 1,500 km   speed 29.4 km/s"},
                          camera.projection, SIZE)
    ann = annotate(state, session.scene.graph, camera, SIZE, session.focus(), True,
                   session.maps, fixed)
    labels = [t for t in ann.texts if t not in fixed]
    assert len(labels) >= 2, [t.text for t in ann.texts]
    boxes = [text_box(t) for t in ann.texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not _overlaps(boxes[i], boxes[j]), (name, ann.texts[i].text,
                                                       ann.texts[j].text)
    # Each label within 30 px of its anchor (the object, or a large globe's limb).
    anchors = {r.key: r.anchor_px for r in _requests(session, state, camera)}
    for label in labels:
        key = next(k for k, n in ((n.key, n) for n in session.scene.graph.nodes())
                   if label.text in (n.title, n.short_title))
        assert _distance_to_box(anchors[key], text_box(label)) <= 30, (name, label.text)


def _requests(session, state, camera):  # noqa: ANN001, ANN202
    from perijove.scene.layout import label_requests

    return label_requests(state, session.scene.graph, camera, SIZE, session.focus())


def test_a_crowded_label_shrinks_or_hides_rather_than_overlap() -> None:
    # Two objects 10 px apart: the second label must go elsewhere, shorten, or be hidden.
    reqs = [LabelRequest("a", "Jupiter", "", (500.0, 500.0), 2, 0.0, (1, 1, 1)),
            LabelRequest("b", "closest approach (1,500 km)", "CA", (505.0, 500.0), 3, 0.0,
                         (1, 1, 1))]
    placed = layout_labels(reqs, (1000, 1000), 16)
    boxes = [p.box for p in placed if p.text]
    assert len(boxes) == 2 and not _overlaps(boxes[0], boxes[1])
    # Priority: the higher-priority label keeps its first choice (right and above).
    first = next(p for p in placed if p.key == "a")
    assert first.box[0] > 500 and first.box[3] < 500
