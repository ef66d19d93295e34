"""A short show for tests: three chapters (a fade in, a crossfade, a fade), captions, a hold
and closing credits, 12 show seconds in all, made from the flyby catalogue's real passes."""

from __future__ import annotations

from pathlib import Path

# Chapter 1: 4 s; chapter 2: 4 s overlapping it by a 1 s crossfade; chapter 3: 3 s; credits
# 2 s: 4 + 4 - 1 + 3 + 2 = 12 s.
SHORT_SHOW_S = 12.0
SHORT_SHOW = """
[show]
title = "Three passes"
credits = ["Three passes: a test show", "Made with Perijove"]
credits_s = 2
sources = [
    { text = "Perijove's flyby catalogue", url = "https://github.com/volcanopele/juno" },
]

[[chapter]]
title = "Io"
flyby = "PJ57-Io"
start = "2023-12-30T08:16:01Z"
end = "2023-12-30T08:56:01Z"
camera = "target"
duration_s = 4
holds = [{ event = "ca", duration_s = 1 }]
transition = "fade"
transition_s = 1

[[chapter.captions]]
title = "Io at 1,500 km"
text = "Juno's closest pass over Io, 30 December 2023."
at_s = 1
duration_s = 2.5
sources = [1]

[[chapter]]
title = "Ganymede"
flyby = "PJ34-Ganymede"
start = "2021-06-07T16:36:08Z"
end = "2021-06-07T17:16:08Z"
camera = "follow"
duration_s = 4
transition = "crossfade"
transition_s = 1

[[chapter.captions]]
title = "Ganymede"
text = "About 1,046 km above the largest moon in the Solar System."
event = "ca"
offset_s = -0.5
duration_s = 2
sources = [1]

[[chapter]]
title = "The system"
start = "2023-12-30T00:00:00Z"
end = "2023-12-31T00:00:00Z"
camera = "overview"
duration_s = 3
transition = "fade"
transition_s = 1
"""


def write_short_show(folder: Path, text: str = SHORT_SHOW, name: str = "three.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
