"""Is a map file usable? The one check every map goes through (installed, added or built).

Simple-cylindrical global maps only: readable as an image, twice as wide as tall, not
absurdly large. (The Io map builder lives in perijove.maps.io_map.)
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_WIDTH_PX = 16384
Image.MAX_IMAGE_PIXELS = MAX_WIDTH_PX * MAX_WIDTH_PX // 2  # these maps are big, on purpose


class MapError(ValueError):
    """A map file the user gave or installed that cannot be used; one sentence."""


def check_map(path: str | os.PathLike) -> tuple[int, int]:
    """(width, height) of a usable simple-cylindrical map, else a one-sentence MapError."""
    p = Path(path)
    if not p.is_file():
        raise MapError(f"map file '{p}' does not exist; check the path")
    try:
        with Image.open(p) as im:
            im.verify()
        with Image.open(p) as im:
            w, h = im.size
    except Image.DecompressionBombError:
        raise MapError(f"map file '{p}' is too large; at most {MAX_WIDTH_PX} px wide is "
                       "supported") from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise MapError(f"map file '{p}' is not a readable image (corrupt or not JPEG/PNG); "
                       "download it again") from None
    if abs(w / h - 2.0) > 0.02:
        raise MapError(f"map file '{p}' is {w}x{h}; a global simple-cylindrical map is twice "
                       "as wide as it is tall")
    if w > MAX_WIDTH_PX:
        raise MapError(f"map file '{p}' is {w} px wide; at most {MAX_WIDTH_PX} px is supported")
    return w, h


