"""Exports under faults: absurd values, unwritable and odd paths, a full disk, signals, killed
parents, leftovers of dead runs. Each: one line naming the value or the path, exit code 2
(130/143 for Ctrl-C/SIGTERM), no traceback, nothing left at the output."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from perijove.core.timescale import parse_utc
from perijove.export import encoders
from perijove.export.frame_cache import STALE_AFTER_S, remove_stale
from perijove.export.settings import ExportError, ExportSettings, partial_path
from perijove.export.video import run_export
from tests.conftest import ROOT
from tests.export.dask_processes import headless_env

BASE = ("export", "--flyby", "PJ57-Io", "--duration", "1", "--fps", "8", "--size", "320x180")


def perijove(*args: str | bytes, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perijove", *args], cwd=ROOT,
                          env=env or headless_env(), capture_output=True, timeout=300)


def one_line(r: subprocess.CompletedProcess) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("args,needle", [
    (("--bitrate", str(10**20)), "--bitrate 100000000000000000000"),
    (("--bitrate", "-5"), "--bitrate -5"),
    (("--crf", str(10**30)), "--crf"),
    (("--workers", "1000"), "--workers 1000"),
    (("--fps", str(10**20)), "--fps 100000000000000000000"),
    (("--duration", "1e308"), "--duration"),
    (("--duration", "nan"), "--duration"),
    (("--face-size", "-3"), "--face-size -3"),
    (("--cluster", "nowhere"), "--cluster 'nowhere'"),
    (("--title", os.fsdecode(b"bad \xff title")), "UTF-8"),
])
def test_absurd_values_one_line(args, needle, tmp_path) -> None:
    r = perijove(*BASE, *args, "--out", str(tmp_path / "x.mp4"))
    assert needle in one_line(r)
    assert not list(tmp_path.iterdir())


def test_output_paths_that_cannot_be_written_are_one_line_naming_them(tmp_path) -> None:
    # /proc: access() calls it writable for root, yet nothing can be created there.
    r = perijove(*BASE, "--out", "/proc/perijove-test.mp4")
    assert "/proc" in one_line(r)
    long_name = "n" * 300 + ".mp4"
    r = perijove(*BASE, "--out", str(tmp_path / long_name))
    assert "255" in one_line(r)
    r = perijove(*BASE, "--out", str(tmp_path / "x.mp4"), "--frames-dir", "/proc/frames")
    assert "/proc/frames" in one_line(r)
    assert not list(tmp_path.iterdir())


def test_a_non_utf8_file_name_is_written_as_given(tmp_path) -> None:
    out = os.fsencode(tmp_path) + b"/caf\xe9.mp4"
    r = perijove(*BASE, "--duration", "0.5", "--out", out)
    assert r.returncode == 0, r.stderr
    assert os.listdir(os.fsencode(tmp_path)) == [b"caf\xe9.mp4"]  # no partial file beside it


@pytest.fixture
def full_disk(tmp_path):  # noqa: ANN201
    """A 2 MB tmpfs with 8 KB free (root and mount(2) needed; skipped with a reason if not)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({r.stderr.strip()}); "
                    "test_full_disk_simulated covers the same paths in-process")
    try:
        with open(mount / "filler", "wb") as f:
            f.write(b"\0" * (2 * 1024 * 1024 - 8 * 1024))
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("fmt,name", [("mp4", "x.mp4"), ("gif", "x.gif"), ("png", "frames")])
def test_disk_full_during_export_is_one_line_and_leaves_nothing(full_disk, fmt, name) -> None:
    out = full_disk / name
    r = perijove(*BASE, "--format", fmt, "--out", str(out))
    err = one_line(r)
    assert str(out) in err and "the disk is full" in err, err
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_disk_full_during_a_screenshot_is_one_line_and_leaves_nothing(full_disk) -> None:
    out = full_disk / "shot.png"
    r = perijove("screenshot", "--time", "2023-12-30T08:36:00Z", "--size", "640x360",
                 "--out", str(out))
    err = one_line(r)
    assert str(out) in err
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_full_disk_simulated(tmp_path, monkeypatch) -> None:
    """ENOSPC raised where the PNG frames are written, in this process (runs everywhere)."""
    def no_space(self, png, source=None) -> None:  # noqa: ANN001
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(encoders.PngSequenceEncoder, "write_png", no_space)
    out = tmp_path / "frames"
    s = ExportSettings(out=out, start_tdb_s=parse_utc("2023-12-30T08:16:01Z"),
                       end_tdb_s=parse_utc("2023-12-30T08:56:01Z"), duration_s=0.25, fps=8,
                       size=(160, 90), camera="follow", flyby_id="PJ57-Io", fmt="png")
    with pytest.raises(ExportError, match="the disk is full") as err:
        run_export(s)
    assert str(out) in str(err.value)
    assert not list(tmp_path.iterdir())


def test_stale_partial_and_frame_folders_of_dead_runs_are_cleaned(tmp_path) -> None:
    out = tmp_path / "x.mp4"
    stale = partial_path(out)
    stale.write_bytes(b"half a video from a run killed with -9")
    root = Path(os.environ["PERIJOVE_CACHE_DIR"]) / "frames"
    old, recent, held = root / "old-export", root / "recent-export", root / "running-export"
    for folder in (old, recent, held):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "export.json").write_text("{}")
        (folder / "000000.png").write_bytes(b"x")
    lock = os.open(held / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # an export still running holds its folder
    week_ago = time.time() - STALE_AFTER_S - 3600
    for folder in (old, held):
        for p in [*folder.iterdir(), folder]:
            os.utime(p, (week_ago, week_ago))
    try:
        r = perijove(*BASE, "--duration", "0.25", "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert not stale.exists() and out.is_file()
        assert not old.exists() and recent.is_dir() and held.is_dir()
    finally:
        os.close(lock)
    assert remove_stale(root) == [held]  # once free, it goes too


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _gone(processes: list[psutil.Process], timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        alive = []
        for p in processes:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        if not alive:
            return True
        time.sleep(0.2)
    return False


def _start_two_workers(out: Path) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """`export --workers 2` in its own process group (as a shell runs it), once it has
    written a frame; with its render processes."""
    proc = subprocess.Popen([sys.executable, "-m", "perijove", *BASE, "--duration", "8",
                             "--workers", "2", "--progress-json", "--out", str(out)],
                            cwd=ROOT, env=headless_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    for line in proc.stdout:
        if line.startswith("{") and json.loads(line)["done"] >= 1:
            break
    workers = [p for p in _children(proc.pid) if "spawn_main" in " ".join(p.cmdline())]
    return proc, workers


@pytest.mark.parametrize("sig,code,word", [(signal.SIGINT, 130, "interrupted"),
                                           (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_and_sigterm_of_two_workers_end_cleanly(sig, code, word, tmp_path) -> None:
    out = tmp_path / "x.mp4"
    proc, workers = _start_two_workers(out)
    try:
        assert len(workers) == 2
        os.killpg(proc.pid, sig)  # the whole group, as a terminal's Ctrl-C does
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert len(err.strip().splitlines()) == 1, err
    assert f"{word}; nothing was written to {out}" in err
    for noise in ("Traceback", "KeyboardInterrupt", "Caught a Ctrl-C"):
        assert noise not in err
    assert not list(tmp_path.iterdir())
    assert _gone(workers)


def test_render_workers_die_with_a_killed_export(tmp_path) -> None:
    proc, workers = _start_two_workers(tmp_path / "x.mp4")
    assert len(workers) == 2
    proc.kill()  # kill -9: no clean-up of its own can run
    proc.communicate(timeout=30)
    assert _gone(workers)
