"""Loop the short show as a kiosk does, in a process of its own, and print what its memory
did as one JSON line. Run by test_presentation_kiosk_memory:

    python -m tests.show.kiosk_loops perspective|fisheye FOLDER

The loop is the presentation's own (ShowRunner: tick, draw, survive), driven by a fast
simulated wall clock into an offscreen window; now and then a chapter fails and restarts.
A process of its own, because a kiosk is one: RSS then measures this loop alone, not what
earlier tests left in the allocator, and no earlier test's GL contexts share its driver.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

from perijove.export.show_frames import ShowStage
from perijove.export.show_live import LiveShowDrawer, ShowRunner
from perijove.render.vtk_setup import prefer_headless_window
from perijove.scene.projection import Fisheye, Perspective
from perijove.session import Session
from perijove.show.player import ShowPlayer
from perijove.show.show_file import load_show
from tests.show.short_show import SHORT_SHOW_S, write_short_show

FRAME_S = 0.5  # show seconds between frames
FRAMES_PER_LOOP = round(SHORT_SHOW_S / FRAME_S)  # 24
WARM_LOOPS = 2  # caches, glyphs, meshes and allocator pools reach their working size
MEASURED_LOOPS = 12
SETUPS = {"perspective": (Perspective(35.0), (192, 108)),
          "fisheye": (Fisheye(180.0, 0.0), (128, 128))}


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise OSError("no VmRSS in /proc/self/status")


class SteppedClock:
    """Wall time for the runner, advanced by a fixed step per turn."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def main(which: str, folder: Path) -> dict[str, float]:
    prefer_headless_window()
    projection, size = SETUPS[which]
    show = load_show(write_short_show(folder))
    player = ShowPlayer(show, kiosk=True)
    stage = ShowStage(show, Session(use_installed=False), projection, size)
    stage.prepare()
    drawer = LiveShowDrawer(stage, size_px=size)
    clock = SteppedClock()
    runner = ShowRunner(player, drawer, clock=clock)
    view = stage.view
    calls = {"n": 0}

    def sometimes_failing(k, t, camera):  # noqa: ANN001, ANN202
        calls["n"] += 1
        if calls["n"] % 47 == 0:
            raise RuntimeError("injected")
        return view(k, t, camera)

    stage.view = sometimes_failing

    def run_loops(n: int) -> None:
        target = player.loops + n
        while player.loops < target:
            clock.now += FRAME_S
            runner.turn()

    run_loops(WARM_LOOPS)
    gc.collect()
    before = rss_kib()
    run_loops(MEASURED_LOOPS)
    gc.collect()
    result = {"grown_mib": (rss_kib() - before) / 1024, "frames": MEASURED_LOOPS * FRAMES_PER_LOOP,
              "errors": runner.errors, "player_errors": player.status()["errors"],
              "loops": player.loops}
    drawer.release()
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
