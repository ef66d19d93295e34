"""Where a point given by latitude and east longitude lies on a moon, as a body-fixed unit vector.

Body-fixed frame (the IAU body frame of each moon): +x through the prime meridian on the equator,
+z towards the north pole, +y at 90 deg east, so east longitude grows counter-clockwise seen from
+z. Latitude is planetocentric. For the Galilean moons the Gazetteer uses a sphere, on which
planetocentric and planetographic latitude agree, so catalogue latitudes are used as they are.
The renderer multiplies the vector by the radius it draws the moon with.
"""

from __future__ import annotations

import math

import numpy as np


def lon_west_deg(lon_east_deg: float) -> float:
    """West longitude in [0, 360) of an east longitude (the Gazetteer's web-page convention)."""
    return (-lon_east_deg) % 360.0


def lon_east_from_west_deg(lon_west: float) -> float:
    """East longitude in [0, 360) of a west longitude."""
    return (-lon_west) % 360.0


def surface_unit_vector(lat_deg: float, lon_east_deg: float) -> np.ndarray:
    """Unit vector (x, y, z) of a planetocentric latitude and east longitude, in the body frame."""
    lat = math.radians(lat_deg)
    lon = math.radians(lon_east_deg)
    return np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])
