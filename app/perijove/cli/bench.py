"""`perijove bench`: scrubbing, dome and export speed against floors measured in the same run."""

from __future__ import annotations

import argparse

from perijove.cli.common import UserError


def add_parser(sub) -> None:  # noqa: ANN001
    b = sub.add_parser("bench", help="measure speed against the bare VTK floor")
    b.add_argument("--json", action="store_true", help="end with one JSON line")
    b.add_argument("--steps", type=int, default=60)
    b.add_argument("--export", action="store_true",
                   help="also measure video export at 1920x1080 (about a minute)")
    b.add_argument("--dome", action="store_true",
                   help="also measure a 2048x2048 180-degree fisheye frame")
    b.add_argument("--cluster", metavar="local:N",
                   help="with --export: compare local worker processes with a Dask cluster of "
                        "N workers on this machine")
    b.add_argument("--show", action="store_true",
                   help="also measure presentation mode against the window (perspective "
                        "1280x720 and a 1024x1024 dome) and chapter switches")
    b.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from perijove.bench import print_result, run_bench
    from perijove.cli import PROCESS_START_S
    from perijove.render.vtk_setup import prefer_headless_window

    if args.steps < 50:
        raise UserError(f"--steps {args.steps} must be at least 50 for a meaningful p95")
    if args.cluster and not args.export:
        raise UserError("--cluster goes with --export")
    prefer_headless_window()
    result = run_bench(PROCESS_START_S, steps=args.steps)
    if args.dome:
        from perijove.bench import run_dome_bench

        result.update(run_dome_bench())
    if args.export:
        from perijove.bench import run_cluster_bench, run_export_bench

        if args.cluster:
            try:
                result.update(run_cluster_bench(args.cluster))
            except ValueError as exc:
                raise UserError(str(exc)) from None
        else:
            result.update(run_export_bench())
    if args.show:
        from perijove.bench import run_show_bench

        result.update(run_show_bench())
    print_result(result, args.json)
    return 0
