"""Catalogues Perijove ships or installs: stars, surface features, hotspots (no Qt, no VTK)."""
