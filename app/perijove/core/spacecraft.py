"""Juno, the spacecraft: the facts the scene and the renderer share, each with its source.

Dimensions (NASA Juno launch press kit, 2011; NASA Juno mission fact sheet): a hexagonal
bus about 3.5 m across and 3.5 m high; three solar wings at 120 deg, each 8.9 m long and
2.7 m wide; the magnetometer boom at the end of one wing (its length here, 2 m, is an
approximation: the press kit gives none); a 2.5 m high-gain antenna (HGA) on top, on the
spin axis. Juno spins at 2 rpm in science mode (Bolton et al. 2017, Space Sci. Rev. 213:5),
its spin axis and HGA toward Earth.
"""

from __future__ import annotations

JUNO_NAIF_ID = -61
SPIN_RATE_RPM = 2.0
BUS_ACROSS_M = 3.5
BUS_HEIGHT_M = 3.5
WING_LENGTH_M = 8.9
WING_WIDTH_M = 2.7
MAG_BOOM_M = 2.0
HGA_DIAMETER_M = 2.5
SPAN_M = 2 * (BUS_ACROSS_M / 2 + WING_LENGTH_M) + MAG_BOOM_M  # ~ 24 m tip to tip
RADIUS_KM = SPAN_M / 2 * 1e-3
