"""An OpenGL window goes when its owner drops it, on the owner's thread.

Python frees objects caught in reference cycles only when its cycle collector runs, and that
runs on whichever thread happens to allocate. When the layers held their SceneRenderer
strongly, every renderer was such a cycle: in a loaded suite run the collector ran on tqdm's
monitor thread, destroyed an offscreen OpenGL window there, and the main thread's next render
segfaulted inside Mesa (issue 15). These tests hold the collector off and check that dropping
each owner of a render window destroys the window at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from perijove.core.timescale import parse_utc
from perijove.export.show_frames import ShowFrameRenderer, ShowStage
from perijove.export.show_live import LiveShowDrawer
from perijove.scene.camera_modes import CameraRig, overview
from perijove.scene.projection import Fisheye
from perijove.session import Session
from perijove.show.player import ShowTimeline
from perijove.show.show_file import load_show
from tests.render.offscreen import OffscreenView
from tests.show.short_show import write_short_show


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _watch(window, deleted: list[str], name: str) -> None:  # noqa: ANN001 - vtkRenderWindow
    window.AddObserver("DeleteEvent", lambda _o, _e: deleted.append(name))


def test_a_dropped_frame_renderer_frees_its_window_at_once(no_cycle_collector) -> None:
    deleted: list[str] = []
    view = OffscreenView((64, 36))
    view.update(parse_utc("2023-12-30T08:36:00Z"))
    view.camera = CameraRig(overview()).camera(view.state)
    view.render()
    _watch(view.frames.renderer.window, deleted, "frames")
    del view
    assert deleted == ["frames"]


def test_dropped_show_drawers_free_their_windows_at_once(no_cycle_collector,
                                                        tmp_path: Path) -> None:
    """The presentation's drawer, with the offscreen compositor of a dome show, and the
    renderer of `export --show`."""
    show = load_show(write_short_show(tmp_path))
    stage = ShowStage(show, Session(use_installed=False), Fisheye(180.0, 0.0), (96, 96))
    frame = ShowTimeline(show).frame_at(1.0)
    deleted: list[str] = []
    drawer = LiveShowDrawer(stage, size_px=(96, 96))
    drawer.draw(frame)
    _watch(drawer.window, deleted, "drawer")
    _watch(drawer.compositor.frames.renderer.window, deleted, "compositor")
    export = ShowFrameRenderer(stage, (96, 96), 48)
    export.render(frame)
    _watch(export.frames.renderer.window, deleted, "export")
    del drawer, export
    assert sorted(deleted) == ["compositor", "drawer", "export"]
