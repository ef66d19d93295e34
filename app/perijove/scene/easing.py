"""Easing: how a move spreads over its duration (camera flights, keyframes, fades)."""

from __future__ import annotations

from enum import Enum


class Easing(Enum):
    LINEAR = "linear"
    SMOOTH = "smooth"  # smoothstep: zero speed at both ends

    def __call__(self, s: float) -> float:
        s = min(max(float(s), 0.0), 1.0)
        if self is Easing.LINEAR:
            return s
        return s * s * (3.0 - 2.0 * s)

    @classmethod
    def parse(cls, text: str) -> Easing:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise ValueError(f"easing '{text}' must be one of: "
                             f"{', '.join(e.value for e in cls)}") from None
