"""Perijove: a desktop 3D visualization of the Jovian system and NASA's Juno flybys."""

# The one place the version lives: pyproject.toml reads it (dynamic), `perijove --version`
# prints it, packaging/ stamps it into the frozen app and the AppStream releases.
__version__ = "0.2.0"
