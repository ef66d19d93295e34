"""`perijove show`: headless mode driven over the real HTTP remote, and every bad input as
one line with exit code 2."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import ROOT, cli_mistake, run_cli
from tests.show.short_show import SHORT_SHOW, write_short_show


@pytest.fixture
def short_show(tmp_path: Path) -> Path:
    return write_short_show(tmp_path)


class Headless:
    """`perijove show --headless --json` in a child process, its events read as they come."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "perijove", "show", *args, "--headless", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env=dict(os.environ))
        self.events: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def wait_for(self, timeout_s: float = 120, **fields: object) -> dict:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise AssertionError(f"perijove show ended: {self.proc.stderr.read()}") \
                        from None
                continue
            self.seen.append(event)
            if all(event.get(k) == v for k, v in fields.items()):
                return event
        raise AssertionError(f"no event {fields} in {timeout_s} s; saw {self.seen}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # never leave a show running behind the suite
            self.proc.wait()
            raise
        finally:
            self.proc.stdout.close()
            self.proc.stderr.close()


def _call(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_headless_show_follows_the_http_remote(short_show: Path, tmp_path: Path) -> None:
    snapshot = tmp_path / "now.png"
    show = Headless(str(short_show), "--paused", "--remote", "127.0.0.1:0", "--size",
                    "320x180", "--snapshot", str(snapshot))
    try:
        url = show.wait_for(event="remote")["url"]
        show.wait_for(event="ready")
        first = show.wait_for(event="chapter")
        assert first["chapter"] == 0
        status = _call(url + "api/status")
        assert status["show"] == "Three passes" and status["chapter"] == 0
        assert status["chapters"] == 3 and status["playing"] is False
        # next: the status says chapter 1, and the renderer draws chapter 1.
        assert _call(url + "api/next", "POST")["chapter"] == 1
        drawn = show.wait_for(event="chapter", chapter=1)
        assert drawn["title"] == "Ganymede"
        assert _call(url + "api/status")["chapter_title"] == "Ganymede"
        # goto the last chapter, then play: the show runs on to its credits by itself.
        assert _call(url + "api/goto", "POST", {"chapter": 2})["chapter"] == 2
        show.wait_for(event="chapter", chapter=2)
        # The chapter starts with a fade from black; play to see its picture.
        before = snapshot.stat().st_mtime_ns if snapshot.exists() else 0
        assert _call(url + "api/play", "POST")["playing"] is True
        show.wait_for(event="credits")
        # The snapshot follows what is drawn: within the next seconds one shows a picture.
        # (The first written after play can still be black: the fade from black was on.)
        deadline = time.monotonic() + 30
        picture = False
        while not picture and time.monotonic() < deadline:
            if snapshot.exists() and snapshot.stat().st_mtime_ns != before:
                with Image.open(snapshot) as image:
                    assert image.size == (320, 180)
                    picture = np.asarray(image).max() > 0
            time.sleep(0.2)
        assert picture, f"no snapshot with a picture in {snapshot} within 30 s of the credits"
    finally:
        assert show.stop() == 0


def test_headless_show_plays_to_the_end_and_exits(short_show: Path) -> None:
    # The show's clock is the wall clock: on a very busy machine a slow frame can step over a
    # whole chapter (seen with two suites and an export on two cores). So this checks the
    # chapters drawn come in order from the first, and the show ends by itself with exit 0
    # (tests/show/test_presentation.py plays a show through every chapter in the window).
    show = Headless(str(short_show), "--rate", "1", "--size", "160x90")
    try:
        show.wait_for(event="end")
        chapters = [e["chapter"] for e in show.seen if e.get("event") == "chapter"]
        assert chapters and chapters[0] == 0 and chapters == sorted(chapters), show.seen
        assert show.proc.wait(timeout=30) == 0
    finally:
        show.stop()


def _one_line_error(r: subprocess.CompletedProcess, words: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stderr.startswith("perijove: ") and r.stderr.strip().count("\n") == 0, r.stderr
    assert words in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("change, words", [
    (('camera = "target"\nduration_s = 4', 'camera = "target"\nduration_s = 4\nspeed = 2'),
     "chapter 1 (\"Io\"): unknown field 'speed'"),
    (('flyby = "PJ34-Ganymede"', 'flyby = "PJ99-Nowhere"'), "chapter 2 (\"Ganymede\"): 'flyby'"),
    (('camera = "follow"', 'camera = "path:no-such-path"'), "chapter 2 (\"Ganymede\"): 'camera'"),
    (("at_s = 1\n", ""), "chapter 1 (\"Io\"): caption 1: has no time"),
])
def test_bad_show_files_get_one_line(tmp_path: Path, change: tuple[str, str],
                                     words: str) -> None:
    assert change[0] in SHORT_SHOW
    path = write_short_show(tmp_path, SHORT_SHOW.replace(*change, 1))
    for args in (("show", str(path), "--headless"), ("export", "--show", str(path), "--out",
                                                     str(tmp_path / "frames"))):
        r = cli_mistake(*args)
        _one_line_error(r, words)
        assert str(path) in r.stderr


def test_a_port_in_use_is_one_line(short_show: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = run_cli("show", str(short_show), "--headless", "--remote", f"127.0.0.1:{port}")
    _one_line_error(r, "the port is in use")


@pytest.mark.parametrize("args, words", [
    (["--remote", "0.0.0.0:0"], "give a token"),
    (["--osc", "0.0.0.0:0"], "--osc-allow"),
    (["--remote-token", "secret"], "--remote-token goes with --remote"),
    (["--osc", "127.0.0.1:0", "--osc-allow", "not-an-address"], "not an IP address"),
    (["--remote", "127.0.0.1:port"], "the port must be a number"),
    (["--rate", "0"], "--rate 0 must be"),
    (["--chapter", "4"], "this show has chapters 1 to 3"),
    (["--projection", "cylinder"], "unknown projection 'cylinder'"),
    (["--projection", "fisheye", "--size", "640x360"], "square"),
    (["--snapshot", "now.jpg"], "must end in .png"),
])
def test_bad_options_get_one_line(short_show: Path, args: list[str], words: str) -> None:
    r = run_cli("show", str(short_show), "--headless", *args)
    _one_line_error(r, words)


def test_a_token_from_the_environment_opens_other_addresses(short_show: Path) -> None:
    env = dict(os.environ, PERIJOVE_REMOTE_TOKEN="s3cret")
    proc = subprocess.Popen([sys.executable, "-m", "perijove", "show", str(short_show),
                             "--headless", "--json", "--paused", "--size", "64x36",
                             "--remote", "0.0.0.0:0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        event = json.loads(proc.stdout.readline())
        assert event["event"] == "remote" and event["url"].startswith("http://0.0.0.0:")
        port = int(event["url"].rsplit(":", 1)[1].strip("/"))
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
        refused.value.close()
        request.add_header("Authorization", "Bearer s3cret")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["show"] == "Three passes"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        assert code == 0


def test_the_window_needs_a_display(short_show: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "perijove", "show", str(short_show)],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    _one_line_error(r, "no display found")
