"""Exports decoded with PyAV: exact frame counts, timing and sizes; determinism; bad input."""

from __future__ import annotations

import av
import numpy as np
import pytest
from PIL import Image

from perijove.core.timescale import parse_utc
from perijove.export.frames import FrameSource
from perijove.export.video import ExportSettings, partial_path, run_export
from tests.cli.test_cli_render import run_headless
from tests.conftest import ROOT

CA = parse_utc("2023-12-30T08:36:01Z")


def settings(out, **kw) -> ExportSettings:
    base = dict(out=out, start_tdb_s=CA - 1200, end_tdb_s=CA + 1200, duration_s=1.0, fps=8,
                size=(320, 180), camera="target", flyby_id="PJ57-Io", title="PJ57 test")
    base.update(kw)
    return ExportSettings(**base)


def decode(path) -> tuple[list[np.ndarray], av.container.InputContainer]:
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        info = {"frames": stream.frames, "rate": stream.average_rate, "w": stream.width,
                "h": stream.height, "duration_s": float(c.duration) / 1e6,
                "metadata": dict(c.metadata)}
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    return frames, info


def test_mp4_frame_count_size_fps_duration_and_overlays(tmp_path) -> None:
    out = tmp_path / "pj57.mp4"
    run_export(settings(out))
    frames, info = decode(out)
    assert len(frames) == 8 and info["frames"] == 8
    assert (info["w"], info["h"]) == (320, 180) and info["rate"] == 8
    assert info["duration_s"] == pytest.approx(1.0, abs=1e-3)
    first, last = frames[0].astype(float), frames[-1].astype(float)
    assert first.mean() > 3 and last.mean() > 3  # not blank
    assert np.abs(first - last).mean() > 1  # the scene moved
    # The UTC overlay (bottom-left) changes: 2,400 s of simulation over 8 frames.
    assert np.abs(first[-25:, :120] - last[-25:, :120]).max() > 60
    assert info["metadata"]["title"] == "PJ57 test"
    assert "DE421" in info["metadata"]["comment"] and "Juno trajectory" in info["metadata"][
        "comment"]
    assert not partial_path(out).exists()


def test_simulation_time_is_exact_per_frame() -> None:
    s = settings(ROOT / "unused.mp4", duration_s=2.0, fps=10)
    assert s.frame_count == 20
    steps = np.diff([s.frame_time(i) for i in range(20)])
    assert np.allclose(steps, 2400.0 / 20, atol=1e-6)


def test_webm_gif_and_png_sequence(tmp_path) -> None:
    webm = tmp_path / "a.webm"
    run_export(settings(webm, fmt="webm"))
    frames, info = decode(webm)
    assert len(frames) == 8 and (info["w"], info["h"]) == (320, 180)
    gif = tmp_path / "a.gif"
    run_export(settings(gif, fmt="gif"))
    with Image.open(gif) as im:
        assert im.n_frames == 8 and im.size == (320, 180)
        total = 0
        for k in range(im.n_frames):
            im.seek(k)
            total += im.info["duration"]
        assert total == 1000  # ms: 8 frames at 8 fps, exact despite 10 ms GIF ticks
    png = tmp_path / "frames"
    run_export(settings(png, fmt="png", size=(321, 181)))  # odd sizes are fine for PNG
    files = sorted(png.glob("frame_*.png"))
    assert len(files) == 8 and (png / "credits.txt").is_file()
    with Image.open(files[0]) as im:
        assert im.size == (321, 181)


def test_same_frame_twice_gives_identical_pixels(tmp_path) -> None:
    s = settings(tmp_path / "x.mp4", camera="follow")
    a = FrameSource(s)
    b = FrameSource(s)
    first = a.render(5)
    a.render(2)  # a different history must not matter
    for i in (7, 5):
        b.render(i)
    assert np.array_equal(a.render(5), first)
    assert np.array_equal(b.render(5), first)


def test_two_workers_match_one(tmp_path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run_export(settings(one, fmt="png", camera="path:" + str(ROOT / "scenes/pj57-io.toml")))
    run_export(settings(two, fmt="png", workers=2,
                        camera="path:" + str(ROOT / "scenes/pj57-io.toml")))
    for f in sorted(one.glob("frame_*.png")):
        with Image.open(f) as a, Image.open(two / f.name) as b:
            assert np.array_equal(np.asarray(a), np.asarray(b)), f.name


def test_cancel_leaves_no_file(tmp_path) -> None:
    out = tmp_path / "c.mp4"
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(KeyboardInterrupt):
        run_export(settings(out), cancelled=cancelled)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("args,needle", [
    (("--flyby", "PJ57-Io", "--out", "/no/such/dir/x.mp4"), "does not exist"),
    (("--flyby", "PJ57-Io", "--camera", "orbiting", "--out", "OUT/x.mp4"), "unknown camera"),
    (("--flyby", "PJ57-Io", "--size", "0x0", "--out", "OUT/x.mp4"), "between"),
    (("--flyby", "PJ57-Io", "--size", "321x181", "--out", "OUT/x.mp4"), "even width"),
    (("--flyby", "PJ47-Io", "--out", "OUT/x.mp4"), "no trajectory"),
    (("--flyby", "PJ57-Io", "--out", "OUT/x.avi"), "cannot tell the format"),
    (("--flyby", "PJ57-Io", "--camera", "path:nope.toml", "--out", "OUT/x.mp4"),
     "does not exist"),
])
def test_bad_input_one_line_exit_2_no_file(args, needle, tmp_path) -> None:
    args = tuple(a.replace("OUT", str(tmp_path)) for a in args)
    r = run_headless("export", "--duration", "0.5", "--fps", "4", *args)
    assert r.returncode == 2, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_cli_export_progress_and_output(tmp_path) -> None:
    out = tmp_path / "cli.mp4"
    r = run_headless("export", "--flyby", "PJ45-Europa", "--duration", "0.5", "--fps", "8",
                     "--size", "320x180", "--camera", "follow", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "4/4 frames" in r.stderr and "fps" in r.stderr
    frames, info = decode(out)
    assert len(frames) == 4 and info["metadata"]["title"] == "Juno's PJ45 Europa flyby"
