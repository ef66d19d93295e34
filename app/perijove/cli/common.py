"""What the subcommands share: the one-line error, kernel and projection options, parsing."""

from __future__ import annotations

import argparse
import math


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
    p.add_argument("--no-stars", action="store_true",
                   help="a black sky: no stars and no Milky Way")
    p.add_argument("--limiting-mag", type=float, metavar="V",
                   help="the faintest star drawn, V magnitude 0-12 (default 6.5)")
    p.add_argument("--exposure", type=float, metavar="EV",
                   help="star brightness in stops, -10 to +10 (default 0)")
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
    """The view options from --hide and the sky options; one line, exit 2, for a bad value."""
    from perijove.catalogs.star_brightness import check_exposure_ev, check_limiting_magnitude
    from perijove.scene.options import MILKY_WAY_BRIGHTNESS_RANGE, ViewOptions

    sky: dict[str, bool | float] = {}
    if args.no_stars:
        sky.update(stars=False, milky_way=False)
    if args.star_names:
        sky["star_names"] = True
    for flag, key, value, check in (("--limiting-mag", "limiting_mag", args.limiting_mag,
                                     check_limiting_magnitude),
                                    ("--exposure", "exposure_ev", args.exposure,
                                     check_exposure_ev)):
        if value is not None:
            try:
                sky[key] = check(value)
            except ValueError as exc:
                raise UserError(f"{flag}: {exc}") from None
    if args.milky_way is not None:
        lo, hi = MILKY_WAY_BRIGHTNESS_RANGE
        if not (math.isfinite(args.milky_way) and lo <= args.milky_way <= hi):
            raise UserError(f"--milky-way {args.milky_way:g} is out of range; use a value from "
                            f"{lo:g} (off) to {hi:g} (1 is the default)")
        sky["milky_way_brightness"] = args.milky_way
    try:
        return ViewOptions().hiding(args.hide).with_(**sky)
    except ValueError as exc:
        raise UserError(str(exc)) from None


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
