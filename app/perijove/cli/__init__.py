"""The `perijove` command: opens the window, or runs one of its subcommands (one module
each). Mistakes a user can make end with one line on stderr and exit code 2, never a
traceback."""

from __future__ import annotations

import os
import sys
import time

PROCESS_START_S = time.perf_counter()
EXIT_USAGE = 2


def build_parser():  # noqa: ANN201 - argparse.ArgumentParser
    from perijove import __version__
    from perijove.cli import (
        bench,
        ephem,
        export,
        features,
        flybys,
        gui,
        hotspots,
        juno_model,
        screenshot,
        show,
        soak,
    )
    from perijove.cli.common import Parser, add_kernel_options
    from perijove.data.cli_data import add_data_parser, cmd_data

    parser = Parser(prog="perijove", description="The Jovian system and Juno's flybys in 3D.")
    parser.add_argument("--version", action="version", version=f"perijove {__version__}")
    add_kernel_options(parser)
    parser.add_argument("--time", metavar="T", help="open at this UTC time (ISO 8601)")
    parser.add_argument("--flyby", metavar="ID", help="open on this flyby, e.g. PJ57-Io")
    parser.set_defaults(handler=gui.run)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for module in (ephem, screenshot, flybys, features, hotspots, export, juno_model, bench,
                   show, soak):
        module.add_parser(sub)
    add_data_parser(sub)
    sub.choices["data"].set_defaults(handler=cmd_data)
    return parser


def _option_strings(parser) -> set[str]:  # noqa: ANN001 - argparse.ArgumentParser
    out = set(parser._option_string_actions)
    for action in parser._actions:
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):  # subcommands
            for sub in choices.values():
                out |= _option_strings(sub)
    return out


def attach_dash_values(parser, argv: list[str]) -> list[str]:  # noqa: ANN001
    """`--size -100x100` as `--size=-100x100`: argparse would take a value that starts with a
    dash for an unknown option and say "expected one argument" without naming it; this way the
    value reaches its check, whose message names it."""
    known = _option_strings(parser)
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        following = argv[i + 1] if i + 1 < len(argv) else None
        if (token.startswith("--") and "=" not in token and token in known and following
                and following.startswith("-") and following not in known
                and following.split("=")[0] not in known):
            out.append(f"{token}={following}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _user_errors() -> tuple[type[Exception], ...]:
    """The exceptions that carry a user's mistake as one sentence. Imported only when an
    exception is being handled: some live beside VTK, and `perijove --version` or
    `perijove flybys` should not wait for it."""
    from perijove.cli.common import UserError
    from perijove.core.timescale import TimeFormatError
    from perijove.data import DataError
    from perijove.ephem import EphemerisError
    from perijove.export.screenshot import ScreenshotError
    from perijove.export.settings import ExportError
    from perijove.flybys.catalog import FlybyError
    from perijove.scene.camera_modes import CameraModeError
    from perijove.scene.projection import ProjectionError
    from perijove.show.scene_file import SceneFileError

    return (UserError, TimeFormatError, EphemerisError, ScreenshotError, FlybyError,
            ExportError, SceneFileError, DataError, ProjectionError, CameraModeError)


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(attach_dash_values(parser, sys.argv[1:] if argv is None
                                                    else list(argv)))
        return args.handler(args)
    except SystemExit:  # --help, --version and argparse's own usage errors
        raise
    except KeyboardInterrupt:
        print("perijove: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `perijove flybys | head`): nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except _user_errors() as exc:  # evaluated only while an exception is handled
        print(f"perijove: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyError as exc:  # unknown names raised by lookups carry a sentence
        print(f"perijove: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_USAGE
