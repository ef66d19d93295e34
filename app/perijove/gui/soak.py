"""A soak run: the real window plays through every flyby at the fastest rate, cycling, for a
given time, and reports how its memory and frame times behave (issue 15: a kiosk runs for
days; the window once died after minutes)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

import numpy as np

from perijove.core.clock import RATE_STEPS_S_PER_S

WARM_UP_S = 300.0  # memory growth is measured after the first five minutes


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


WINDOW_S = 300.0  # memory is compared between five-minute windows


def memory_growth(samples: list[tuple[float, float]], warm_up_s: float = WARM_UP_S,
                  window_s: float = WINDOW_S) -> dict[str, float]:
    """Resident memory growth from (elapsed s, MB) samples, after the warm-up.

    `end_pct`: the last sample against the first after the warm-up. Freed memory goes back
    every 30 s (core/native_memory.py), so single samples swing by tens of MB with the trim
    cycle; `median_pct` and `peak_pct` compare the median and the highest sample of the
    first `window_s` after the warm-up with those of the last `window_s`, which the phase of
    that cycle does not decide.
    """
    after = [(s, m) for s, m in samples if s >= warm_up_s] or samples
    first = [m for s, m in after if s < after[0][0] + window_s]
    last = [m for s, m in after if s > after[-1][0] - window_s]

    def pct(a: float, b: float) -> float:
        return round(100.0 * (b - a) / a, 2)

    return {"base_mb": after[0][1], "end_mb": after[-1][1],
            "end_pct": pct(after[0][1], after[-1][1]),
            "median_pct": pct(float(np.median(first)), float(np.median(last))),
            "peak_pct": pct(max(first), max(last))}


def run_soak(minutes: float, as_json: bool = False, warm_up_s: float = WARM_UP_S,
             log_path: str | None = None) -> int:
    """Play for `minutes`; with `log_path`, one JSON line per flyby played (time, flyby,
    resident memory, its frames' count, median and slowest) is appended there as it goes, so
    a long run can be followed and a slow frame traced to its flyby."""
    from PySide6.QtWidgets import QApplication

    from perijove.flybys.catalog import flybys
    from perijove.gui.app import build_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_window(argparse.Namespace(time=None, kernel=[], trajectory=[], flyby=None))
    window.show()
    passes = [f.id for f in flybys() if f.ca_is_known]
    fastest = RATE_STEPS_S_PER_S[-1]
    started = time.perf_counter()
    end = started + minutes * 60.0
    samples: list[tuple[float, float]] = []  # (elapsed s, RSS MB)
    frames_ms: list[float] = []
    opened = 0
    slowest = (0.0, "")  # (ms, flyby)
    log = open(log_path, "a", encoding="utf-8") if log_path else None  # noqa: SIM115
    try:
        while time.perf_counter() < end:
            window.open_flyby(passes[opened % len(passes)])
            opened += 1
            window.clock.set_rate(fastest)
            window.clock.set_playing(True)
            while window.clock.playing and time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.002)
            played = window.viewport.render_ms
            window.viewport.render_ms = []
            frames_ms += played
            flyby = passes[(opened - 1) % len(passes)]
            if played and max(played) > slowest[0]:
                slowest = (max(played), flyby)
            samples.append((time.perf_counter() - started, rss_mb()))
            if log is not None:
                log.write(json.dumps({
                    "elapsed_s": round(samples[-1][0], 1), "flyby": flyby,
                    "rss_mb": round(samples[-1][1], 1), "frames": len(played),
                    "median_frame_ms": round(sorted(played)[len(played) // 2], 1)
                    if played else None,
                    "slowest_frame_ms": round(max(played), 1) if played else None}) + "\n")
                log.flush()
    finally:
        window.clock.set_playing(False)
        trims_s = list(window.memory_release.took_s)
        window.shutdown()
        if log is not None:
            log.close()
    growth = memory_growth(samples, warm_up_s)
    result = {"minutes": round((time.perf_counter() - started) / 60.0, 2),
              "flybys_played": opened, "frames": len(frames_ms),
              "rss_start_mb": round(samples[0][1], 1),
              "rss_base_mb": round(growth["base_mb"], 1),
              "rss_end_mb": round(growth["end_mb"], 1),
              "rss_growth_pct": growth["end_pct"],
              "rss_median_growth_pct": growth["median_pct"],
              "rss_peak_growth_pct": growth["peak_pct"],
              "slowest_frame_ms": round(max(frames_ms, default=0.0), 1),
              "slowest_frame_flyby": slowest[1],
              "median_frame_ms": round(sorted(frames_ms)[len(frames_ms) // 2], 1)
              if frames_ms else 0.0,
              "memory_releases": len(trims_s),
              "slowest_memory_release_ms": round(1000.0 * max(trims_s, default=0.0), 1)}
    print(f"soak: {result['minutes']} min, {opened} flybys played at 1 day/s, "
          f"{result['frames']} frames; memory {result['rss_base_mb']} MB after warm-up -> "
          f"{result['rss_end_mb']} MB ({result['rss_growth_pct']:+.2f}%; five-minute windows: "
          f"median {result['rss_median_growth_pct']:+.2f}%, peak "
          f"{result['rss_peak_growth_pct']:+.2f}%); slowest frame "
          f"{result['slowest_frame_ms']} ms in {slowest[1] or '-'} "
          f"(median {result['median_frame_ms']} ms); {len(trims_s)} memory releases, "
          f"slowest {result['slowest_memory_release_ms']} ms")
    if as_json:
        print(json.dumps(result))
    return 0
