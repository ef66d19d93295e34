"""`perijove features BODY`: the named surface features of a moon, with their sources."""

from __future__ import annotations

import argparse

from perijove.cli.common import UserError, write_rows


def add_parser(sub) -> None:  # noqa: ANN001
    f = sub.add_parser("features", help="list a moon's named surface features (IAU Gazetteer)")
    f.add_argument("body", metavar="BODY", help="io, europa, ganymede or callisto")
    f.add_argument("--type", dest="feature_type", metavar="TYPE",
                   help="one feature type, by name (patera) or Gazetteer code (PE)")
    f.add_argument("--format", choices=("csv", "json"), default="csv")
    f.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from perijove.catalogs.features import feature_rows, load_features

    try:
        loaded = load_features(args.body)
        if loaded.warning:
            raise UserError(loaded.warning)
        rows = feature_rows(args.body, args.feature_type)
    except ValueError as exc:  # an unknown body or type: one line naming it
        raise UserError(str(exc)) from None
    write_rows(rows, args.format)
    return 0
