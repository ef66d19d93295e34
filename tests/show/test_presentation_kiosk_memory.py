"""A kiosk runs for days: looping the show many times (chapter errors included) must not grow
the process. Each projection loops in a process of its own (tests/show/kiosk_loops.py), the
two side by side."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.show.kiosk_loops import FRAMES_PER_LOOP, MEASURED_LOOPS, WARM_LOOPS


def test_a_kiosk_loops_for_hours_without_growing(tmp_path: Path) -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc/self/status on this system")
    runs = {}
    for which in ("perspective", "fisheye"):
        folder = tmp_path / which
        folder.mkdir()
        runs[which] = subprocess.Popen([sys.executable, "-m", "tests.show.kiosk_loops", which,
                                        str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)
    for which, proc in runs.items():
        try:
            out, err = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == 0, f"{which}: {err[-2000:]}"
        r = json.loads(out.strip().splitlines()[-1])
        assert r["errors"] >= 3 and r["player_errors"] == r["errors"], (which, r)
        assert r["loops"] >= WARM_LOOPS + MEASURED_LOOPS
        # 12 loops of 24 frames: the show has looped for 2.4 show-minutes. A leak of even
        # 20 kB a frame would show as 5.6 MiB over these 288 frames; a leak per loop (a
        # chapter's scene kept at each restart) as at least 12 times its size.
        assert r["frames"] == MEASURED_LOOPS * FRAMES_PER_LOOP == 288
        assert r["grown_mib"] < 5, f"{which}: memory grew {r['grown_mib']:.1f} MiB over 12 loops"
