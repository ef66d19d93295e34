"""The Export dialog: keyframes from the view, scene files, a real export, cancel."""

from __future__ import annotations

import argparse
import os

import av
import pytest

if not os.environ.get("DISPLAY"):
    pytest.skip("GUI tests need an X display: run the suite under xvfb-run (README Quick start)",
                allow_module_level=True)

from perijove.gui.app import build_window  # noqa: E402
from perijove.gui.dialogs.export_dialog import ExportDialog  # noqa: E402
from perijove.scene.camera_modes import BodyMode  # noqa: E402
from perijove.show.scene_file import load_scene  # noqa: E402


@pytest.fixture
def window(qtbot):
    w = build_window(argparse.Namespace(time=None, kernel=[], trajectory=[], flyby="PJ57-Io"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.shutdown()


def _small(dialog: ExportDialog, out, seconds: float, fps: int) -> None:
    dialog.size_box.setCurrentIndex(0)  # 720p
    dialog.duration.setValue(seconds)
    dialog.fps.setValue(fps)
    dialog.out_edit.setText(str(out))


def test_keyframes_from_view_save_and_load(window, qtbot, tmp_path) -> None:
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    window.session.set_camera_mode(BodyMode(body="io", distance_km=20_000.0))
    window.viewport.last_camera = None  # the camera now is the mode's, not a past frame's
    dialog._add_keyframe()
    window.clock.set_time(window.clock.t_tdb_s + 1800)
    window.session.set_camera_mode("follow")
    window.viewport.last_camera = None
    dialog._add_keyframe()
    keys = dialog.keyframes.keys
    assert [k.anchor for k in keys] == ["io", "juno"]
    assert keys[0].distance_km == pytest.approx(20_000.0, rel=1e-6)
    assert keys[1].at_s > keys[0].at_s
    path = tmp_path / "mine.toml"
    dialog.save_scene_to(path)
    scene = load_scene(path)
    assert scene.flyby_id == "PJ57-Io" and len(scene.camera.keyframes) == 2
    dialog.keyframes.set_keys([])
    dialog.load_scene_from(path)
    assert len(dialog.keyframes.keys) == 2
    dialog._preview(dialog.keyframes.keys[0])
    assert window.session.focus() == "io"


def test_export_runs_in_background_and_cancel_leaves_nothing(window, qtbot, tmp_path) -> None:
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    out = tmp_path / "clip.mp4"
    _small(dialog, out, 0.5, 4)
    dialog.start_export()
    assert dialog.job is not None  # the window's event loop keeps running meanwhile
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    assert "Done" in dialog.status.text(), dialog.status.text()
    with av.open(str(out)) as c:
        assert c.streams.video[0].frames == 2
        assert c.streams.video[0].width == 1280
    assert dialog.open_folder.isEnabled()

    long_out = tmp_path / "long.mp4"
    _small(dialog, long_out, 60, 24)
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=120_000)
    dialog.cancel_export()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert "Cancelled" in dialog.status.text(), dialog.status.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]


def test_render_on_a_cluster_and_fresh_reach_the_settings(window, qtbot, tmp_path) -> None:
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    _small(dialog, tmp_path / "clip.mp4", 0.5, 4)
    here = dialog.settings()
    assert here.cluster is None and here.workers == dialog.workers.value() >= 1
    assert not here.fresh
    # The shipped story slows time down around closest approach, as `perijove export` does.
    story = dialog.camera_box.currentData()[1]
    assert here.time_keys == tuple((k.at_s, k.t_tdb_s) for k in story.time_keys)
    assert len(here.time_keys) >= 4
    dialog.render_on.setCurrentText("A Dask cluster")
    assert dialog.cluster.isVisibleTo(dialog) and not dialog.workers.isVisibleTo(dialog)
    dialog.cluster.setText("tcp://render-1:8786")
    dialog.fresh.setChecked(True)
    farm = dialog.settings()
    assert farm.cluster == "tcp://render-1:8786" and farm.fresh
    dialog.cluster.setText("render-1")
    dialog.start_export()
    assert dialog.job is None
    text = dialog.status.text()
    assert "'render-1' is not a Dask scheduler address" in text and "\n" not in text


def test_a_cluster_export_from_the_dialog_reports_each_worker(window, qtbot, tmp_path) -> None:
    """A real Dask cluster (two worker processes on this machine, started for the run): the
    video is complete, and the progress line named the workers and their frame counts."""
    dialog = ExportDialog(window)
    qtbot.addWidget(dialog)
    out = tmp_path / "farm.mp4"
    _small(dialog, out, 1.0, 8)
    dialog.size_box.setCurrentIndex(0)
    dialog.render_on.setCurrentText("A Dask cluster")
    dialog.cluster.setText("local:2")
    seen: list[str] = []
    dialog.start_export()
    assert dialog.job is not None

    def finished() -> bool:
        seen.append(dialog.status.text())
        return dialog.job is None

    qtbot.waitUntil(finished, timeout=240_000)
    assert "Done" in dialog.status.text(), dialog.status.text()
    with av.open(str(out)) as c:
        assert c.streams.video[0].frames == 8
    per_worker = [t.splitlines()[1] for t in seen if "workers:" in t]
    assert per_worker, seen[-5:]
    assert all(line.startswith("2 workers: ") for line in per_worker), per_worker


def test_progress_text_names_kept_frames_and_workers() -> None:
    from perijove.export.jobs import JobUpdate
    from perijove.gui.dialogs.export_dialog import progress_text

    u = JobUpdate(done=120, total=1260, fps=6.1, eta_s=187, kept=40,
                  per_worker={"render-2": 30, "render-1": 50}, workers=2)
    assert progress_text(u) == ("120 of 1260 frames (40 kept from an earlier run), 6.1 frames/s, "
                                "about 3:07 left\n2 workers: render-1 50, render-2 30")
    assert progress_text(JobUpdate(done=1, total=2, fps=1.0, eta_s=1.0)) == \
        "1 of 2 frames, 1.0 frames/s, about 0:01 left"
