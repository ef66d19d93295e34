"""Juno's attitude: spin axis (and high-gain antenna) toward Earth, spinning at 2 rpm.

Facts in core/spacecraft.py (Bolton et al. 2017). The spin phase is a function of
simulation time alone, so any frame rendered in any process shows the same attitude.
"""

from __future__ import annotations

import math

import numpy as np

from perijove.core.spacecraft import SPIN_RATE_RPM


def juno_to_icrf(earth_direction: np.ndarray, t_tdb_s: float) -> np.ndarray:
    """Rotation (3,3) taking Juno's body frame (+z the spin/HGA axis) to ICRF."""
    z = earth_direction / np.linalg.norm(earth_direction)
    ref = np.array([0.0, 0.0, 1.0]) if abs(z[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    x = np.cross(ref, z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    spin = math.radians((SPIN_RATE_RPM * 6.0 * t_tdb_s) % 360.0)  # 2 rpm = 12 deg/s
    c, s = math.cos(spin), math.sin(spin)
    return np.column_stack([c * x + s * y, -s * x + c * y, z])
