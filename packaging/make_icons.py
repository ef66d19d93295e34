"""Make Perijove's application icons: Jupiter as Perijove itself renders it, cut out of space.

Renders one frame with `perijove screenshot --focus jupiter` (offscreen), keeps the globe's
silhouette (everything brighter than the empty background, less the one-pixel orbit lines
and the label), and writes it with a transparent background at the freedesktop icon sizes:

    python packaging/make_icons.py            # writes packaging/icons/NxN/<app id>.png

Run it with the Python that has Perijove installed (the repository's .venv). Each file is
written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

APP_ID = "io.github.perijove.Perijove"
SIZES_PX = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS_DIR = Path(__file__).resolve().parent / "icons"

# The view: 300,000 km from Jupiter's centre, the globe fills about three quarters of a
# 30-degree frame; at this time the Great Red Spot of the map faces the camera.
RENDER_TIME_UTC = "2023-12-30T10:30:00Z"
RENDER_DISTANCE_KM = 300_000
RENDER_SIZE_PX = 1024

# The empty background renders as RGB (1, 1, 1); Jupiter's night side, lit only by the faint
# ambient term, stays above RGB sum 12 (measured on this render), so a sum above 6 is the globe.
BACKGROUND_MAX_RGB_SUM = 6
MARGIN_FRACTION = 0.04  # transparent border around the globe, of the icon's side


def render_jupiter(out_png: Path) -> None:
    env = dict(os.environ)
    env.pop("DISPLAY", None)  # offscreen (EGL): the same pixels with or without a display
    env.pop("WAYLAND_DISPLAY", None)
    subprocess.run(
        [sys.executable, "-m", "perijove", "screenshot", "--focus", "jupiter",
         "--time", RENDER_TIME_UTC, "--distance", str(RENDER_DISTANCE_KM),
         "--size", f"{RENDER_SIZE_PX}x{RENDER_SIZE_PX}", "--out", str(out_png)],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )


def globe_mask(rgb: np.ndarray) -> np.ndarray:
    """The globe's silhouette: the largest bright region once thin lines are opened away."""
    bright = rgb.astype(np.int32).sum(axis=2) > BACKGROUND_MAX_RGB_SUM
    opened = ndimage.binary_opening(bright, structure=np.ones((5, 5), bool))
    labels, count = ndimage.label(opened)
    if count == 0:
        raise SystemExit("make_icons: the render shows no globe; check `perijove screenshot`")
    sizes = ndimage.sum(opened, labels, index=np.arange(1, count + 1))
    globe = ndimage.binary_fill_holes(labels == 1 + int(np.argmax(sizes)))
    # The opening grows back the stubs where orbit lines meet the limb; a 3-pixel erosion
    # trims them (and 3 px of limb, 0.4% of the globe's radius).
    return ndimage.binary_erosion(globe, structure=np.ones((3, 3), bool), iterations=3)


def cut_out(render: Image.Image) -> Image.Image:
    """A square RGBA image of the globe on a transparent background."""
    rgb = np.asarray(render.convert("RGB"))
    mask = globe_mask(rgb)
    rows, cols = np.nonzero(mask)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    side = int(max(bottom - top, right - left) / (1 - 2 * MARGIN_FRACTION))
    rgba = np.dstack([rgb, np.where(mask, 255, 0).astype(np.uint8)])
    globe = Image.fromarray(rgba[top:bottom, left:right], "RGBA")
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(globe, ((side - (right - left)) // 2, (side - (bottom - top)) // 2))
    return square


def write_png(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    image.save(tmp, format="PNG", optimize=True)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ICONS_DIR, help="icons folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        render_png = Path(tmp) / "jupiter.png"
        render_jupiter(render_png)
        square = cut_out(Image.open(render_png))
    for size in SIZES_PX:
        # Premultiplied resampling, so the transparent black around the globe does not
        # darken its limb in the small sizes.
        icon = square.convert("RGBa").resize((size, size), Image.Resampling.LANCZOS)
        write_png(icon.convert("RGBA"), args.out / f"{size}x{size}" / f"{APP_ID}.png")
    print(f"wrote {len(SIZES_PX)} icons to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
