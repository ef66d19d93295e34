"""`perijove flybys`: every flyby with its closest approach and where its facts come from."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:  # noqa: ANN001
    f = sub.add_parser("flybys", help="list Juno's moon flybys")
    f.add_argument("--format", choices=("table", "json"), default="table")
    f.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from perijove.ephem.juno_model import load_fits
    from perijove.flybys.catalog import flybys

    fits = load_fits()
    rows = []
    for f in flybys():
        source = "model (fitted arc)" if f.id in fits else (
            "model (perijove orbit; CA not published to the second)")
        rows.append({"id": f.id, "moon": f.moon, "ca_utc": f.ca_utc,
                     "ca_time_precision_s": f.ca_time_precision_s,
                     "distance_km": f.distance_km, "altitude_km": f.altitude_km,
                     "speed_km_s": f.speed_km_s, "trajectory_source": source,
                     "fact_source": f.source})
    if args.format == "json":
        print(json.dumps(rows, indent=1))
        return 0

    def num(v: float | None, fmt: str) -> str:
        return "unknown" if v is None else format(v, fmt)

    print(f"{'id':15} {'moon':9} {'closest approach (UTC)':22} {'distance km':>12} "
          f"{'altitude km':>12} {'speed km/s':>10}  trajectory")
    for r in rows:
        when = r["ca_utc"] if r["ca_time_precision_s"] <= 10 else r["ca_utc"][:10] + " (date)"
        print(f"{r['id']:15} {r['moon']:9} {when:22} {num(r['distance_km'], ',.0f'):>12} "
              f"{num(r['altitude_km'], ',.0f'):>12} {num(r['speed_km_s'], '.1f'):>10}  "
              f"{r['trajectory_source']}")
    return 0
