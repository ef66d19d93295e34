"""The render farm: exports on a real Dask scheduler and workers (processes on 127.0.0.1,
started as a user starts them), resumable from kept frames, fault-tolerant, and refusing
workers whose data differ."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from perijove.core.timescale import parse_utc
from perijove.export.settings import ExportError, ExportSettings, partial_path
from perijove.export.video import run_export
from tests.conftest import ROOT, shared_file
from tests.export.dask_processes import DaskProcesses, headless_env

# 20 minutes either side of PJ57's closest approach (2023-12-30T08:36:01Z), as the CLI
# parses them (the same floating-point seconds in every process).
T0, T1 = "2023-12-30T08:16:01Z", "2023-12-30T08:56:01Z"
FRAMES = 16


def farm_settings(out: Path, **kw) -> ExportSettings:
    base = dict(out=out, start_tdb_s=parse_utc(T0), end_tdb_s=parse_utc(T1),
                duration_s=FRAMES / 8,
                fps=8, size=(320, 180), camera="follow", flyby_id="PJ57-Io", title="farm",
                fmt="png")
    base.update(kw)
    return ExportSettings(**base)


CLI_ARGS = ("export", "--flyby", "PJ57-Io", "--from", T0, "--to", T1, "--duration",
            str(FRAMES / 8), "--fps", "8", "--size", "320x180", "--camera", "follow",
            "--title", "farm", "--progress-json")


def pixels(folder: Path) -> list[np.ndarray]:
    files = sorted(folder.glob("frame_*.png"))
    out = []
    for f in files:
        with Image.open(f) as im:
            out.append(np.asarray(im.convert("RGB")))
    return out


def assert_same_frames(a: Path, b: Path) -> None:
    pa, pb = pixels(a), pixels(b)
    assert len(pa) == len(pb) == FRAMES
    for i, (x, y) in enumerate(zip(pa, pb, strict=True)):
        assert np.array_equal(x, y), f"frame {i} differs"


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The single-process export every farm export must match, pixel for pixel."""
    out = tmp_path_factory.mktemp("reference") / "frames"
    run_export(farm_settings(out, fresh=True))
    return out


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):  # noqa: ANN201
    dask = DaskProcesses(tmp_path_factory.mktemp("dask"))
    try:
        dask.start_scheduler()
        dask.start_worker("render-a")
        dask.start_worker("render-b")
        dask.wait_for_workers(2)
        yield dask
    finally:
        dask.stop()


def cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "perijove", *args], cwd=ROOT,
                            env=env or headless_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def progress_of(proc: subprocess.Popen):  # noqa: ANN201 - an iterator of dicts
    """The --progress-json lines of a running export (the final 'wrote ...' is skipped)."""
    for line in proc.stdout:
        if line.startswith("{"):
            yield json.loads(line)


@pytest.fixture
def processes():  # noqa: ANN201
    """Processes a test starts: ended and reaped whatever the test's outcome."""
    started: list[subprocess.Popen] = []
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
        p.wait(30)
        for f in (p.stdout, p.stderr):
            if f is not None:
                f.close()


def test_two_dask_workers_match_the_single_process_export(cluster, reference, tmp_path) -> None:
    out = tmp_path / "frames"
    seen = []
    run_export(farm_settings(out, cluster=cluster.address), seen.append)
    assert_same_frames(reference, out)
    last = seen[-1]
    assert last.done == last.total == FRAMES and last.rendered == FRAMES
    assert len(last.per_worker) == 2 and sum(last.per_worker.values()) == FRAMES
    assert all(n > 0 for n in last.per_worker.values())
    assert any("render-a" in w for w in last.per_worker)
    assert not partial_path(out).exists()


def test_a_worker_killed_mid_export_changes_nothing(cluster, reference, tmp_path,
                                                   processes) -> None:
    cluster.wait_for_workers(2)
    out = tmp_path / "frames"
    proc = cli(*CLI_ARGS, "--cluster", cluster.address, "--out", str(out))
    processes.append(proc)
    killed = None
    with cluster.client() as client:
        for p in progress_of(proc):
            if killed is None and p["done"] >= 1:
                assert p["done"] < p["total"]  # the export is under way, not finished
                busy = [w for w, keys in client.processing().items() if keys]
                pids = client.run(os.getpid, workers=busy[:1])
                (address, killed), = pids.items()
                os.kill(killed, signal.SIGKILL)  # the worker process, ended by PID
    stderr = proc.stderr.read()
    assert proc.wait(120) == 0, stderr
    assert killed is not None
    dead = [w for w in cluster.workers.values() if w.pid == killed]
    assert dead and dead[0].wait(10) == -signal.SIGKILL
    assert f"{FRAMES}/{FRAMES} frames" in stderr and "Traceback" not in stderr
    assert_same_frames(reference, out)


def test_interrupted_export_renders_only_the_missing_frames(reference, tmp_path,
                                                           processes) -> None:
    env = headless_env(PERIJOVE_CACHE_DIR=str(tmp_path / "cache"))
    out = tmp_path / "frames"
    frames_root = tmp_path / "cache" / "frames"

    def kept() -> int:
        return sum(len(list(d.glob("*.png"))) for d in frames_root.iterdir())

    def run_until(done: int, sig: int) -> subprocess.Popen:
        proc = cli(*CLI_ARGS, "--out", str(out), env=env)
        processes.append(proc)
        for p in progress_of(proc):
            if p["done"] >= done:
                proc.send_signal(sig)
                break
        proc.wait(60)
        return proc

    # Ctrl-C: a clean stop, nothing at the output, the rendered frames kept.
    first = run_until(3, signal.SIGINT)
    stderr = first.stderr.read()
    assert first.returncode == 130, stderr
    assert stderr.count("\n") == 1 and "interrupted; nothing was written" in stderr
    assert not out.exists() and not partial_path(out).exists()
    after_interrupt = kept()
    assert 3 <= after_interrupt < FRAMES, stderr
    assert f"{after_interrupt} rendered frames are kept" in stderr

    # A crash (kill -9): its partial output stays behind; the frames stay kept.
    second = run_until(after_interrupt + 2, signal.SIGKILL)
    assert second.returncode == -signal.SIGKILL
    assert partial_path(out).is_dir()  # a dead run's leftover, for the next run to clear
    after_crash = kept()
    assert after_interrupt + 2 <= after_crash < FRAMES

    third = cli(*CLI_ARGS, "--out", str(out), env=env)
    processes.append(third)
    lines = list(progress_of(third))
    stderr = third.stderr.read()
    assert third.wait(60) == 0, stderr
    assert lines[-1]["rendered"] == FRAMES - after_crash  # only the missing frames
    assert lines[-1]["kept"] == after_crash
    assert f"{FRAMES - after_crash} rendered, {after_crash} from the frame cache" in stderr
    assert not partial_path(out).exists()
    assert_same_frames(reference, out)
    assert not any(frames_root.iterdir())  # a completed export removes its kept frames


def test_fresh_renders_everything_again(tmp_path) -> None:
    s = farm_settings(tmp_path / "a", duration_s=0.5)
    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(KeyboardInterrupt):
        run_export(s, cancelled=cancel_after_two)
    seen = []
    s.fresh = True
    run_export(s, seen.append)
    assert seen[-1].kept == 0 and seen[-1].rendered == 4


def _silent_listener() -> socket.socket:
    """A TCP port that accepts connections into its backlog and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def test_a_scheduler_that_does_not_answer_is_one_line_within_the_timeout(tmp_path,
                                                                         monkeypatch) -> None:
    sock = _silent_listener()
    address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    try:
        monkeypatch.setenv("PERIJOVE_DASK_TIMEOUT", "3")
        started = time.monotonic()
        with pytest.raises(ExportError, match="does not answer") as err:
            run_export(farm_settings(tmp_path / "x", cluster=address))
        assert time.monotonic() - started < 3 + 10  # the timeout plus set-up, not minutes
        assert address in str(err.value) and "\n" not in str(err.value)
        r = subprocess.run([sys.executable, "-m", "perijove", *CLI_ARGS, "--out",
                            str(tmp_path / "y"), "--cluster", address], cwd=ROOT,
                           env=headless_env(PERIJOVE_DASK_TIMEOUT="3"), capture_output=True,
                           text=True, timeout=120)
    finally:
        sock.close()
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "does not answer" in r.stderr
    assert "Traceback" not in r.stderr
    assert not list(tmp_path.iterdir())


def test_a_closed_port_and_a_bad_address_are_one_line(tmp_path) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    for address, needle in ((f"tcp://127.0.0.1:{port}", "does not answer"),
                            ("render-1:8786", "not a scheduler address"),
                            ("local:0", "local:N")):
        r = subprocess.run([sys.executable, "-m", "perijove", *CLI_ARGS, "--out",
                            str(tmp_path / "y"), "--cluster", address], cwd=ROOT,
                           env=headless_env(PERIJOVE_DASK_TIMEOUT="2"), capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 2, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and needle in r.stderr, r.stderr
    assert not list(tmp_path.iterdir())


def test_a_worker_with_a_different_map_is_refused_before_rendering(tmp_path) -> None:
    europa = shared_file("textures", "europa_4k.jpg")
    odd_data = tmp_path / "odd-data"
    r = subprocess.run([sys.executable, "-m", "perijove", "data", "add", str(europa), "--body",
                        "europa"], cwd=ROOT, env=headless_env(PERIJOVE_DATA_DIR=str(odd_data)),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    cache = tmp_path / "frames-kept"
    dask = DaskProcesses(tmp_path)
    try:
        dask.start_scheduler()
        dask.start_worker("same-data")
        dask.start_worker("odd-map", PERIJOVE_DATA_DIR=str(odd_data))
        dask.wait_for_workers(2)
        out = tmp_path / "frames"
        with pytest.raises(ExportError) as err:
            run_export(farm_settings(out, cluster=dask.address, frames_dir=cache))
    finally:
        dask.stop()
    message = str(err.value)
    assert "odd-map" in message and "Europa map" in message, message
    assert "europa_4k.jpg" in message and "Europa.jpg" in message and "\n" not in message
    assert "same-data" not in message
    assert not out.exists() and not partial_path(out).exists()
    assert not list(cache.rglob("*.png"))  # refused before any frame was rendered
