"""Is this file what it claims to be? Checksums, and content checks for unpinned files.

Content checks (NAIF publishes no checksums for kernels it updates in place):
- SPK: its DAF structure is checked in pure Python
  (:func:`perijove.ephem.spice_kernels.read_spk_segments`, after NAIF's DAF Required
  Reading), so a damaged file never reaches CSPICE in this process, where it could abort it;
  the bodies and coverage it claims are checked against the manifest; then a child process
  reads and evaluates every segment with CSPICE
  (:func:`perijove.ephem.spice_kernels.probe_spk_in_child`). Nothing is loaded into this
  process's SPICE pool.
- LSK/PCK text kernels: the first line is ``KPL/LSK`` / ``KPL/PCK`` (NAIF "Kernel Required
  Reading", file identification word), a ``\\begindata`` section exists and its
  parentheses balance (a truncated kernel usually breaks that).
- Meta-kernels (``KPL/MK`` or ``.tm``): ``KERNELS_TO_LOAD`` resolved with ``PATH_SYMBOLS`` /
  ``PATH_VALUES`` and ``+`` continuation, as NAIF's furnsh documentation describes; relative
  paths are taken from the meta-kernel's folder.
- Maps: Pillow opens them and they are twice as wide as tall (simple cylindrical), then the
  whole image is decoded (a truncated file is refused): a JPEG at 1/8 scale (libjpeg's DCT
  scaling still reads every coded block, with 1/64 of the memory), other formats in full up
  to :data:`MAX_FULL_DECODE_PIXELS`.
- glTF binary: the 12-byte header starts with ``glTF`` and its length field equals the file
  size (Khronos glTF 2.0 specification, "GLB File Format Specification").
"""

from __future__ import annotations

import hashlib
import math
import re
import struct
import warnings
from pathlib import Path
from typing import Any

from perijove.data.errors import DataError, os_reason, shown_path
from perijove.data.manifest import LSK, MAP, MODEL, PCK, SPK, Item

META = "mk"
KIND_BY_SUFFIX = {".bsp": SPK, ".tls": LSK, ".tpc": PCK, ".tm": META, ".jpg": MAP,
                  ".jpeg": MAP, ".png": MAP, ".tif": MAP, ".tiff": MAP, ".glb": MODEL}


# Maps in formats that cannot be decoded at reduced scale are decoded in full up to this many
# pixels (8192 x 4096, about 100 MB as RGB); larger ones must be JPEG.
MAX_FULL_DECODE_PIXELS = 8192 * 4096


def _unreadable(path: Path, exc: OSError) -> DataError:
    return DataError(f"'{shown_path(path)}' cannot be read ({os_reason(exc)}); check the path "
                     "and its permissions")


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(chunk):
                h.update(block)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return h.hexdigest()


def guess_kind(path: Path) -> str:
    """The kind of a local file, from its first bytes, else its suffix."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if head.startswith(b"DAF/SPK"):
        return SPK
    if head.startswith(b"KPL/LSK"):
        return LSK
    if head.startswith(b"KPL/PCK"):
        return PCK
    if head.startswith(b"KPL/MK"):
        return META
    if head.startswith(b"glTF"):
        return MODEL
    kind = KIND_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise DataError(f"'{shown_path(path.name)}' is not a kernel (.bsp, .tls, .tpc, .tm), a "
                        "map image or a .glb model that Perijove can use")
    return kind


def validate_file(path: Path, kind: str, item: Item | None = None,
                  label: str | None = None) -> dict[str, Any]:
    """Check `path` as a file of `kind`; DataError (one line) if it is not. Returns facts."""
    label = label or shown_path(path.name)
    if kind == SPK:
        return _validate_spk(path, item, label)
    if kind in (LSK, PCK):
        return _validate_text_kernel(path, kind, label)
    if kind == MAP:
        return _validate_map(path, label)
    if kind == MODEL:
        return _validate_glb(path, label)
    if kind == META:
        return {"kernels": [str(p) for p in metakernel_paths(path)]}
    raise DataError(f"'{label}': unknown kind '{kind}'")


def _validate_spk(path: Path, item: Item | None, label: str) -> dict[str, Any]:
    from perijove.ephem.spice_kernels import (
        KernelFileError,
        coverage_from_segments,
        probe_spk_in_child,
        read_spk_segments,
    )

    try:
        coverage = coverage_from_segments(read_spk_segments(path))
    except KernelFileError as exc:
        raise DataError(f"'{label}' is not a valid SPICE SPK kernel: {exc.reason}; nothing "
                        "was installed") from None
    if not coverage:
        raise DataError(f"'{label}' is an SPK kernel with no segments; nothing was installed")
    if item is not None:
        missing = [i for i in item.expect_bodies if i not in coverage]
        if missing:
            raise DataError(f"'{label}' does not hold the bodies it should (NAIF ids "
                            f"{', '.join(map(str, missing))} missing); nothing was installed")
        for i in item.expect_bodies:
            covered_s = float(sum(stop - start for start, stop in coverage[i]))
            if not math.isfinite(covered_s) or covered_s <= 0:
                raise DataError(f"'{label}' holds body {i} for no time at all (its segments "
                                "have empty time spans); nothing was installed")
        if item.expect_covers_utc:
            from perijove.core.timescale import parse_utc

            t = parse_utc(item.expect_covers_utc)
            for i in item.expect_bodies:
                if not any(start <= t <= stop for start, stop in coverage[i]):
                    raise DataError(f"'{label}' does not cover {item.expect_covers_utc} "
                                    f"for body {i}; nothing was installed")
    try:
        probe_spk_in_child(path)
    except KernelFileError as exc:
        raise DataError(f"'{label}' is not a valid SPICE SPK kernel: {exc.reason}; nothing "
                        "was installed") from None
    bodies = {str(i): [float(w[0, 0]), float(w[-1, 1])] for i, w in coverage.items()}
    return {"bodies": bodies}


def _validate_text_kernel(path: Path, kind: str, label: str) -> dict[str, Any]:
    word = f"KPL/{kind.upper()}"
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise DataError(f"'{label}' cannot be read ({os_reason(exc)})") from None
    if not text.startswith(word):
        raise DataError(f"'{label}' is not a SPICE {kind.upper()} text kernel (its first line "
                        f"is not {word}); nothing was installed")
    data = _data_sections(text)
    if not data.strip():
        raise DataError(f"'{label}' has no \\begindata section; it is incomplete")
    if data.count("(") != data.count(")"):
        raise DataError(f"'{label}' is truncated (unbalanced parentheses in its data); "
                        "download it again")
    return {"kpl": word}


def _data_sections(text: str) -> str:
    out, inside = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("\\begindata"):
            inside = True
        elif s.startswith("\\begintext"):
            inside = False
        elif inside:
            out.append(line)
    return "\n".join(out)


def _validate_map(path: Path, label: str) -> dict[str, Any]:
    from perijove.data.io_map import MapError, check_map

    try:
        width, height = check_map(path)  # one map check for the whole app
    except MapError as exc:
        raise DataError(f"{str(exc).replace(str(path), label)}; nothing was installed") \
            from None
    except OSError as exc:
        raise DataError(f"'{label}' cannot be read ({os_reason(exc)})") from None
    _decode_fully(path, label, width, height)
    return {"width": width, "height": height}


def _decode_fully(path: Path, label: str, width: int, height: int) -> None:
    """Decode every pixel block of a map; DataError if the data ends early or is corrupt.

    Pillow's ``verify()`` and ``size`` read only the header, so a map cut short (or a bare
    header claiming 16384x8192) passes them; decoding is the only check of the data itself.
    """
    from PIL import Image, ImageFile

    def refuse(why: str) -> DataError:
        return DataError(f"map '{label}' {why}; nothing was installed")

    if ImageFile.LOAD_TRUNCATED_IMAGES:  # someone let Pillow pad truncated files: not here
        raise refuse("cannot be checked (Pillow is set to accept truncated images)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.format == "JPEG":
                    im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
                elif width * height > MAX_FULL_DECODE_PIXELS:
                    raise refuse(f"is a {width}x{height} {im.format} image; maps larger than "
                                 "8192x4096 are checked only as JPEG: convert it to JPEG")
                im.load()
    except DataError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(f"claims {width}x{height} pixels, more than Perijove decodes") from None
    except MemoryError:
        raise refuse(f"claims {width}x{height} pixels, more than there is memory to decode") \
            from None
    except (OSError, SyntaxError, ValueError) as exc:
        why = str(exc).split(" (", 1)[0] or exc.__class__.__name__
        raise refuse(f"is truncated or corrupt: its image data cannot be decoded ({why}); "
                     "download it again") from None


def _validate_glb(path: Path, label: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            header = f.read(12)
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(f"'{label}' cannot be read ({os_reason(exc)})") from None
    if len(header) < 12 or not header.startswith(b"glTF"):
        raise DataError(f"'{label}' is not a binary glTF model (it does not start with glTF)")
    version, length = struct.unpack("<II", header[4:12])
    if length != size:
        raise DataError(f"'{label}' is {size} bytes but its header says {length}; "
                        "it is truncated or corrupt")
    return {"gltf_version": version}


_ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(\+?=)\s*(\((?:[^()']|'(?:[^']|'')*')*\)|"
                     r"'(?:[^']|'')*'|[^\s()]+)", re.S)
_STRING = re.compile(r"'((?:[^']|'')*)'")


def metakernel_variables(text: str) -> dict[str, list[str]]:
    """String variables of a text kernel's data sections (assignments and += appends)."""
    out: dict[str, list[str]] = {}
    for name, op, value in _ASSIGN.findall(_data_sections(text)):
        strings = [s.replace("''", "'") for s in _STRING.findall(value)]
        joined: list[str] = []
        for s in strings:  # a value ending in '+' continues in the next string
            if joined and joined[-1].endswith("+"):
                joined[-1] = joined[-1][:-1] + s
            else:
                joined.append(s)
        out[name] = (out.get(name, []) if op == "+=" else []) + joined
    return out


def metakernel_paths(path: Path) -> list[Path]:
    """The files a meta-kernel loads, resolved; DataError if one is missing."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _unreadable(path, exc) from None
    var = metakernel_variables(text)
    kernels = var.get("KERNELS_TO_LOAD", [])
    if not kernels:
        raise DataError(f"meta-kernel '{path.name}' has no KERNELS_TO_LOAD")
    symbols = dict(zip(var.get("PATH_SYMBOLS", []), var.get("PATH_VALUES", []), strict=False))
    resolved = []
    for k in kernels:
        for sym in sorted(symbols, key=len, reverse=True):
            k = k.replace(f"${sym}", symbols[sym])
        p = Path(k).expanduser()
        if not p.is_absolute():
            p = path.parent / p
        try:
            p = p.resolve()
            found = p.is_file()
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop
            why = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise DataError(f"meta-kernel '{shown_path(path.name)}' lists '{shown_path(k)}', "
                            f"which cannot be opened ({why}); fix PATH_VALUES or the file "
                            "name") from None
        if not found:
            raise DataError(f"meta-kernel '{shown_path(path.name)}' lists '{shown_path(k)}', "
                            f"which does not exist (looked for {shown_path(p)}); fix "
                            "PATH_VALUES or the file name")
        resolved.append(p)
    return resolved
