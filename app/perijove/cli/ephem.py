"""`perijove ephem`: positions and velocities of a body from a centre, as CSV or JSON."""

from __future__ import annotations

import argparse
import json
import math

from perijove.cli.common import UserError, add_kernel_options


def add_parser(sub) -> None:  # noqa: ANN001
    e = sub.add_parser("ephem", help="print positions and velocities")
    e.add_argument("body")
    e.add_argument("--center", required=True)
    e.add_argument("--at", metavar="T")
    e.add_argument("--from", dest="t_from", metavar="T0")
    e.add_argument("--to", dest="t_to", metavar="T1")
    e.add_argument("--step", type=float, metavar="SECONDS")
    e.add_argument("--format", choices=("csv", "json"), default="csv")
    add_kernel_options(e)
    e.set_defaults(handler=run)


def _ephemeris(args: argparse.Namespace):  # noqa: ANN202
    from perijove.data import installed_kernel_paths
    from perijove.ephem.system import SystemEphemeris

    return SystemEphemeris(args.kernel, args.trajectory, installed_kernel_paths())


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from perijove.core.timescale import format_utc_many, parse_utc
    from perijove.ephem.system import BODY_NAMES

    eph = _ephemeris(args)
    for what, name in (("body", args.body), ("--center", args.center)):
        if name.lower() not in BODY_NAMES:
            raise UserError(f"unknown {what} '{name}'; choose one of: {', '.join(BODY_NAMES)}")
    body, center = args.body.lower(), args.center.lower()
    if "juno" in (body, center) and args.kernel and not eph.has_juno_kernel():
        names = ", ".join(k.name for k in eph.kernels)
        raise UserError(f"no kernel given holds Juno (NAIF -61): {names}; give Juno's SPK "
                        "(e.g. juno_rec_orbit.bsp) or drop --kernel to use the model")
    if args.at is not None:
        if args.t_from or args.t_to or args.step is not None:
            raise UserError("give either --at T or --from T0 --to T1 --step SECONDS, not both")
        times = np.array([parse_utc(args.at)])
    else:
        if not (args.t_from and args.t_to and args.step is not None):
            raise UserError("give --at T, or all of --from T0 --to T1 --step SECONDS")
        t0, t1 = parse_utc(args.t_from), parse_utc(args.t_to)
        if not (args.step > 0 and math.isfinite(args.step)):
            raise UserError(f"--step {args.step:g} must be a positive number of seconds")
        if t1 < t0:
            raise UserError("--to is before --from; swap them")
        count = int(np.floor((t1 - t0) / args.step + 1e-9)) + 1
        if count > 1_000_000:
            raise UserError(
                f"that asks for {count:,} rows; use a larger --step (at most 1,000,000)")
        times = t0 + np.arange(count) * args.step
    for name in (body, center):
        eph.require_coverage(name, times)
    # The source can change inside a range (a kernel's coverage ends): each row is computed
    # from, and labelled with, the source that covers its time.
    sources = [str(eph.source(body, float(t))) for t in times]
    keys = [(b, str(eph.source(center, float(t)))) for b, t in zip(sources, times, strict=True)]
    pos = np.empty((times.size, 3))
    vel = np.empty((times.size, 3))
    for key in dict.fromkeys(keys):
        rows = np.array([k == key for k in keys])
        pos[rows], vel[rows] = eph.state_km(body, center, times[rows])
    rng = np.linalg.norm(pos, axis=1)
    utc = format_utc_many(times, places=3)
    source = sources[0] if len(set(sources)) == 1 else "mixed: see each state"
    if args.format == "json":
        rows = [
            {"utc": u, "x_km": p[0], "y_km": p[1], "z_km": p[2], "vx_km_s": v[0],
             "vy_km_s": v[1], "vz_km_s": v[2], "range_km": r, "source": src}
            for u, p, v, r, src in zip(utc, pos.tolist(), vel.tolist(), rng.tolist(), sources,
                                       strict=True)
        ]
        print(json.dumps({"body": body, "center": center, "frame": "ICRF/J2000",
                          "source": source, "states": rows}, indent=1))
    else:
        print("utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,range_km,source")
        for u, p, v, r, src in zip(utc, pos, vel, rng, sources, strict=True):
            field = f'"{src}"' if "," in src else src  # CSV quoting (RFC 4180)
            print(f"{u},{p[0]:.3f},{p[1]:.3f},{p[2]:.3f},{v[0]:.6f},{v[1]:.6f},{v[2]:.6f},"
                  f"{r:.3f},{field}")
    return 0
