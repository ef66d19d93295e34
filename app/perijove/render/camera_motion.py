"""Smooth camera moves: distance interpolated logarithmically, direction by slerp."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CameraState:
    focal_point_km: np.ndarray
    position_km: np.ndarray
    view_up: np.ndarray

    @property
    def distance_km(self) -> float:
        return float(np.linalg.norm(self.position_km - self.focal_point_km))


def smoothstep(s: float) -> float:
    s = min(max(s, 0.0), 1.0)
    return s * s * (3.0 - 2.0 * s)


def slerp(a: np.ndarray, b: np.ndarray, s: float) -> np.ndarray:
    a = a / np.linalg.norm(a)
    b = b / np.linalg.norm(b)
    dot = float(np.clip(np.dot(a, b), -1.0, 1.0))
    omega = np.arccos(dot)
    if omega < 1e-9:
        return a
    if np.pi - omega < 1e-6:  # opposite: turn through any perpendicular
        perp = np.cross(a, [0.0, 0.0, 1.0] if abs(a[2]) < 0.9 else [1.0, 0.0, 0.0])
        perp /= np.linalg.norm(perp)
        return np.cos(np.pi * s) * a + np.sin(np.pi * s) * perp
    return (np.sin((1 - s) * omega) * a + np.sin(s * omega) * b) / np.sin(omega)


def interpolate(a: CameraState, b: CameraState, s: float) -> CameraState:
    """Camera state a fraction s (0..1, eased by the caller) of the way from a to b."""
    fp = a.focal_point_km + (b.focal_point_km - a.focal_point_km) * s
    da, db = max(a.distance_km, 1e-6), max(b.distance_km, 1e-6)
    dist = float(np.exp(np.log(da) + (np.log(db) - np.log(da)) * s))
    direction = slerp(a.position_km - a.focal_point_km, b.position_km - b.focal_point_km, s)
    up = slerp(a.view_up, b.view_up, s)
    return CameraState(fp, fp + direction * dist, up)
