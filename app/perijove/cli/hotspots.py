"""`perijove hotspots`: Io's volcanic hot spots with their positions, powers and sources."""

from __future__ import annotations

import argparse

from perijove.cli.common import UserError, write_rows


def add_parser(sub) -> None:  # noqa: ANN001
    h = sub.add_parser("hotspots", help="list Io's volcanic hot spots with their sources")
    h.add_argument("--format", choices=("csv", "json"), default="csv")
    h.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from perijove.catalogs.hotspots import hotspot_rows, load_hotspots

    loaded = load_hotspots()
    if loaded.warning:
        raise UserError(loaded.warning)
    write_rows(hotspot_rows(), args.format)
    return 0
