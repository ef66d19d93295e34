"""A map's pixels as the globes use them: decoded, rolled so 180 deg east is at the centre
(u = east longitude / 360), rows bottom-up (VTK's image origin). Pillow and numpy only, so it
can run on a worker thread (Pillow releases Python's lock while decoding)."""

from __future__ import annotations

import numpy as np
from PIL import Image, UnidentifiedImageError

from perijove.maps.catalogue import SurfaceMap


def map_pixels(surface: SurfaceMap) -> np.ndarray:
    """(h, w, 3 or 1) uint8, ready for a texture; ValueError (one line) if unreadable."""
    try:
        with Image.open(surface.path) as im:
            mode = "L" if im.mode in ("L", "I;16", "I") else "RGB"
            pixels = np.asarray(im.convert(mode))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        raise ValueError(f"map '{surface.path}' could not be read as an image") from None
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    h, w = pixels.shape[:2]
    if w < 2 or h < 2:
        raise ValueError(f"map '{surface.path}' could not be read as an image")
    shift = int(round((180.0 - surface.centre_east_lon_deg) / 360.0 * w)) % w
    if shift:
        pixels = np.roll(pixels, shift, axis=1)
    return np.ascontiguousarray(pixels[::-1])
