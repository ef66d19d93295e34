"""Where things are: vectorised positions and velocities in km and km/s, ICRF axes."""


class EphemerisError(ValueError):
    """A user-facing problem with ephemeris data (file, body or time); one sentence."""
