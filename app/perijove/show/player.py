"""The show player: a show's timeline in show seconds, and the live player that walks it.

`ShowTimeline.frame_at(show_s)` is a pure function of show time: what to draw at that moment
(chapter, simulated time, camera, captions, fades, crossfade partner, credits). Frame-exact
export renders frame i at show second i / fps, `frame_count(fps)` frames in all.

`ShowPlayer` is the live side (presentation, kiosk, headless): a show clock advanced by
`tick(wall_dt_s)`, operator commands (next, prev, goto, play, pause, black, set_rate), a kiosk
loop that survives errors, and listeners told of every change. Every method is thread-safe.
Other threads (the remote control, OSC) should `post` commands: they are applied on the
thread that calls `tick`, between frames, and the returned Future gives the new status.
"""

from __future__ import annotations

import bisect
import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from perijove.show.show_file import (
    Caption,
    Chapter,
    Show,
    transition_in_s,
    transition_out_s,
)

log = logging.getLogger(__name__)

CAPTION_FADE_S = 0.5  # captions fade in and out over half a second
CREDITS_FADE_S = 1.0
MAX_ERRORS_PER_CHAPTER = 3  # then the kiosk moves on to the next chapter
MIN_RATE, MAX_RATE = 0.01, 1000.0  # show seconds per wall-clock second
COMMANDS = ("next", "prev", "goto", "play", "pause", "black", "set_rate")

Status = dict[str, Any]
Listener = Callable[[Status], None]


def _smooth(x: float) -> float:
    """0 -> 1 with zero slope at both ends (smoothstep), clamped."""
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


@dataclass(frozen=True)
class CameraSpec:
    mode: str  # follow | from-juno | target | overview | path
    path: Path | None = None  # the scene file when mode == "path"
    anim_s: float | None = None  # seconds into that path's animation (mode "path")


@dataclass(frozen=True)
class VisibleCaption:
    title: str
    text: str
    opacity: float  # 0..1, fading in and out
    # Where the chapter is while the caption is up: (simulated time, camera path time) at its
    # start, middle and end, so it can be placed clear of what the camera shows over its
    # whole life and stay put (the same place in every frame, on every render node).
    moments: tuple[tuple[float, float | None], ...] = ()


@dataclass(frozen=True)
class ChapterView:
    """One chapter at one moment (the outgoing chapter of a crossfade)."""

    chapter: int  # 0-based
    chapter_title: str
    chapter_s: float
    t_tdb_s: float
    flyby_id: str | None
    camera: CameraSpec
    captions: tuple[VisibleCaption, ...]
    holding: bool


@dataclass(frozen=True)
class ShowFrame:
    """What to draw at one show second. Compose it as: render `chapter` at `t_tdb_s` with
    `camera`; if `crossfade` is set, render that chapter too and mix its image in with weight
    `crossfade_mix`; draw `captions`; darken everything by `black` (0 = picture, 1 = black);
    draw `credits` on top with `credits_opacity`; `blackout` (the operator's black-out, live
    frames only) means a black screen."""

    show_s: float
    chapter: int  # 0-based; the last chapter during the credits
    chapter_title: str
    chapter_s: float  # show seconds into the chapter
    t_tdb_s: float  # simulated time, TDB seconds past J2000
    flyby_id: str | None
    camera: CameraSpec
    captions: tuple[VisibleCaption, ...]
    holding: bool  # simulated time is stopped by a hold
    black: float
    crossfade: ChapterView | None
    crossfade_mix: float  # weight of the crossfade partner's image, 1 -> 0
    credits: tuple[str, ...]
    credits_opacity: float
    blackout: bool = False


def _caption_moments(c: Chapter, cap: Caption) -> tuple[tuple[float, float | None], ...]:
    out = []
    for u in (0.0, 0.5, 1.0):
        t = c.sim_time_at(cap.start_s + u * cap.duration_s)
        out.append((t, c.camera_anim_s(t)))
    return tuple(out)


class ShowTimeline:
    """Where each chapter sits in show time, and the pure frame function."""

    def __init__(self, show: Show) -> None:
        self.show = show
        chapters = show.chapters
        starts, s = [], 0.0
        for k, c in enumerate(chapters):
            if k > 0 and c.transition == "crossfade":
                s -= c.transition_s  # the two chapters overlap
            starts.append(s)
            s += c.duration_s
        self.chapter_starts_s: tuple[float, ...] = tuple(starts)
        self.chapters_end_s = s
        self.duration_s = s + show.credits_s
        self._in_s = tuple(transition_in_s(chapters, k) for k in range(len(chapters)))
        self._out_s = tuple(transition_out_s(chapters, k) for k in range(len(chapters)))

    def frame_count(self, fps: float) -> int:
        """Frames in a rendered show: frame i is shown at show second i / fps."""
        return max(1, round(self.duration_s * fps))

    def chapter_at(self, show_s: float) -> int:
        """The chapter on screen (the incoming one during a crossfade); the last in credits."""
        k = bisect.bisect_right(self.chapter_starts_s, show_s) - 1
        return min(max(k, 0), len(self.chapter_starts_s) - 1)

    def in_credits(self, show_s: float) -> bool:
        return self.show.credits_s > 0 and show_s >= self.chapters_end_s

    def _view(self, k: int, chapter_s: float) -> ChapterView:
        c: Chapter = self.show.chapters[k]
        cs = min(max(chapter_s, 0.0), c.duration_s)
        t = c.sim_time_at(cs)
        captions = []
        for cap in c.captions:
            u = cs - cap.start_s
            if 0.0 <= u < cap.duration_s:
                fade = min(CAPTION_FADE_S, cap.duration_s / 4.0)
                opacity = _smooth(u / fade) * _smooth((cap.duration_s - u) / fade)
                if opacity > 0.0:
                    captions.append(VisibleCaption(cap.title, cap.text, opacity,
                                                   _caption_moments(c, cap)))
        camera = CameraSpec(c.camera, c.camera_file, c.camera_anim_s(t))
        return ChapterView(k, c.title, cs, t, c.flyby_id, camera, tuple(captions),
                           c.hold_at(cs) is not None)

    def frame_at(self, show_s: float) -> ShowFrame:
        """The frame at `show_s` (clamped to the show): depends on nothing else."""
        s = min(max(float(show_s), 0.0), self.duration_s)
        chapters = self.show.chapters
        k = self.chapter_at(s)
        c = chapters[k]
        cs = min(s - self.chapter_starts_s[k], c.duration_s)
        view = self._view(k, cs)
        black, partner, mix = 0.0, None, 0.0
        t_in = self._in_s[k]
        if t_in > 0 and cs < t_in:
            if c.transition == "crossfade" and k > 0:
                prev = chapters[k - 1]
                partner = self._view(k - 1, prev.duration_s - t_in + cs)
                mix = 1.0 - _smooth(cs / t_in)
            else:
                black = 1.0 - _smooth(cs / t_in)
        t_out = self._out_s[k]
        fades_out = k == len(chapters) - 1 or chapters[k + 1].transition == "fade"
        if fades_out and t_out > 0 and cs > c.duration_s - t_out:
            black = max(black, _smooth((cs - (c.duration_s - t_out)) / t_out))
        credits: tuple[str, ...] = ()
        credits_opacity = 0.0
        if self.in_credits(s):
            black = 1.0
            u = s - self.chapters_end_s
            fade = min(CREDITS_FADE_S, self.show.credits_s / 2.0)
            credits = self.show.credits
            credits_opacity = _smooth(u / fade) * _smooth((self.show.credits_s - u) / fade)
        return ShowFrame(s, k, c.title, view.chapter_s, view.t_tdb_s, view.flyby_id,
                         view.camera, view.captions, view.holding, black, partner, mix,
                         credits, credits_opacity)


def _one_line(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 200 else text[:197] + "..."


class ShowPlayer:
    """A show playing live. Show time advances by wall time x `rate` while playing."""

    def __init__(self, show: Show, *, kiosk: bool = False, playing: bool = True,
                 rate: float = 1.0) -> None:
        self.show = show
        self.timeline = ShowTimeline(show)
        self.kiosk = kiosk
        self._lock = threading.RLock()
        self._listeners: tuple[Listener, ...] = ()
        self._commands: queue.SimpleQueue[tuple[str, tuple, Future]] = queue.SimpleQueue()
        self._show_s = 0.0
        self._playing = playing
        self._rate = self._checked_rate(rate)
        self._black = False
        self._loops = 0
        self._errors = 0
        self._last_error = ""
        self._streak = (-1, 0)  # (chapter, errors there since it last played through)
        self._titles = [c.title for c in show.chapters]
        self._notified_key: tuple | None = self._key()

    # --- frames -----------------------------------------------------------------------------

    def frame_at(self, show_s: float) -> ShowFrame:
        """The frame at a show second (pure; the same for export and live)."""
        return self.timeline.frame_at(show_s)

    def frame(self) -> ShowFrame:
        """The frame to draw now, with the operator's black-out."""
        with self._lock:
            s, black = self._show_s, self._black
        frame = self.timeline.frame_at(s)
        return replace(frame, blackout=True) if black else frame

    @property
    def show_s(self) -> float:
        with self._lock:
            return self._show_s

    @property
    def loops(self) -> int:
        """How many times a kiosk has wrapped round to the first chapter."""
        with self._lock:
            return self._loops

    # --- the clock ----------------------------------------------------------------------------

    def tick(self, wall_dt_s: float) -> ShowFrame:
        """Apply posted commands, then advance by wall time; returns the frame to draw."""
        self._apply_posted()
        with self._lock:
            if self._playing and wall_dt_s > 0:
                s = self._show_s + wall_dt_s * self._rate
                duration = self.timeline.duration_s
                if s >= duration:
                    if self.kiosk:
                        self._loops += int(s // duration)
                        s %= duration
                    else:
                        s, self._playing = duration, False
                self._show_s = s
                if self.timeline.chapter_at(s) != self._streak[0]:
                    self._streak = (-1, 0)  # the failing chapter has been left behind
            status = self._change()
        self._notify(status)
        return self.frame()

    def post(self, command: str, *args: Any) -> Future:
        """Queue a command from another thread; it runs at the next `tick`. The Future gives
        the status after it, or the ValueError a bad argument raised."""
        if command not in COMMANDS:
            raise ValueError(f"unknown command '{command}'; choose one of: {', '.join(COMMANDS)}")
        future: Future = Future()
        self._commands.put((command, args, future))
        return future

    def _apply_posted(self) -> None:
        while True:
            try:
                command, args, future = self._commands.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                getattr(self, command)(*args)
            except (ValueError, TypeError) as exc:
                future.set_exception(exc)
            else:
                future.set_result(self.status())

    # --- operator commands --------------------------------------------------------------------

    def goto(self, chapter: int) -> None:
        """Jump to the start of a chapter (0-based), with its incoming transition."""
        n = len(self.show.chapters)
        if isinstance(chapter, bool) or not isinstance(chapter, int) or not 0 <= chapter < n:
            raise ValueError(f"chapter {chapter!r} does not exist; this show has chapters "
                             f"0 to {n - 1}")
        with self._lock:
            self._show_s = self.timeline.chapter_starts_s[chapter]
            status = self._change(force=True)
        self._notify(status)

    def next(self) -> None:
        """The next chapter; from the last, the credits (or, in a kiosk, the first again)."""
        with self._lock:
            s = self._show_s
            k = self.timeline.chapter_at(s)
            if self.timeline.in_credits(s) or s >= self.timeline.duration_s:
                if not self.kiosk:
                    return  # the show is over: nothing comes next
                self._loop_to_start()
            elif k < len(self.show.chapters) - 1:
                self._show_s = self.timeline.chapter_starts_s[k + 1]
            elif self.kiosk and self.show.credits_s == 0:
                self._loop_to_start()
            else:
                self._show_s = self.timeline.chapters_end_s
            status = self._change(force=True)
        self._notify(status)

    def prev(self) -> None:
        """The previous chapter (from the credits, the last chapter; the first restarts)."""
        with self._lock:
            s = self._show_s
            k = self.timeline.chapter_at(s)
            if not self.timeline.in_credits(s) and s < self.timeline.duration_s:
                k = max(k - 1, 0)
            self._show_s = self.timeline.chapter_starts_s[k]
            status = self._change(force=True)
        self._notify(status)

    def _loop_to_start(self) -> None:
        self._loops += 1
        self._show_s = 0.0

    def play(self) -> None:
        """Play (from the start again if the show has ended)."""
        with self._lock:
            if self._show_s >= self.timeline.duration_s:
                self._show_s = 0.0
            self._playing = True
            status = self._change()
        self._notify(status)

    def pause(self) -> None:
        with self._lock:
            self._playing = False
            status = self._change()
        self._notify(status)

    def black(self, on: bool | None = None) -> None:
        """The operator's black-out: on, off, or (None) toggled. The clock is not touched."""
        if on is not None and not isinstance(on, bool):
            raise ValueError(f"black-out must be true or false, not {on!r}")
        with self._lock:
            self._black = (not self._black) if on is None else on
            status = self._change()
        self._notify(status)

    def set_rate(self, rate: float) -> None:
        """Show seconds per wall-clock second (1 = as the show was written)."""
        rate = self._checked_rate(rate)
        with self._lock:
            self._rate = rate
            status = self._change()
        self._notify(status)

    def report_error(self, exc: BaseException) -> None:
        """Something failed while showing the current chapter: restart that chapter without
        leaving the show; after MAX_ERRORS_PER_CHAPTER failures in a row, move on."""
        with self._lock:
            self._errors += 1
            self._last_error = _one_line(exc)
            k = self.timeline.chapter_at(self._show_s)
            count = self._streak[1] + 1 if self._streak[0] == k else 1
            log.warning("show chapter %d failed (%s); %s", k, self._last_error,
                        "moving on" if count >= MAX_ERRORS_PER_CHAPTER else "restarting it")
            if count >= MAX_ERRORS_PER_CHAPTER:
                self._streak = (-1, 0)
                if k + 1 < len(self.show.chapters):
                    self._show_s = self.timeline.chapter_starts_s[k + 1]
                elif self.kiosk:
                    self._loop_to_start()
                else:
                    self._show_s = self.timeline.chapters_end_s
            else:
                self._streak = (k, count)
                self._show_s = self.timeline.chapter_starts_s[k]
            status = self._change(force=True)
        self._notify(status)

    @staticmethod
    def _checked_rate(rate: float) -> float:
        if (isinstance(rate, bool) or not isinstance(rate, int | float)
                or not math.isfinite(rate) or not MIN_RATE <= rate <= MAX_RATE):
            raise ValueError(f"rate {rate!r} must be a number of show seconds per second "
                             f"from {MIN_RATE:g} to {MAX_RATE:g}")
        return float(rate)

    # --- status and listeners -----------------------------------------------------------------

    def status(self) -> Status:
        """The player's state as JSON-ready values (what the remote control serves)."""
        from perijove.core.timescale import format_utc

        with self._lock:
            s = self._show_s
            frame = self.timeline.frame_at(s)
            chapter = self.show.chapters[frame.chapter]
            sim_rate = 0.0
            if self._playing and not frame.holding and not self.timeline.in_credits(s):
                sim_rate = chapter.rate * self._rate
            return {
                "show": self.show.title,
                "chapter": frame.chapter,
                "chapter_title": frame.chapter_title,
                "chapters": len(self.show.chapters),
                "chapter_titles": list(self._titles),
                "time_utc": format_utc(frame.t_tdb_s),
                "t_tdb_s": frame.t_tdb_s,
                "show_s": s,
                "chapter_s": frame.chapter_s,
                "duration_s": self.timeline.duration_s,
                "playing": self._playing,
                "rate": self._rate,
                "sim_rate": sim_rate,
                "black": self._black,
                "credits": self.timeline.in_credits(s),
                "kiosk": self.kiosk,
                "loops": self._loops,
                "errors": self._errors,
                "last_error": self._last_error,
            }

    def add_listener(self, listener: Listener) -> None:
        """Call `listener(status)` after every change (on the thread that made it)."""
        with self._lock:
            if listener not in self._listeners:
                self._listeners = (*self._listeners, listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners = tuple(x for x in self._listeners if x is not listener)

    def _key(self) -> tuple:
        s = self._show_s
        return (self.timeline.chapter_at(s), self.timeline.in_credits(s), self._playing,
                self._rate, self._black, self._loops, self._errors)

    def _change(self, force: bool = False) -> Status | None:
        """Under the lock: the status to announce if anything listeners see has changed."""
        key = self._key()
        if not force and key == self._notified_key:
            return None
        self._notified_key = key
        return self.status() if self._listeners else None

    def _notify(self, status: Status | None) -> None:
        if status is None:
            return
        for listener in self._listeners:
            try:
                listener(status)
            except Exception as exc:  # a broken listener must not stop the show
                log.warning("show listener %r failed: %s", listener, _one_line(exc))


class PlayerClock:
    """Drives a player in real time from a background thread (headless mode, tests):
    `tick(elapsed wall time x time_scale)` every `interval_s`."""

    def __init__(self, player: ShowPlayer, interval_s: float = 1 / 30,
                 time_scale: float = 1.0) -> None:
        self.player = player
        self.interval_s = interval_s
        self.time_scale = time_scale
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PlayerClock:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="perijove-show-clock",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(self.interval_s):
            now = time.monotonic()
            try:
                self.player.tick((now - last) * self.time_scale)
            except Exception as exc:  # the show goes on (kiosk): restart the chapter
                self.player.report_error(exc)
            last = now

    def __enter__(self) -> PlayerClock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
