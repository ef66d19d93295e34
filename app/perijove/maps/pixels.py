"""A map's pixels as the globes use them: decoded, rolled so 180 deg east is at the centre
(u = east longitude / 360), rows bottom-up (VTK's image origin), and any pure-black no-data
cap at a pole filled with the typical colour of the imaged ground around it, blended at the
edge, so a globe shows no black hole where a mosaic has no imagery (the default Europa map
has none south of about 77 S; its credit says so) and no invented detail either. Pillow,
numpy and OpenCV only, so it can run on a worker thread."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from perijove.maps.catalogue import SurfaceMap

# Decoded maps kept in this process: every scene (the window's, a dome's cube faces, the
# show console's preview, a new window) uses the same few maps, and decoding and filling a
# 4k map costs about a second. Eight maps of at most 4096x2048 RGB: 200 MB at most.
PIXEL_CACHE_MAPS = 8


def map_pixels(surface: SurfaceMap) -> np.ndarray:
    """(h, w, 3 or 1) uint8, read-only, ready for a texture; ValueError (one line) if
    unreadable. Decoded once per file version (path, size and modification time)."""
    path = Path(surface.path)
    try:
        st = path.stat()
    except OSError:
        raise ValueError(f"map '{surface.path}' could not be read as an image") from None
    return _decoded(str(path), st.st_size, st.st_mtime_ns, surface.centre_east_lon_deg)


@lru_cache(maxsize=PIXEL_CACHE_MAPS)
def _decoded(path: str, _size: int, _mtime_ns: int, centre_east_lon_deg: float) -> np.ndarray:
    pixels = _decode(path, centre_east_lon_deg)
    pixels.flags.writeable = False
    return pixels


def _decode(path: str, centre_east_lon_deg: float) -> np.ndarray:
    try:
        with Image.open(path) as im:
            mode = "L" if im.mode in ("L", "I;16", "I") else "RGB"
            pixels = np.asarray(im.convert(mode))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        raise ValueError(f"map '{path}' could not be read as an image") from None
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    h, w = pixels.shape[:2]
    if w < 2 or h < 2:
        raise ValueError(f"map '{path}' could not be read as an image")
    shift = int(round((180.0 - centre_east_lon_deg) / 360.0 * w)) % w
    if shift:
        pixels = np.roll(pixels, shift, axis=1)
    pixels = fill_polar_gaps(pixels)
    return np.ascontiguousarray(pixels[::-1])


NO_DATA_LEVEL = 6  # pure black (JPEG noise included): no imagery
POLAR_CAP_DEG = 20.0  # no-data caps are sought this far from each pole


def polar_gap_mask(pixels: np.ndarray) -> np.ndarray:
    """Pure-black pixels within POLAR_CAP_DEG of a pole that connect to the pole's edge row
    (so the black lava of a patera elsewhere is never touched)."""
    h = pixels.shape[0]
    cap = int(POLAR_CAP_DEG / 180.0 * h)
    mask = np.zeros(pixels.shape[:2], dtype=bool)
    for rows, edge in ((slice(0, cap), 0), (slice(h - cap, h), cap - 1)):
        mask[rows] = _cap_mask(pixels[rows], edge)
    return mask


def _cap_mask(band: np.ndarray, edge: int) -> np.ndarray:
    """The no-data pixels of one polar band connected to its edge row `edge`."""
    if not (band[edge].max(axis=-1) <= NO_DATA_LEVEL).any():
        return np.zeros(band.shape[:2], dtype=bool)  # no black at the pole: no cap
    dark = (band.max(axis=2) <= NO_DATA_LEVEL).astype(np.uint8)
    _, labels = cv2.connectedComponents(dark, connectivity=4)
    touching = np.unique(labels[edge][dark[edge] > 0])
    return np.isin(labels, touching[touching > 0])


RING_DEG = 3.0  # the imaged ground this far around a cap gives its colour


def fill_polar_gaps(pixels: np.ndarray) -> np.ndarray:
    """The map with its polar no-data caps filled, each with the typical colour of the ground
    around it (the map itself if it has none). Only the polar bands are worked on."""
    h = pixels.shape[0]
    cap = int(POLAR_CAP_DEG / 180.0 * h)
    ring_px = max(int(RING_DEG / 180.0 * h), 2)
    margin = 2 * ring_px + 8  # the ring and the blend's reach beyond the cap
    out = pixels
    for lo, hi, edge in ((0, cap, 0), (h - cap, h, cap - 1)):
        mask = _cap_mask(pixels[lo:hi], edge)
        if not mask.any():
            continue
        if out is pixels:
            out = pixels.copy()
        # Work in the band widened by the margin toward the equator.
        b0, b1 = (lo, min(h, hi + margin)) if lo == 0 else (max(0, lo - margin), hi)
        full = np.zeros((b1 - b0, pixels.shape[1]), dtype=bool)
        full[lo - b0:hi - b0] = mask
        out[b0:b1] = _filled(pixels[b0:b1], full, ring_px)
    return out


def _filled(band: np.ndarray, mask: np.ndarray, ring_px: int) -> np.ndarray:
    kernel = np.ones((2 * ring_px + 1, 2 * ring_px + 1), np.uint8)
    grown = cv2.dilate(mask.astype(np.uint8), kernel) > 0
    ring = grown & ~mask & (band.max(axis=2) > NO_DATA_LEVEL)
    colour = np.median(band[ring], axis=0) if ring.any() else np.full(band.shape[2], 128.0)
    # Weight 1 inside the gap (and its JPEG fringe), falling to 0 across the ring.
    weight = cv2.GaussianBlur(cv2.dilate(mask.astype(np.float32), np.ones((5, 5), np.uint8)),
                              (0, 0), ring_px / 3.0)
    weight = np.maximum(weight, mask)[..., None]
    out = band.astype(np.float32) * (1.0 - weight) + colour.astype(np.float32) * weight
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)
