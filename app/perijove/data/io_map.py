"""Io's texture from JunoCam: luminance from the JunoCam-updated mosaic, colour from the older
Galileo/Voyager mosaic; plus the "what Juno changed" difference map and map validation.

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
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

JUNOCAM_CREDIT = "NASA/JPL-Caltech/SwRI/MSSS; mosaic by Jason Perry"
COLOUR_CREDIT = "NASA/JPL/USGS (Galileo SSI / Voyager colour merge)"
BUILD_VERSION = 1
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


def _load(path: Path, size: tuple[int, int], mode: str) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert(mode).resize(size, Image.Resampling.LANCZOS),
                          dtype=np.float32)


def _luma(rgb: np.ndarray) -> np.ndarray:
    # ITU-R BT.601 luma, the Y of JPEG's YCbCr.
    return rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)


def _inputs_on_one_grid(grey_path: Path, colour_path: Path, size: tuple[int, int] | None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(colour RGB, old luminance, JunoCam luminance matched to it, valid mask) resampled to
    one grid. Matching: one global gain and offset over the pixels where the JunoCam mosaic
    has data (not its pure black fill), so level and contrast agree with the old map."""
    gw, gh = check_map(grey_path)
    check_map(colour_path)
    size = size or (gw, gh)
    grey = _load(grey_path, size, "L")
    colour = _load(colour_path, size, "RGB")
    y_old = _luma(colour)
    valid = grey > 2.0
    g, y = grey[valid], y_old[valid]
    gain = float(np.std(y) / max(np.std(g), 1e-3))
    matched = (grey - float(np.mean(g))) * gain + float(np.mean(y))
    return colour, y_old, matched, valid


def build_io_junocam_map(grey_path: Path, colour_path: Path, out_path: Path,
                         size: tuple[int, int] | None = None) -> Path:
    """Write the combined map: JunoCam-era luminance with the colour mosaic's chroma."""
    colour, y_old, matched, valid = _inputs_on_one_grid(grey_path, colour_path, size)
    # Where the JunoCam mosaic has no data, keep the old luminance.
    y_new = np.where(valid, matched, y_old)
    # Keep chroma: scale the colour by the luminance ratio (hue and saturation unchanged).
    ratio = (y_new + 1.0) / (y_old + 1.0)
    rgb = np.clip(colour * ratio[..., None], 0, 255).astype(np.uint8)
    _write_jpeg(rgb, out_path)
    return out_path


def junocam_difference_map(grey_path: Path, colour_path: Path, out_path: Path,
                           size: tuple[int, int] | None = None) -> Path:
    """What Juno changed: the old map dimmed, with |new - old| luminance shown in orange-red.

    Large differences mark where JunoCam added detail or coverage (the northern high
    latitudes, for one) or where the surface changed (new lava flows, plume deposits).
    """
    colour, y_old, matched, valid = _inputs_on_one_grid(grey_path, colour_path, size)
    diff = np.where(valid, np.abs(matched - y_old), 0.0)
    # The two mosaics differ in photometry everywhere; only the strongest differences (the
    # top 10%, saturating at the top 0.5%) mark new coverage or real surface change.
    lo, hi = np.percentile(diff[valid], [90.0, 99.5])
    strength = np.clip((diff - lo) / max(float(hi - lo), 1.0), 0, 1)[..., None]
    base = colour * 0.35
    highlight = np.array([255.0, 110.0, 30.0], dtype=np.float32)
    rgb = np.clip(base * (1 - strength) + highlight * strength, 0, 255).astype(np.uint8)
    _write_jpeg(rgb, out_path)
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


def cached(kind: str, grey_path: Path, colour_path: Path, cache_dir: Path,
           size: tuple[int, int] | None = None) -> Path:
    """The built map of `kind` ('junocam' or 'difference'), rebuilt only when an input (or
    BUILD_VERSION) changes."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir / f"io_{kind}.jpg"
    stamp = cache_dir / f"io_{kind}.json"
    key = _fingerprint(grey_path, colour_path) + (f"{size}" if size else "")
    if out.is_file() and stamp.is_file():
        try:
            if json.loads(stamp.read_text()).get("key") == key:
                return out
        except (json.JSONDecodeError, OSError):
            pass
    builder = build_io_junocam_map if kind == "junocam" else junocam_difference_map
    builder(grey_path, colour_path, out, size)
    stamp.write_text(json.dumps({"key": key, "inputs": [str(grey_path), str(colour_path)]}))
    return out
