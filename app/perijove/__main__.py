"""`python -m perijove` runs the same command line as the `perijove` entry point."""

from perijove.cli import main

raise SystemExit(main())
