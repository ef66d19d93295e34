"""The frozen app's entry point: the `perijove` command, as the wheel's console script runs it.

Two things differ in a frozen app, and both are handled here rather than in the package:
worker processes for exports are started with multiprocessing's "spawn", which re-runs this
program (freeze_support() turns such a run into the worker), and the window starts background
exports as `sys.executable -m perijove export ...`, where sys.executable is this program.
"""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if argv[:2] == ["-m", "perijove"]:
        argv = argv[2:]
    from perijove.cli import main as perijove_main

    return perijove_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
