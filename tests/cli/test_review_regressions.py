"""Bad input found in review: one line, exit 2, nothing lost (each case once a traceback,
a hang, a wrong result or deleted files)."""

from __future__ import annotations

import csv

import pytest

from tests.cli.test_cli_render import run_headless
from tests.conftest import run_cli


def _one_line_exit_2(r, needle: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_export_never_deletes_a_folder_it_did_not_write(tmp_path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("hi")
    for out in (precious, tmp_path / "precious.mp4"):
        if out.suffix:
            out.mkdir()
        r = run_headless("export", "--flyby", "PJ57-Io", "--duration", "0.2", "--fps", "5",
                         "--size", "64x64", "--out", str(out))
        _one_line_exit_2(r, "existing folder")
    assert (precious / "thesis.txt").read_text() == "hi"


def test_export_may_replace_its_own_png_sequence(tmp_path) -> None:
    out = tmp_path / "frames"
    for _ in range(2):
        r = run_headless("export", "--flyby", "PJ57-Io", "--duration", "0.2", "--fps", "5",
                         "--size", "64x64", "--out", str(out))
        assert r.returncode == 0, r.stderr
    assert len(list(out.glob("frame_*.png"))) == 1


@pytest.mark.parametrize("args,needle", [
    (("export", "--flyby", "PJ57-Io", "--out", "."), "names no file"),
    (("export", "--flyby", "PJ57-Io", "--crf", "99", "--out", "OUT/a.mp4"), "--crf 99"),
    (("export", "--flyby", "PJ57-Io", "--bitrate", "-5", "--out", "OUT/a.webm"), "--bitrate"),
    (("export", "--flyby", "PJ57-Io", "--duration", "0", "--out", "OUT/a.mp4"), "--duration"),
    (("export", "--flyby", "PJ57-Io", "--workers", "-3", "--out", "OUT/a.mp4"), "--workers"),
    (("export", "--flyby", "PJ57-Io", "--size", "3840x2160", "--out", "OUT/a.gif"), "GIF"),
    (("export", "--from", "2060-01-01", "--to", "2060-01-02", "--out", "OUT/a.mp4"),
     "DE421"),
    (("screenshot", "--time", "2060-01-01", "--out", "OUT/s.png"), "DE421"),
    (("screenshot", "--time", "2023-12-30", "--focus", "io", "--distance", "nan",
      "--out", "OUT/s.png"), "--distance"),
    (("screenshot", "--time", "2023-12-30", "--out", "OUT/shots.png"), "is a folder"),
    (("screenshot", "--flyby", "PJ57-Io", "--at-ca", "--focus", "io", "--out", "OUT/s.png"),
     "do not combine"),
])
def test_bad_input(args, needle, tmp_path) -> None:
    (tmp_path / "shots.png").mkdir()  # a folder with a file-like name
    args = tuple(a.replace("OUT", str(tmp_path)) for a in args)
    _one_line_exit_2(run_headless(*args), needle)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shots.png"]  # nothing written


@pytest.mark.parametrize("args,needle", [
    (("ephem", "sun", "--center", "jupiter", "--at", "2060-01-01"), "DE421"),
    (("ephem", "io", "--center", "jupiter", "--at", "2023-02-30"), "calendar date"),
    (("ephem", "io", "--center", "jupiter", "--at", "2023-03-01T12:00:60"), "second"),
    (("ephem", "io", "--center", "jupiter", "--from", "2023-01-01", "--to", "2023-01-02",
      "--step", "nan"), "--step"),
    (("ephem", "io", "--center", "jupiter", "--from", "2023-01-01", "--to", "2023-01-02",
      "--step", "inf"), "--step"),
])
def test_ephem_bad_input(args, needle) -> None:
    _one_line_exit_2(run_cli(*args, timeout=60), needle)


def test_leap_second_is_a_real_time() -> None:
    r = run_cli("ephem", "io", "--center", "jupiter", "--at", "2016-12-31T23:59:60Z")
    assert r.returncode == 0, r.stderr  # IERS Bulletin C 52: a leap second at the end of 2016


def test_ephem_names_the_source_per_row(juno_pj45_kernel) -> None:
    # The PJ43-46 kernel ends 2022-11-09T21:38:28 UTC: rows after it come from the model.
    r = run_cli("ephem", "juno", "--center", "jupiter", "--from", "2022-11-09T21:00:00Z",
                "--to", "2022-11-09T22:30:00Z", "--step", "1800",
                "--kernel", str(juno_pj45_kernel))
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(r.stdout.strip().splitlines()))[1:]
    assert rows[0][-1].endswith("spk_pre_220614_221109_220810_jm0450.bsp")
    assert rows[-1][-1].startswith("model") and len(rows[-1]) == 9
