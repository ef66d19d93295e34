"""`perijove screenshot` and `perijove bench` run offscreen with no display (EGL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from tests.conftest import ROOT


def run_headless(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    return subprocess.run([sys.executable, "-m", "perijove", *args], capture_output=True,
                          text=True, timeout=300, env=env, cwd=ROOT)


def test_screenshot_without_display(tmp_path) -> None:
    out = tmp_path / "shot.png"
    r = run_headless("screenshot", "--time", "2023-12-30T08:36:00Z", "--size", "640x360",
                     "--out", str(out), "--focus", "io", "--distance", "9000")
    assert r.returncode == 0, r.stderr
    with Image.open(out) as im:
        assert im.size == (640, 360)
        img = np.asarray(im.convert("RGB"), dtype=float)
    assert img[170:190, 310:330].mean() > 50  # Io, lit, at the centre
    assert not list(tmp_path.glob(".*partial*"))


@pytest.mark.parametrize("args,needle", [
    (("--size", "0x0"), "between"),
    (("--size", "big"), "WIDTHxHEIGHT"),
    (("--focus", "pluto"), "unknown body"),
    (("--out", "/no/such/folder/x.png"), "does not exist"),
    (("--out", "shot.jpg"), "must end in .png"),
])
def test_screenshot_bad_input(args, needle, tmp_path) -> None:
    base = {"--time": "2023-12-30T08:36:00Z", "--size": "320x200",
            "--out": str(tmp_path / "s.png")}
    for k, v in zip(args[::2], args[1::2], strict=True):
        base[k] = v
    flat = [x for kv in base.items() for x in kv]
    r = run_headless("screenshot", *flat)
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr
    assert not list(tmp_path.iterdir())


def test_bench_json_has_the_promised_keys() -> None:
    # The bench's own measurement and report (what `perijove bench --json` runs) with few
    # steps, in a process of its own: the command refuses fewer than 50 steps, which take two
    # minutes on a busy machine.
    code = ("import time; start = time.perf_counter(); "
            "from perijove.render.vtk_setup import prefer_headless_window; "
            "prefer_headless_window(); "
            "from perijove.bench import print_result, run_bench; "
            "print_result(run_bench(start, steps=6), True)")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=600, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    for key in ("scrub_ms_median", "scrub_ms_p95", "floor_ms_median", "overhead_ratio",
                "first_frame_s", "stars_ratio", "stars_milky_way_ratio"):
        assert result[key] > 0
    assert result["scrub_ms_p95"] >= result["scrub_ms_median"]
    assert result["overhead_ratio"] == pytest.approx(
        result["scrub_ms_median"] / result["floor_ms_median"], rel=0.01)
