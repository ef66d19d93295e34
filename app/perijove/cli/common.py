"""What the subcommands share: the one-line error, kernel and projection options, parsing."""

from __future__ import annotations

import argparse
import math
import sys

# The default output size of an export for each projection (WxH): HD, a 2K dome master,
# a 4K 360 frame.
DEFAULT_SIZES = {"perspective": "1920x1080", "fisheye": "2048x2048", "equirect": "4096x2048"}


class UserError(Exception):
    """Anything the user can fix: printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as argparse does, no usage dump
        raise UserError(message)


def add_kernel_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kernel", action="append", default=[], metavar="PATH",
                   help="a SPICE SPK kernel to use (repeatable); it wins where it covers")
    p.add_argument("--trajectory", action="append", default=[], metavar="PATH",
                   help="Juno's trajectory as a JPL Horizons vector table or a CSV "
                        "(time,x,y,z[,vx,vy,vz], km from Jupiter, ICRF)")


def add_view_options(p: argparse.ArgumentParser) -> None:
    """Projection, field of view, tilt and hidden layers (screenshot and export)."""
    p.add_argument("--projection", default="perspective",
                   help="perspective, fisheye (a dome master) or equirect (360 x 180)")
    p.add_argument("--fov", type=float, metavar="DEG",
                   help="perspective field of view (default 35) or fisheye aperture "
                        "(default 180)")
    p.add_argument("--tilt", type=float, metavar="DEG",
                   help="fisheye: turn the dome's zenith this far from the view axis "
                        "(0-90; the view axis then appears this far toward the front)")
    p.add_argument("--hide", default="", metavar="LAYER,...",
                   help="layers to leave out: orbits, labels, trail, ring, shadows, markers, "
                        "spacecraft, stars, milky_way")
    p.add_argument("--exposure", default="auto", metavar="auto|EV",
                   help="'auto' (meters what is in view; night sides lit by Jupiter get a "
                        "longer exposure, said on the frame) or stops, -10 to 10 (also sets "
                        "how many stars show)")
    p.add_argument("--features", action="store_true",
                   help="name the moons' surface features (IAU Gazetteer) and mark Io's "
                        "volcanic hot spots")
    p.add_argument("--infrared", action="store_true",
                   help="show Io in infrared: a dark, cool surface with its hot spots glowing "
                        "by radiant power, and a legend")
    p.add_argument("--no-stars", action="store_true",
                   help="a black sky: no stars and no Milky Way")
    p.add_argument("--limiting-mag", type=float, metavar="V",
                   help="the faintest star drawn, V magnitude 0-12 (default 6.5)")
    p.add_argument("--milky-way", type=float, metavar="GAIN",
                   help="Milky Way brightness, 0 (off) to 10 (default 1: subtle)")
    p.add_argument("--star-names", action="store_true",
                   help="label the brightest stars with their IAU names")
    p.add_argument("--face-size", type=int, metavar="PX",
                   help="cube-face size for fisheye and equirect frames (default: the "
                        "frame's own detail)")


def projection_from(args: argparse.Namespace):  # noqa: ANN201 - Projection
    from perijove.scene.projection import ProjectionError, parse_projection

    try:
        return parse_projection(args.projection, args.fov, args.tilt)
    except ProjectionError as exc:
        raise UserError(str(exc)) from None


def options_from(args: argparse.Namespace):  # noqa: ANN201 - ViewOptions
    """The view options from --hide, --exposure, the sky options and --features/--infrared;
    one line, exit 2, for a bad value."""
    from perijove.catalogs.star_brightness import check_limiting_magnitude
    from perijove.scene.exposure import check_exposure_ev
    from perijove.scene.options import MILKY_WAY_BRIGHTNESS_RANGE, ViewOptions

    sky: dict[str, bool | float] = {}
    if getattr(args, "no_stars", False):
        sky.update(stars=False, milky_way=False)
    if getattr(args, "star_names", False):
        sky["star_names"] = True
    if (limiting_mag := getattr(args, "limiting_mag", None)) is not None:
        try:
            sky["limiting_mag"] = check_limiting_magnitude(limiting_mag)
        except ValueError as exc:
            raise UserError(f"--limiting-mag: {exc}") from None
    if (milky_way := getattr(args, "milky_way", None)) is not None:
        lo, hi = MILKY_WAY_BRIGHTNESS_RANGE
        if not (math.isfinite(milky_way) and lo <= milky_way <= hi):
            raise UserError(f"--milky-way {milky_way:g} is out of range; use a value from "
                            f"{lo:g} (off) to {hi:g} (1 is the default)")
        sky["milky_way_brightness"] = milky_way
    try:
        options = ViewOptions().hiding(getattr(args, "hide", None)).with_(**sky)
        text = str(getattr(args, "exposure", "auto")).strip().lower()
        if text != "auto":
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"--exposure '{args.exposure}' is neither 'auto' nor a number "
                                 "of stops") from None
            options = options.with_(exposure_ev=check_exposure_ev(value))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    features, infrared = getattr(args, "features", False), getattr(args, "infrared", False)
    if features or infrared:
        from perijove.render.layers.features import feature_warnings
        from perijove.render.layers.hotspots import hotspot_rows

        # A broken table: one line each, its layer stays off, the frame is still made.
        for warning in (feature_warnings() if features else ()) + (hotspot_rows()[1],):
            if warning:
                print(f"perijove: warning: {warning}", file=sys.stderr)
    return options.with_(features=features, hotspots=features, infrared=infrared)


def parse_look(text: str) -> tuple[float, float]:
    """'RA,DEC' in degrees (ICRF), RA 0-360, Dec -90..90."""
    try:
        ra_text, dec_text = text.split(",")
        ra, dec = float(ra_text), float(dec_text)
    except ValueError:
        raise UserError(f"--look '{text}' is not RA,DEC in degrees, e.g. 101.29,-16.72") \
            from None
    if not (math.isfinite(ra) and 0.0 <= ra <= 360.0):
        raise UserError(f"--look right ascension {ra:g} is outside 0-360 degrees")
    if not (math.isfinite(dec) and -90.0 <= dec <= 90.0):
        raise UserError(f"--look declination {dec:g} is outside -90..90 degrees")
    return ra, dec


def session_from(args: argparse.Namespace, t_tdb_s: float | None = None):  # noqa: ANN201
    from perijove.session import Session

    return Session(args.kernel, args.trajectory, t_tdb_s)


def write_rows(rows: list[dict], fmt: str) -> None:
    """Rows (dicts with the same keys) to stdout as CSV (a header, empty cells for None) or as
    a JSON list."""
    import csv
    import json

    if fmt == "json":
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
