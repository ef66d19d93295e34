"""Perijove: a desktop 3D visualization of the Jovian system and NASA's Juno flybys."""

__version__ = "0.1.0"
