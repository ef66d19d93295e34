"""Io's texture from JunoCam: luminance from the JunoCam-updated mosaic, colour from the older
Galileo/Voyager mosaic; plus the "what Juno changed" difference map and map validation.

Two traps in the inputs, both measured on the real files: the JunoCam mosaic holds a flat
mid-grey (128) fill south of about 82 S, while real black paterae (Babbar, 40 S 272 W) must
stay; and the two mosaics are not on the same control network: the colour mosaic's features
sit up to ~0.5-0.9 deg further from the equator and up to ~0.5 deg west. So no-data is found
block-wise (flat fill in connected areas, isolated black features kept) and the colour map is
registered onto the JunoCam grid (tile-wise phase correlation, a smooth displacement model)
before its chroma is used.

Inputs (pinned in the manifest): Jason Perry's JunoCam-updated global photomosaic (greyscale,
5748x2874, 2 km/px) and the USGS Galileo SSI/Voyager colour merge (5700x2850). Both are simple
cylindrical with 180 W at the centre and west longitude growing to the left, i.e. x = (360 -
W) / 360 of the width: the app's own convention (u = east longitude / 360), checked at Loki
Patera, Pele and Tvashtar in tests/data/test_io_map.py. So both are only resampled to one grid.
No Qt, no VTK: numpy and Pillow.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

from perijove.data.io_map import check_map

JUNOCAM_CREDIT = "NASA/JPL-Caltech/SwRI/MSSS; mosaic by Jason Perry"
COLOUR_CREDIT = "NASA/JPL/USGS (Galileo SSI / Voyager colour merge)"
BUILD_VERSION = 4  # 4: the far north's darker rectangle levelled into its neighbours (issue 10)
NODATA_FEATHER_DEG = 1.0  # JunoCam's data meets the filled area over about a degree
DIFFERENCE_SHIFT_PX = 2  # a difference a shift this small explains is registration, not change
# How the difference view's colours read (shown over the view with the map's credit).
DIFFERENCE_LEGEND = ("What Juno changed: orange = brighter in JunoCam's mosaic than in the "
                     "Galileo/Voyager one, blue = darker (new lava, plume deposits, or detail "
                     "JunoCam added); the older map dimmed beneath.")


_ANALYSIS_SIZE = (4096, 2048)  # registration and statistics are measured on this grid
_BLOCK = 16  # no-data detection works on blocks of this many native pixels
_MAX_SHIFT_DEG = 1.0


def _load(path: Path, mode: str) -> np.ndarray:
    with Image.open(path) as im, im.convert(mode) as conv:
        return np.asarray(conv, dtype=np.float32)


def _resize(a: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize a float32 (H, W) array to ``size`` = (W, H) with Lanczos resampling."""
    if (a.shape[1], a.shape[0]) == tuple(size):
        return a.astype(np.float32, copy=False)
    with Image.fromarray(np.ascontiguousarray(a, dtype=np.float32)) as im:
        with im.resize(size, Image.Resampling.LANCZOS) as out:
            return np.asarray(out, dtype=np.float32)


def _highpass(a: np.ndarray) -> np.ndarray:
    h, w = a.shape
    with Image.fromarray(np.ascontiguousarray(a, dtype=np.float32)) as im:
        with im.resize((w // 16, h // 16), Image.Resampling.BOX) as small:
            with small.resize((w, h), Image.Resampling.BILINEAR) as low:
                return a - np.asarray(low, dtype=np.float32)


def _shift_bool(m: np.ndarray, dy: int, dx: int, pad: bool) -> np.ndarray:
    """Shift a block mask; longitude wraps, latitude pads with ``pad``."""
    out = np.roll(m, dx, axis=1)
    if dy > 0:
        out = np.concatenate([np.full((dy, m.shape[1]), pad), out[:-dy]], axis=0)
    elif dy < 0:
        out = np.concatenate([out[-dy:], np.full((-dy, m.shape[1]), pad)], axis=0)
    return out


def _dilate(m: np.ndarray, r: int) -> np.ndarray:
    out = m.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            out |= _shift_bool(m, dy, dx, False)
    return out


def _erode(m: np.ndarray, r: int) -> np.ndarray:
    out = m.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            out &= _shift_bool(m, dy, dx, True)
    return out


def nodata_blocks(lum: np.ndarray, block: int = _BLOCK) -> np.ndarray:
    """Blocks of ``lum`` (native pixels) holding no data: large flat mid-grey or black areas.

    A block is a candidate when it is flat (std < 0.75) at the fill value 128 or at black;
    isolated candidates (a real black patera such as Babbar, 40 S 272 W) are dropped by
    a morphological opening, then the mask regrows into connected candidates.
    """
    hb, wb = lum.shape[0] // block, lum.shape[1] // block
    blocks = lum[:hb * block, :wb * block].reshape(hb, block, wb, block)
    mean, std = blocks.mean(axis=(1, 3)), blocks.std(axis=(1, 3))
    candidates = (std < 0.75) & ((np.abs(mean - 128.0) < 2.0) | (mean < 2.0))
    mask = _dilate(_erode(candidates, 2), 2) & candidates
    while True:
        grown = _dilate(mask, 1) & candidates
        if np.array_equal(grown, mask):
            return mask
        mask = grown


SEAM_BAND_DEG = 55.0  # mosaic seams are sought poleward of this latitude
SEAM_SCORE = 3.0  # a step this many times the local one, kept up over SEAM_RUN_DEG, is a seam
SEAM_RUN_DEG = 3.0
SEAM_MIN_LENGTH_DEG = 6.0  # and a seam runs straight for at least this long
SEAM_BLEND_DEG = 0.75  # the older map takes over this far either side of a seam


def seam_weight(lum: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A 0..1 weight on the ``size`` grid along straight seams of the JunoCam mosaic near the
    poles: where one source image of the patchwork meets another (in the far north a darker,
    grainier rectangle with a bright line along its top edge). A seam is a step between
    adjacent columns (or rows) that stays SEAM_SCORE times larger than the steps around it
    over SEAM_RUN_DEG of its length: long and straight, which craters and flows are not."""
    h, w = lum.shape
    ppd = h / 180.0
    run = max(int(SEAM_RUN_DEG * ppd), 3)
    mask = np.zeros((h, w), dtype=bool)
    for band in (slice(0, int((90 - SEAM_BAND_DEG) * ppd)),
                 slice(int((90 + SEAM_BAND_DEG) * ppd), h)):
        b = lum[band]
        for axis, along in ((1, 0), (0, 1)):  # steps across columns, then across rows
            step = np.abs(np.diff(b, axis=axis))
            mean = ndimage.uniform_filter1d(step, run, axis=along)
            local = ndimage.median_filter(mean, size=(1, 31) if axis == 1 else (31, 1))
            seam = mean / (local + 1.0) > SEAM_SCORE
            # Keep straight runs only: a seam column (or row) lit over a long stretch.
            labels, n = ndimage.label(seam)
            keep = np.zeros(n + 1, dtype=bool)
            for k, box in enumerate(ndimage.find_objects(labels), start=1):
                length = (box[along].stop - box[along].start) / ppd
                width = (box[axis].stop - box[axis].start) / ppd
                keep[k] = length >= SEAM_MIN_LENGTH_DEG and width <= 0.5
            seam = keep[labels]
            pad = ((0, 0), (0, 1)) if axis == 1 else ((0, 1), (0, 0))
            mask[band] |= np.pad(seam, pad)
    reach = max(int(SEAM_BLEND_DEG * ppd), 1)
    grown = ndimage.maximum_filter(mask.astype(np.float32), size=2 * reach + 1, mode="wrap")
    with Image.fromarray(grown) as g, g.resize(size, Image.Resampling.BILINEAR) as out:
        soft = ndimage.gaussian_filter(np.asarray(out, dtype=np.float32),
                                       reach * size[1] / h / 2.0, mode=("nearest", "wrap"))
    return np.clip(soft, 0.0, 1.0)


# The JunoCam mosaic's far north is a patchwork; one patch, a darker and grainier rectangle
# (about 90 degrees of longitude from ~52 N to the pole), meets its brighter neighbour along
# a meridian in a ramp about 4 degrees wide, 45-65 grey levels deep, straight over 30 degrees
# of latitude (measured on the 2024 mosaic, 5748x2874). A long straight step like that is
# levelled: the ramp is taken out and each side moves half the step toward the other,
# fading to nothing LEVEL_REACH_DEG away, so the patch meets its neighbour in a wide gradient
# instead of an edge.
LEVEL_BAND_DEG = 50.0  # looked for poleward of this latitude
LEVEL_NEAR_DEG, LEVEL_FAR_DEG = 1.0, 4.0  # each side's mean, from this far to that far out
LEVEL_STEP = 20.0  # grey levels: a smaller step is left alone
LEVEL_STRAIGHT_DEG = 1.0  # the step's peak stays within this of one meridian ...
LEVEL_MIN_LENGTH_DEG = 20.0  # ... over at least this much latitude (features: at most ~10)
LEVEL_REACH_DEG = 12.0
LEVEL_WIDTH_DEG = 4.0  # the width of the step's ramp


def _level_band(b: np.ndarray, ppd: float) -> np.ndarray:
    """The additive correction for one polar band (rows, columns wrapping in longitude)."""
    rows, w = b.shape
    near, far = max(int(LEVEL_NEAR_DEG * ppd), 1), max(int(LEVEL_FAR_DEG * ppd), 2)
    tripled = np.concatenate([b, b, b], axis=1).astype(np.float64)
    cs = np.concatenate([np.zeros((rows, 1)), np.cumsum(tripled, axis=1)], axis=1)
    x = np.arange(w) + w
    right = (cs[:, x + far] - cs[:, x + near]) / (far - near)
    left = (cs[:, x - near + 1] - cs[:, x - far + 1]) / (far - near)
    step = right - left  # per row and column: right side's mean minus the left side's
    size = abs(step)
    win = 2 * max(int(2 * ppd), 1) + 1
    peak = (size >= ndimage.maximum_filter1d(size, win, axis=1, mode="wrap")) & \
        (size > LEVEL_STEP)
    tol = 2 * max(int(LEVEL_STRAIGHT_DEG * ppd), 1) + 1
    peak = ndimage.maximum_filter1d(peak.astype(np.uint8), tol, axis=1, mode="wrap") > 0
    span = max(int(10 * ppd), 3)
    run = ndimage.uniform_filter1d(peak.astype(np.float32), span, axis=0)
    correction = np.zeros(b.shape, np.float32)
    labels, n = ndimage.label(run.max(axis=0) >= 0.9)
    reach = max(int(LEVEL_REACH_DEG * ppd), 1)
    dx = np.arange(-reach, reach + 1)
    # Minus the step's own shape (a ramp LEVEL_WIDTH_DEG wide, centred on the seam), in full
    # across the ramp, then faded out linearly to LEVEL_REACH_DEG: continuous everywhere.
    width = max(LEVEL_WIDTH_DEG * ppd, 1.0)
    fade = np.clip((reach - np.abs(dx)) / max(reach - width / 2, 1.0), 0.0, 1.0)
    ramp = -(np.clip(dx / width + 0.5, 0.0, 1.0) - 0.5) * fade
    for k in range(1, n + 1):
        cols = np.flatnonzero(labels == k)
        c0 = int(cols[np.argmax(run.max(axis=0)[cols])])
        on = run[:, c0] >= 0.5
        if on.sum() < LEVEL_MIN_LENGTH_DEG * ppd:
            continue
        # The seam's meridian: the median of each row's largest step near it.
        near_cols = (c0 + np.arange(-(win // 2) - tol // 2, win // 2 + tol // 2 + 1)) % w
        rows_on = np.flatnonzero(on)
        cx = int(near_cols[int(np.median(np.argmax(size[np.ix_(rows_on, near_cols)], axis=1)))])
        # The step along the seam, smoothed along it and tapered off beyond its ends.
        d = ndimage.uniform_filter1d(np.where(on, step[:, cx], 0.0), span)
        d *= ndimage.uniform_filter1d(on.astype(np.float64), span)
        correction[:, (cx + dx) % w] += (d[:, None] * ramp[None, :]).astype(np.float32)
    return correction


def level_polar_steps(lum: np.ndarray) -> np.ndarray:
    """The JunoCam luminance with long straight brightness steps near the poles levelled
    (see LEVEL_*); everything else unchanged."""
    h, _ = lum.shape
    ppd = h / 180.0
    edge = int((90.0 - LEVEL_BAND_DEG) * ppd)
    out = lum.astype(np.float32, copy=True)
    for band in (slice(0, edge), slice(h - edge, h)):
        out[band] += _level_band(out[band], ppd)
    return out


def _blocks_to_weight(mask: np.ndarray, native_shape: tuple[int, int],
                      size: tuple[int, int]) -> np.ndarray:
    """A soft 0..1 no-data weight on the ``size`` grid from a block mask (feathered edges)."""
    h, w = native_shape
    full = np.repeat(np.repeat(mask.astype(np.float32), _BLOCK, axis=0), _BLOCK, axis=1)
    full = np.pad(full, ((0, h - full.shape[0]), (0, w - full.shape[1])), mode="edge")
    # One block of margin swallows the bright seam rows along the mosaic's data edges, and a
    # Gaussian of about a degree blends the edge instead of leaving a hard-edged rectangle.
    sigma_px = NODATA_FEATHER_DEG * size[1] / 180.0 / 2.0
    with Image.fromarray(full) as im:
        with im.resize((max(w // _BLOCK, 1), max(h // _BLOCK, 1)), Image.Resampling.BOX) as s:
            grown = ndimage.maximum_filter(np.asarray(s, dtype=np.float32), size=3, mode="wrap")
            with Image.fromarray(grown) as g, g.resize(size, Image.Resampling.BILINEAR) as out:
                soft = ndimage.gaussian_filter(np.asarray(out, dtype=np.float32), sigma_px,
                                               mode=("nearest", "wrap"))
    return np.clip(soft, 0.0, 1.0)


# --------------------------------------------------------------------------- registration

@dataclass(frozen=True)
class Registration:
    """Where the colour map's features lie relative to the JunoCam map's, in degrees.

    Displacement (image-down, image-right) = basis(lat, lon) @ coefficients, with
    basis = [1, Y, cos L, sin L, Y cos L, Y sin L], Y = lat / 90, L = east longitude.
    """

    down: np.ndarray
    right: np.ndarray
    samples: int

    def displacement(self, lat: np.ndarray, lon_east: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
        y = (lat / 90.0).astype(np.float32)
        lon = np.radians(lon_east).astype(np.float32)
        c, s = np.cos(lon), np.sin(lon)
        terms = (1.0, y, c, s, y * c, y * s)
        down = sum(k * t for k, t in zip(self.down, terms, strict=True))
        right = sum(k * t for k, t in zip(self.right, terms, strict=True))
        return (np.clip(down, -_MAX_SHIFT_DEG, _MAX_SHIFT_DEG),
                np.clip(right, -_MAX_SHIFT_DEG, _MAX_SHIFT_DEG))


def _phase_shift(a: np.ndarray, b: np.ndarray) -> tuple[float, int, int]:
    """Peak height and (dy, dx) such that b[y + dy, x + dx] matches a[y, x]."""
    win = np.outer(np.hanning(a.shape[0]), np.hanning(a.shape[1]))
    fa = np.fft.fft2((a - a.mean()) / (a.std() + 1e-6) * win)
    fb = np.fft.fft2((b - b.mean()) / (b.std() + 1e-6) * win)
    cross = np.conj(fa) * fb
    r = np.real(np.fft.ifft2(cross / (np.abs(cross) + 1e-9)))
    iy, ix = np.unravel_index(int(np.argmax(r)), r.shape)
    dy = iy if iy <= a.shape[0] // 2 else iy - a.shape[0]
    dx = ix if ix <= a.shape[1] // 2 else ix - a.shape[1]
    return float(r.max()), int(dy), int(dx)


def measure_registration(junocam_lum: np.ndarray, colour_lum: np.ndarray,
                         tile: int = 256) -> Registration:
    """Fit the colour map's displacement from the JunoCam map (same grid, app convention).

    Tiles between 75 S and 75 N are phase-correlated on high-passed luminance; tiles with a
    weak or implausible peak are dropped, then the model is fitted by least squares with one
    trimming pass. With fewer than 12 good tiles the displacement is taken as zero.
    """
    h, w = junocam_lum.shape
    a, b = _highpass(junocam_lum), _highpass(colour_lum)
    deg = 180.0 / h
    max_px = int(_MAX_SHIFT_DEG * 1.5 / deg)
    rows = []
    for y0 in range(int(15 / deg), h - int(15 / deg) - tile + 1, tile // 2):
        for x0 in range(0, w - tile + 1, tile // 2):
            peak, dy, dx = _phase_shift(a[y0:y0 + tile, x0:x0 + tile],
                                        b[y0:y0 + tile, x0:x0 + tile])
            if peak > 0.08 and abs(dy) <= max_px and abs(dx) <= max_px:
                lat = 90.0 - (y0 + tile / 2) * deg
                lon = (x0 + tile / 2) * deg
                rows.append((lat, lon, dy * deg, dx * deg, peak))
    zero = np.zeros(6)
    if len(rows) < 12:
        return Registration(zero, zero, len(rows))
    s = np.array(rows)
    y, lon = s[:, 0] / 90.0, np.radians(s[:, 1])
    basis = np.stack([np.ones_like(y), y, np.cos(lon), np.sin(lon),
                      y * np.cos(lon), y * np.sin(lon)], axis=1)
    keep = np.ones(len(s), dtype=bool)
    coefs = []
    for _ in range(2):
        wts = s[keep, 4][:, None]
        coefs = [np.linalg.lstsq(basis[keep] * wts, s[keep, col] * wts[:, 0], rcond=None)[0]
                 for col in (2, 3)]
        resid = np.hypot(basis @ coefs[0] - s[:, 2], basis @ coefs[1] - s[:, 3])
        keep = resid <= max(3.0 * np.median(resid), 2 * deg)
    return Registration(coefs[0], coefs[1], int(keep.sum()))


def _grid(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    w, h = size
    lat = (90.0 - (np.arange(h, dtype=np.float32) + 0.5) * 180.0 / h)[:, None]
    lon = ((np.arange(w, dtype=np.float32) + 0.5) * 360.0 / w)[None, :]
    return lat, lon


def _warp(channels: list[np.ndarray], reg: Registration, rows: int = 512) -> list[np.ndarray]:
    """Sample ``channels`` (app convention) at the registered positions, bilinearly."""
    h, w = channels[0].shape
    lat, lon = _grid((w, h))
    out = [np.empty_like(c) for c in channels]
    for r0 in range(0, h, rows):
        r1 = min(r0 + rows, h)
        down, right = reg.displacement(lat[r0:r1], lon)
        ys = np.clip(np.arange(r0, r1, dtype=np.float32)[:, None] + down * h / 180.0,
                     0.0, h - 1.0)
        xs = np.arange(w, dtype=np.float32)[None, :] + right * w / 360.0
        ys, xs = np.broadcast_arrays(ys, xs)
        y0 = np.floor(ys)
        x0 = np.floor(xs)
        fy, fx = ys - y0, xs - x0
        y0i = y0.astype(np.intp)
        y1i = np.minimum(y0i + 1, h - 1)
        x0i = x0.astype(np.intp) % w
        x1i = (x0i + 1) % w
        for c, o in zip(channels, out, strict=True):
            top = c[y0i, x0i] * (1 - fx) + c[y0i, x1i] * fx
            bottom = c[y1i, x0i] * (1 - fx) + c[y1i, x1i] * fx
            o[r0:r1] = top * (1 - fy) + bottom * fy
    return out


def _lowpass(a: np.ndarray, factor: int) -> np.ndarray:
    h, w = a.shape
    with Image.fromarray(np.ascontiguousarray(a, dtype=np.float32)) as im:
        small_size = (max(w // factor, 4), max(h // factor, 2))
        with im.resize(small_size, Image.Resampling.BOX) as small:
            with small.resize((w, h), Image.Resampling.BILINEAR) as low:
                return np.asarray(low, dtype=np.float32)


def difference_overlay(junocam: np.ndarray, old: np.ndarray, nodata: np.ndarray
                       ) -> np.ndarray:
    """RGBA overlay of where the JunoCam luminance differs from the old mosaic's.

    Both are band-passed (features ~0.2 to ~6 deg) so the mosaics' different photometric
    normalisations do not swamp the comparison. A difference that shifting the old map by up
    to DIFFERENCE_SHIFT_PX explains is a registration leftover (the orange/blue pairs along
    mountain flanks), not a change: the strength is the smallest difference over those
    shifts. Orange where JunoCam is brighter, blue where darker; transparent below 3 robust
    standard deviations, opaque from 8; transparent where JunoCam has no data.
    """
    h = junocam.shape[0]
    fine = max(h // 1024, 1)
    coarse = max(h // 32, 2)
    jb = _lowpass(junocam, fine) - _lowpass(junocam, coarse)
    ob = _lowpass(old, fine) - _lowpass(old, coarse)
    d = jb - ob
    k = DIFFERENCE_SHIFT_PX
    least = np.abs(d)
    for dy in (-k, 0, k):
        for dx in (-k, 0, k):
            if dy or dx:
                np.minimum(least, np.abs(jb - np.roll(ob, (dy, dx), axis=(0, 1))), out=least)
    valid = nodata < 0.01
    spread = 1.0
    if valid.any():
        dv = d[valid]
        spread = max(1.4826 * float(np.median(np.abs(dv - np.median(dv)))), 1.0)
    strength = np.clip((least / spread - 3.0) / 5.0, 0.0, 1.0) * (1.0 - nodata)
    out = np.zeros(d.shape + (4,), dtype=np.uint8)
    brighter = d > 0
    out[brighter, :3] = (255, 150, 0)
    out[~brighter, :3] = (0, 150, 255)
    out[..., 3] = np.rint(strength * 255.0).astype(np.uint8)
    return out


@dataclass
class _Composite:
    rgb: np.ndarray  # (H, W, 3) uint8, app convention
    junocam: np.ndarray  # JunoCam luminance on the output grid
    old: np.ndarray  # the colour map's luminance, registered and matched to JunoCam's
    nodata: np.ndarray  # 0..1 weight where the JunoCam map holds no data
    registration: Registration


def _compose(grey_path: Path, colour_path: Path, size: tuple[int, int] | None) -> _Composite:
    """Both mosaics on one grid: JunoCam luminance, registered and matched old luminance,
    the colour mosaic's chroma scaled with the luminance change."""
    gw, gh = check_map(grey_path)
    check_map(colour_path)
    size = size or (gw, gh)  # the JunoCam mosaic's own 2 km/px grid: no upsampling
    grey = _load(grey_path, "L")
    ycc = np.moveaxis(_load(colour_path, "YCbCr"), 2, 0)
    nodata_native = nodata_blocks(grey)
    seams = seam_weight(grey, size)
    reg = measure_registration(_resize(grey, _ANALYSIS_SIZE), _resize(ycc[0], _ANALYSIS_SIZE))
    native_shape = grey.shape
    lum = level_polar_steps(_resize(grey, size))
    del grey
    y_old, cb, cr = _warp([_resize(c, size) for c in ycc], reg)
    del ycc
    # Where JunoCam has no data, and along its mosaic's polar seams, the older map shows.
    nodata = np.maximum(_blocks_to_weight(nodata_native, native_shape, size), seams)
    # Match the old luminance to JunoCam's: mean and spread over good data, 60 S to 60 N.
    h = size[1]
    band = slice(h // 6, h - h // 6)
    good = nodata[band] < 0.01
    j, o = lum[band][good], y_old[band][good]
    old = (y_old - float(o.mean())) * float(j.std() / max(o.std(), 1e-3)) + float(j.mean())
    y_new = lum * (1.0 - nodata) + old * nodata
    # Scale the chroma with the luminance change so that darker new features stay neutral.
    ratio = np.clip((y_new + 8.0) / (np.maximum(old, 0.0) + 8.0), 0.0, 1.5)
    cb = 128.0 + (cb - 128.0) * ratio
    cr = 128.0 + (cr - 128.0) * ratio
    planes = [Image.fromarray(np.clip(np.rint(p), 0, 255).astype(np.uint8))
              for p in (y_new, cb, cr)]
    try:
        with Image.merge("YCbCr", planes) as ycbcr, ycbcr.convert("RGB") as rgb_im:
            rgb = np.asarray(rgb_im).copy()
    finally:
        for p in planes:
            p.close()
    return _Composite(rgb, lum, old, nodata, reg)


def build_io_junocam_map(grey_path: Path, colour_path: Path, out_path: Path,
                         size: tuple[int, int] | None = None) -> Path:
    """Write the combined map: JunoCam-era luminance with the colour mosaic's chroma."""
    _write_jpeg(_compose(grey_path, colour_path, size).rgb, out_path)
    return out_path


def junocam_difference_map(grey_path: Path, colour_path: Path, out_path: Path,
                           size: tuple[int, int] | None = None) -> Path:
    """What Juno changed, as a globe texture: the combined map dimmed, with the band-passed
    luminance difference laid over it (orange: JunoCam brighter, blue: darker).

    Large differences mark where JunoCam added detail or coverage (the northern high
    latitudes, for one) or where the surface changed (new lava flows, plume deposits).
    """
    comp = _compose(grey_path, colour_path, size)
    overlay = difference_overlay(comp.junocam, comp.old, comp.nodata)
    alpha = overlay[..., 3:4].astype(np.float32) / 255.0
    edge = max(1, comp.rgb.shape[0] // 180)  # the warp clamps at the poles: no marks there
    alpha[:edge] = alpha[-edge:] = 0.0
    base = comp.rgb.astype(np.float32) * 0.45
    rgb = base * (1 - alpha) + overlay[..., :3].astype(np.float32) * alpha
    _write_jpeg(np.clip(rgb, 0, 255).astype(np.uint8), out_path)
    return out_path


def blend(a_path: Path, b_path: Path, fraction: float, out_path: Path) -> Path:
    """A map `fraction` of the way from a to b (the blend slider between old and new)."""
    with Image.open(a_path) as a, Image.open(b_path) as b:
        b2 = b.convert("RGB").resize(a.size)
        Image.blend(a.convert("RGB"), b2, float(np.clip(fraction, 0, 1))).save(
            _partial(out_path), format="JPEG", quality=92)
    os.replace(_partial(out_path), out_path)
    return out_path


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.stem}.partial{path.suffix}")


def _write_jpeg(rgb: np.ndarray, out_path: Path) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _partial(out_path)
    Image.fromarray(rgb).save(tmp, format="JPEG", quality=92)
    os.replace(tmp, out_path)  # never a half-written map under the real name


def _fingerprint(*paths: Path) -> str:
    h = hashlib.sha256(f"v{BUILD_VERSION}".encode())
    for p in paths:
        st = p.stat()
        h.update(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
        with open(p, "rb") as f:
            h.update(f.read(1 << 20))
    return h.hexdigest()


def cached_if_built(kind: str, grey_path: Path, colour_path: Path, cache_dir: Path,
                    size: tuple[int, int] | None = None) -> Path | None:
    """The built map of `kind` if it is built for these inputs, else None (no slow work)."""
    out = cache_dir / f"io_{kind}.jpg"
    stamp = cache_dir / f"io_{kind}.json"
    key = _fingerprint(grey_path, colour_path) + (f"{size}" if size else "")
    if out.is_file() and stamp.is_file():
        try:
            if json.loads(stamp.read_text()).get("key") == key:
                return out
        except (json.JSONDecodeError, OSError):
            pass
    return None


def cached(kind: str, grey_path: Path, colour_path: Path, cache_dir: Path,
           size: tuple[int, int] | None = None) -> Path:
    """The built map of `kind` ('junocam' or 'difference'), rebuilt only when an input (or
    BUILD_VERSION) changes."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir / f"io_{kind}.jpg"
    stamp = cache_dir / f"io_{kind}.json"
    key = _fingerprint(grey_path, colour_path) + (f"{size}" if size else "")
    if cached_if_built(kind, grey_path, colour_path, cache_dir, size) is not None:
        return out
    builder = build_io_junocam_map if kind == "junocam" else junocam_difference_map
    builder(grey_path, colour_path, out, size)
    stamp.write_text(json.dumps({"key": key, "inputs": [str(grey_path), str(colour_path)]}))
    return out
