"""A kiosk runs for days: looping the show many times (chapter errors included) must not grow
the process. The loop is the presentation's own (ShowRunner: tick, draw, survive), driven
here by a fast simulated wall clock into an offscreen window."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from perijove.export.show_frames import ShowStage
from perijove.export.show_live import LiveShowDrawer, ShowRunner
from perijove.render.vtk_setup import prefer_headless_window
from perijove.scene.projection import Fisheye, Perspective
from perijove.session import Session
from perijove.show.player import ShowPlayer
from perijove.show.show_file import load_show
from tests.show.short_show import SHORT_SHOW_S, write_short_show

FRAME_S = 0.25  # show seconds between frames: 48 frames a loop


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    pytest.skip("no /proc/self/status on this system")


class _SteppedClock:
    """Wall time for the runner, advanced by a fixed step per turn."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("projection, size", [(Perspective(35.0), (192, 108)),
                                              (Fisheye(180.0, 0.0), (128, 128))])
def test_a_kiosk_loops_for_hours_without_growing(tmp_path: Path, projection,
                                                 size: tuple[int, int]) -> None:
    prefer_headless_window()
    show = load_show(write_short_show(tmp_path))
    player = ShowPlayer(show, kiosk=True)
    stage = ShowStage(show, Session(use_installed=False), projection, size)
    stage.prepare()
    drawer = LiveShowDrawer(stage, size_px=size)
    clock = _SteppedClock()
    runner = ShowRunner(player, drawer, clock=clock)
    view = stage.view
    calls = {"n": 0}

    def sometimes_failing(k, t, camera):  # noqa: ANN001, ANN202
        calls["n"] += 1
        if calls["n"] % 97 == 0:  # now and then a chapter fails and restarts
            raise RuntimeError("injected")
        return view(k, t, camera)

    stage.view = sometimes_failing

    def run_loops(n: int) -> None:
        target = player.loops + n
        while player.loops < target:
            clock.now += FRAME_S
            runner.turn()

    run_loops(2)  # caches, glyphs, meshes and allocator pools reach their working size
    gc.collect()
    before = _rss_kib()
    run_loops(12)  # 12 loops of 48 frames: the show has looped for 2.4 show-minutes
    gc.collect()
    grown_mib = (_rss_kib() - before) / 1024
    assert runner.errors > 3 and player.status()["errors"] == runner.errors
    assert player.loops >= 14
    # A leak of even 20 kB a frame would show as 11 MiB over these 576 frames.
    assert grown_mib < 8, f"memory grew {grown_mib:.1f} MiB over 12 loops"
    drawer.release()
    assert SHORT_SHOW_S / FRAME_S == 48
