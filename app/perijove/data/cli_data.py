"""`perijove data ...`: status, fetch, verify, path, remove, add.

User mistakes raise :class:`perijove.data.DataError` (the `perijove` command prints them
as one line and exits with code 2). Ctrl-C during a fetch stops cleanly (exit 130) and
keeps the partial file so the next fetch resumes. ``perijove data --help`` states where
data lives and the mirror contract (:func:`data_help_epilog`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from perijove.data import cache, registry
from perijove.data.download import Progress, fetch
from perijove.data.errors import DataError
from perijove.data.manifest import find_item, items
from perijove.data.status import in_use, item_statuses
from perijove.data.validate import sha256_of, validate_file


def data_help_epilog() -> str:
    """The `perijove data --help` epilog: the data folder, and the mirror contract with the
    upstream file name of every item (from the manifest, so it cannot go stale)."""
    names = "\n".join(f"  {i.name:13} {cache.url_file_name(i.url)}" for i in items())
    return f"""\
where data lives:
  {cache.ENV_DIR}      the data folder (default: the per-user data folder;
                         'perijove data path' prints it)
  {cache.ENV_MIRROR}   fetch from a mirror instead of the original sites: the
                         http://, https:// or file:// URL of ONE FLAT FOLDER that
                         holds each file under its upstream file name (below).
                         Checksums and content checks still apply. Example:
                           {cache.ENV_MIRROR}=file:///media/usb/perijove-mirror/

upstream file names (what a mirror folder holds):
{names}
"""


# Passed to download.fetch; tests shorten the back-off here.
FETCH_OPTIONS: dict[str, Any] = {}
EXIT_INTERRUPTED = 130


def add_data_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `data` and its actions on the `perijove` subcommand parser."""
    d = sub.add_parser("data", help="mission data: status, fetch, verify, path, remove, add",
                       description="Real mission data on demand. Nothing is downloaded "
                                   "unless you ask with 'fetch'.",
                       epilog=data_help_epilog(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = d.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    actions.add_parser("status", help="what is installed, and what the app uses now")
    f = actions.add_parser("fetch", help="download items (resumable; Ctrl-C stops)")
    f.add_argument("names", nargs="*", metavar="NAME", help="item names (see 'data status')")
    f.add_argument("--all", action="store_true", help="every item not yet installed")
    actions.add_parser("verify", help="check every installed file (checksum or content)")
    actions.add_parser("path", help="print the data folder")
    r = actions.add_parser("remove", help="delete a downloaded item or unregister an added file")
    r.add_argument("name")
    a = actions.add_parser("add", help="register local files (kernels, .tm meta-kernels, maps, "
                                       ".glb)")
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--body", help="the globe a map is for (else taken from its file name)")
    return d


def cmd_data(args: argparse.Namespace) -> int:
    """Run one `perijove data` action; DataError for user mistakes."""
    handler = {"status": _status, "fetch": _fetch, "verify": _verify, "path": _path,
               "remove": _remove, "add": _add}.get(getattr(args, "data_command", None))
    if handler is None:
        raise DataError("give an action: status, fetch, verify, path, remove or add")
    if handler is not _path:
        cache.check_data_dir()
    return handler(args)


def _size(n: int | None) -> str:
    if n is None:
        return "?"
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB" if n >= 1e5 else (
        f"{n / 1e3:.0f} kB")


def _status(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    print(f"data folder: {cache.data_dir()}", file=out)
    rows = item_statuses()
    print(f"{'item':13} {'installed':9} {'size':>9}  {'source':28} replaces", file=out)
    for s in rows:
        print(f"{s.item.name:13} {'yes' if s.installed else 'no':9} {_size(s.size_bytes):>9}  "
              f"{s.source:28} {s.item.replaces}", file=out)
    added = registry.added_entries()
    if added:
        print("\nadded local files:", file=out)
        for e in added:
            print(f"  {e['kind']:5} {e['path']}", file=out)
    print("\nin use now:", file=out)
    for u in in_use():
        print(f"  {u.subject:9} {u.aspect:9} {u.source}", file=out)
    return 0


def _fetch(args: argparse.Namespace) -> int:
    if args.all and args.names:
        raise DataError("give item names or --all, not both")
    if args.all:
        chosen = [i for i in items() if not registry.is_installed(i)]
        if not chosen:
            print("everything is installed already")
            return 0
    elif args.names:
        chosen = [find_item(n) for n in args.names]
    else:
        raise DataError("name what to fetch (see 'perijove data status'), or give --all")
    bar = _ProgressBar(sys.stderr)
    failures = []
    for item in chosen:
        try:
            path = fetch(item, progress=bar.update, **FETCH_OPTIONS)
        except KeyboardInterrupt:
            bar.finish()
            print(f"perijove: fetch of {item.name} stopped; the partial download is kept: "
                  f"run 'perijove data fetch {item.name}' again to resume", file=sys.stderr)
            return EXIT_INTERRUPTED
        except DataError as exc:
            bar.finish()
            if len(chosen) == 1:
                raise
            failures.append(str(exc))
            print(f"perijove: {exc}", file=sys.stderr)
            continue
        bar.finish()
        print(f"installed {item.name}: {path}")
    if failures:
        raise DataError(f"{len(failures)} of {len(chosen)} items failed (see above); "
                        "run fetch again to retry or resume them")
    return 0


class _ProgressBar:
    """Download progress on stderr: a tqdm bar on a terminal; quiet otherwise, with one
    summary line per item when it is done (logs and pipes get no redraw clutter)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.bar = None
        self.last: Progress | None = None

    def update(self, p: Progress) -> None:
        from tqdm import tqdm

        self.last = p
        if not self.tty:
            return
        if self.bar is None or self.bar.desc != p.name:
            self.finish()
            total = int(p.done / p.fraction) if p.fraction else None
            self.bar = tqdm(total=total, desc=p.name, unit="B", unit_scale=True,
                            unit_divisor=1024, file=self.stream, leave=True)
        self.bar.update(p.done - self.bar.n)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.last is not None and not self.tty:
            p = self.last
            pct = f"{100 * p.fraction:.0f}%" if p.fraction is not None else "?%"
            self.stream.write(f"{p.name}: {pct} of {_size(p.done)} at "
                              f"{p.speed_bps / 1e6:.2f} MB/s\n")
        self.last = None


def _verify(args: argparse.Namespace) -> int:
    checked = bad = 0
    for item in items():
        if not registry.is_installed(item):
            continue
        path = cache.item_path(item)
        checked += 1
        try:
            if item.sha256 is not None and sha256_of(path) != item.sha256:
                raise DataError("checksum mismatch: remove it and fetch it again")
            validate_file(path, item.kind, item)
            print(f"ok      {item.name:13} {path}")
        except DataError as exc:
            bad += 1
            print(f"FAILED  {item.name:13} {path}: {exc}")
    for e in registry.load()["added"]:
        checked += 1
        try:
            p = Path(e["path"])
            if not registry.file_exists(p):
                raise DataError("the file is gone: 'perijove data remove' it or add it again")
            if e["kind"] in ("spk", "lsk", "pck", "map", "model"):
                validate_file(p, e["kind"])
            print(f"ok      {'(added)':13} {p}")
        except DataError as exc:
            bad += 1
            print(f"FAILED  {'(added)':13} {e['path']}: {exc}")
    if not checked:
        print("nothing is installed; see 'perijove data status'")
    return 1 if bad else 0


def _path(args: argparse.Namespace) -> int:
    print(cache.data_dir())
    return 0


def _remove(args: argparse.Namespace) -> int:
    print(registry.remove(args.name))
    return 0


def _add(args: argparse.Namespace) -> int:
    for e in registry.add_paths(args.paths, body=args.body):
        extra = f" (from {e['from_metakernel']})" if e.get("from_metakernel") else ""
        print(f"added {e['kind']:5} {e['path']}{extra}")
    return 0
