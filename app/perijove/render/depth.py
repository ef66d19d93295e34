"""Depth slices: split [near, far] into ranges a 24-bit depth buffer resolves cleanly.

In km, a camera 1,500 km above Io with Callisto's orbit in view spans 1e3..4e6 km; one
clipping range either cuts Io away (VTK's automatic near plane) or z-fights far away.
Rendering far-to-near slices, each with far/near <= MAX_RATIO and its own cleared depth
buffer, keeps both (measured: ../shared/PLATFORM.md, "Depth").
"""

from __future__ import annotations

import math

MAX_RATIO = 1000.0
OVERLAP = 1.01  # slices overlap by 1% so that no surface falls in a crack between them


def slice_ranges(near_km: float, far_km: float, max_slices: int,
                 max_ratio: float = MAX_RATIO) -> list[tuple[float, float]]:
    """Ranges ordered far to near, each (near, far), geometric, count <= max_slices."""
    near_km = max(near_km, 1e-6)
    far_km = max(far_km, near_km * 1.001)
    ratio = far_km / near_km
    n = max(1, min(max_slices, math.ceil(math.log(ratio) / math.log(max_ratio))))
    edges = [near_km * ratio ** (i / n) for i in range(n + 1)]
    ranges = [(edges[i] / OVERLAP, edges[i + 1] * OVERLAP) for i in range(n)]
    ranges[0] = (near_km, ranges[0][1])
    ranges[-1] = (ranges[-1][0], far_km)
    return ranges[::-1]
