"""The show player: plays through its chapters on its own, loops in kiosk mode, survives
errors, and its frames are a pure function of show time with exact export frame counts."""

from __future__ import annotations

import gc
import random
import threading
import tracemalloc

import pytest

from perijove.show.player import (
    MAX_ERRORS_PER_CHAPTER,
    PlayerClock,
    ShowPlayer,
    ShowTimeline,
)
from perijove.show.show_file import END_FADE_S, load_show


@pytest.fixture(scope="module")
def io_show():  # noqa: ANN201
    return load_show("juno-at-io")


def play_through(player: ShowPlayer, dt_s: float, max_ticks: int = 100_000) -> list[int]:
    """Tick with a fast clock until the player stops; the chapters it announced, in order."""
    seen: list[int] = []
    player.add_listener(lambda s: seen.append(s["chapter"]) if not seen or
                        seen[-1] != s["chapter"] else None)
    for _ in range(max_ticks):
        player.tick(dt_s)
        if not player.status()["playing"]:
            break
    return seen


def test_the_show_plays_through_its_chapters_on_its_own(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show)
    seen = play_through(player, 0.5)
    status = player.status()
    assert seen == [1, 2, 3]  # announced changes after the first chapter
    assert status["playing"] is False and status["credits"] is True
    assert status["chapter"] == 3 and status["chapters"] == 4
    assert player.show_s == player.timeline.duration_s


def test_kiosk_loops_forever(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, kiosk=True)
    seen: list[int] = []
    player.add_listener(lambda s: seen.append(s["chapter"]))
    duration = player.timeline.duration_s
    for _ in range(int(2.5 * duration / 0.5)):
        player.tick(0.5)
    status = player.status()
    assert status["playing"] is True and status["loops"] == 2
    compact = [c for i, c in enumerate(seen) if i == 0 or seen[i - 1] != c]
    assert compact[:9] == [1, 2, 3, 0, 1, 2, 3, 0, 1]


def test_an_error_restarts_the_chapter_and_the_show_goes_on(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, kiosk=True)
    failed = set()
    chapters_drawn = set()
    for _ in range(2000):
        frame = player.tick(0.25)
        try:  # a renderer that fails once, on chapter 2's first frame after 10 s
            if frame.chapter == 2 and frame.chapter_s > 10 and 2 not in failed:
                failed.add(2)
                raise RuntimeError("GPU lost")
            chapters_drawn.add(frame.chapter)
        except RuntimeError as exc:
            player.report_error(exc)
            assert player.status()["chapter"] == 2
            assert player.frame().chapter_s == pytest.approx(0.0)
        if player.loops:
            break
    status = player.status()
    assert failed == {2} and chapters_drawn == {0, 1, 2, 3}
    assert status["errors"] == 1 and "GPU lost" in status["last_error"]
    assert status["loops"] == 1 and status["playing"]


def test_a_chapter_that_always_fails_is_skipped_after_a_few_tries(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, kiosk=True)
    player.goto(1)
    for _ in range(MAX_ERRORS_PER_CHAPTER - 1):
        player.report_error(ValueError("bad texture"))
        assert player.status()["chapter"] == 1
    player.report_error(ValueError("bad texture"))
    assert player.status()["chapter"] == 2
    player.goto(3)
    for _ in range(MAX_ERRORS_PER_CHAPTER):
        player.report_error(ValueError("bad"))
    assert player.status()["chapter"] == 0 and player.loops == 1  # the kiosk wraps round


def test_a_clock_thread_survives_a_failing_listener(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, kiosk=True)
    calls = []

    def broken(status: dict) -> None:
        calls.append(status["chapter"])
        raise RuntimeError("listener bug")

    player.add_listener(broken)
    with PlayerClock(player, interval_s=0.005, time_scale=200.0):
        deadline = threading.Event()
        deadline.wait(1.5)
    assert player.loops >= 1 and len(calls) >= 4


def test_frames_are_a_pure_function_of_show_time(io_show) -> None:  # noqa: ANN001
    a, b = ShowTimeline(io_show), ShowTimeline(load_show("juno-at-io"))
    times = [i / 30 for i in range(a.frame_count(30))]
    frames = [a.frame_at(t) for t in times]
    shuffled = list(enumerate(times))
    random.Random(7).shuffle(shuffled)
    for i, t in shuffled:
        assert b.frame_at(t) == frames[i]
    player = ShowPlayer(io_show)
    for _ in range(333):
        player.tick(0.1)
    assert player.frame() == a.frame_at(player.show_s)


@pytest.mark.parametrize("name, expected_s", [
    # From the show files: chapters of 30, 80 min / 120 + 15, 30 and 80 min / 120 + 15 s, one
    # crossfade of 2 s (overlap), credits 10 s.
    ("juno-at-io", 30 + 55 + 30 + 55 - 2 + 10),
    # 100 min / 150 + 12, 80 min / 120 + 12 twice; crossfades of 3 s twice; credits 12 s.
    ("juno-moon-tour", 52 * 3 - 3 - 3 + 12),
])
@pytest.mark.parametrize("fps", [24, 25, 30, 60])
def test_export_frame_counts_are_exact(name: str, expected_s: float, fps: int) -> None:
    timeline = ShowTimeline(load_show(name))
    assert timeline.duration_s == pytest.approx(expected_s, abs=1e-6)
    n = timeline.frame_count(fps)
    assert n == round(expected_s * fps)
    last = timeline.frame_at((n - 1) / fps)
    assert last.credits and last.black == 1.0
    assert timeline.frame_at(n / fps).credits_opacity == pytest.approx(0.0)


def test_transitions_captions_and_holds(io_show) -> None:  # noqa: ANN001
    t = ShowTimeline(io_show)
    s0, s1, s2, s3 = t.chapter_starts_s
    # Fade into chapter 0 (3 s: 1.5 s in from black).
    assert t.frame_at(0.0).black == 1.0 and t.frame_at(1.5).black == 0.0
    # Crossfade into chapter 1 (2 s): chapters overlap, chapter 0 mixed in from 1 to 0.
    assert s1 == pytest.approx(30.0 - 2.0)
    f = t.frame_at(s1)
    assert f.chapter == 1 and f.crossfade.chapter == 0 and f.crossfade_mix == 1.0
    assert f.crossfade.chapter_s == pytest.approx(28.0)
    mid = t.frame_at(s1 + 1.0)
    assert mid.crossfade_mix == pytest.approx(0.5) and mid.black == 0.0
    assert t.frame_at(s1 + 2.0).crossfade is None
    # Fade into chapter 2 (2 s): 1 s out to black, 1 s in.
    assert t.frame_at(s2 - 0.5).black == pytest.approx(0.5)
    assert t.frame_at(s2).black == 1.0 and t.frame_at(s2).chapter == 2
    assert t.frame_at(s2 + 1.0).black == 0.0
    # The hold at CA in chapter 1: 15 s with simulated time stopped at CA.
    ca = io_show.chapters[1].ca_tdb_s
    held = [t.frame_at(s1 + 20.0 + x) for x in (0.01, 7.0, 14.9)]
    assert all(fr.holding and fr.t_tdb_s == ca for fr in held)
    assert len({fr.camera.anim_s for fr in held}) == 1  # the path waits too
    path_ca_s = io_show.chapters[1].camera_scene.anim_s_at(ca)  # where the path shows CA
    assert held[0].camera.mode == "path" and held[0].camera.anim_s == pytest.approx(path_ca_s)
    after = t.frame_at(s1 + 36.0)
    assert not after.holding and after.t_tdb_s == pytest.approx(ca + 120.0)
    # The CA caption: fades in, is fully up, fades out within its 13 s.
    caption = lambda x: t.frame_at(s1 + 20.0 + x).captions  # noqa: E731
    assert caption(0.0) == ()
    assert caption(0.25)[0].opacity == pytest.approx(0.5)
    assert caption(6.0)[0].opacity == 1.0 and "08:36" in caption(6.0)[0].title
    assert caption(13.01) == ()
    # The show's end: the last chapter fades out, then the credits fade in over black.
    end = t.chapters_end_s
    assert t.frame_at(end - END_FADE_S / 2).black == pytest.approx(0.5)
    assert t.frame_at(end + 0.5).credits_opacity == pytest.approx(0.5)
    assert t.frame_at(end + 5).credits_opacity == 1.0


def test_operator_commands(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, playing=False)
    changes = []
    player.add_listener(changes.append)
    player.next()
    assert player.status()["chapter"] == 1
    player.next()
    player.next()
    assert player.status()["chapter"] == 3
    player.next()
    assert player.status()["credits"] is True
    player.prev()
    assert player.status()["chapter"] == 3 and not player.status()["credits"]
    player.prev()
    assert player.status()["chapter"] == 2
    player.goto(0)
    player.prev()
    assert player.status()["chapter"] == 0 and player.show_s == 0.0
    player.play()
    assert player.status()["playing"]
    player.pause()
    assert not player.status()["playing"]
    player.black()
    assert player.status()["black"] and player.frame().blackout
    player.black()
    assert not player.status()["black"]
    player.black(on=True)
    player.black(on=True)
    assert player.status()["black"]
    player.set_rate(4)
    player.play()
    player.tick(1.0)
    assert player.show_s == pytest.approx(4.0) and player.status()["rate"] == 4.0
    with pytest.raises(ValueError, match="chapter 9 does not exist"):
        player.goto(9)
    with pytest.raises(ValueError, match="rate"):
        player.set_rate(0)
    assert len(changes) >= 12 and all(c["show"] == "Juno at Io" for c in changes)


def test_status_reports_time_and_rates(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, playing=True, rate=2.0)
    player.goto(1)
    status = player.status()
    assert status["time_utc"] == "2023-12-30T07:56:01Z"
    assert status["sim_rate"] == pytest.approx(240.0)  # 120 simulated s per show s, x 2
    player.tick(10.5)  # 21 show seconds: at CA, holding
    assert player.status()["sim_rate"] == 0.0
    assert player.status()["time_utc"] == "2023-12-30T08:36:01Z"


def test_commands_posted_from_another_thread_apply_at_the_next_tick(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, playing=False)
    results = []
    worker = threading.Thread(target=lambda: results.append(player.post("goto", 2)))
    worker.start()
    worker.join()
    future = results[0]
    assert not future.done() and player.status()["chapter"] == 0
    player.tick(0.0)
    assert future.result(timeout=1)["chapter"] == 2
    bad = player.post("goto", 42)
    player.tick(0.0)
    with pytest.raises(ValueError, match="does not exist"):
        bad.result(timeout=1)
    with pytest.raises(ValueError, match="unknown command"):
        player.post("explode")


def test_kiosk_memory_does_not_grow_over_3000_loops(io_show) -> None:  # noqa: ANN001
    player = ShowPlayer(io_show, kiosk=True)
    player.add_listener(lambda status: None)  # as the remote control does: status per change
    dt = player.timeline.duration_s / 1.9  # about two ticks a loop, every chapter boundary
    for _ in range(400):
        player.tick(dt)
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        ticks = 0
        while player.loops < 3_400:
            player.tick(dt)
            ticks += 1
            if ticks % 1000 == 0:
                player.report_error(RuntimeError("injected"))
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert player.loops >= 3_400
    # A leak of one small object (~50 bytes) a loop would be 150 kB here.
    assert grown < 64 * 1024, f"memory grew by {grown} bytes over 3,000 loops"
