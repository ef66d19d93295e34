"""`perijove juno-model`: rebuild Juno's embedded model, or measure it against a kernel."""

from __future__ import annotations

import argparse

from perijove.cli.common import UserError


def add_parser(sub) -> None:  # noqa: ANN001
    j = sub.add_parser("juno-model", help="rebuild Juno's embedded model, or measure it")
    j.add_argument("action", choices=("build", "accuracy"))
    j.add_argument("--flyby", default="PJ45-Europa", help="flyby to measure (accuracy)")
    j.add_argument("--kernel", action="append", default=[], metavar="PATH",
                   help="Juno SPK covering the flyby (accuracy)")
    j.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from perijove.core.provenance import SourceKind
    from perijove.ephem.juno_model import build_model_file
    from perijove.ephem.system import SystemEphemeris
    from perijove.flybys.catalog import find

    if args.action == "build":
        build_model_file()
        print("wrote assets/juno_model.json")
        return 0
    if not args.kernel:
        raise UserError("accuracy needs --kernel PATH: a Juno SPK covering the flyby")
    flyby = find(args.flyby)
    real = SystemEphemeris(args.kernel)
    if real.source("juno", flyby.ca_tdb_s).kind is not SourceKind.KERNEL:
        raise UserError(f"no kernel given covers Juno at {flyby.id}'s closest approach")
    model = SystemEphemeris()
    print(f"Juno model vs {real.source('juno', flyby.ca_tdb_s)}, {flyby.id}, Jupiter-centred")
    print(f"{'t - CA':>8}  {'error km':>10}")
    for hours in (-24, -12, -6, -3, -1, -0.25, 0, 0.25, 1, 3, 6, 12, 24):
        t = np.array([flyby.ca_tdb_s + hours * 3600.0])
        err = np.linalg.norm(model.state_km("juno", "jupiter", t)[0]
                             - real.state_km("juno", "jupiter", t)[0])
        print(f"{hours:>+7g}h  {err:>10,.0f}")
    return 0
